import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

extension EntenteCommand {
    struct BundleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: tr("Carry changes by mail or USB stick.", "Transporter des changements par courriel ou par clé USB."),
            subcommands: [Export.self, Import.self])
    }
}

extension EntenteCommand.BundleCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: tr("Write changes to a bundle file.", "Écrire des changements dans un fichier de lot."),
            discussion: helpText("""
                The file is encrypted and authenticated with the collective secret: only members of this collective can read it, and any change to its bytes is refused on import.

                Examples:
                  entente bundle export all.entente
                  entente bundle export --since bob.vector news.entente   (what Bob lacks)
                Bob says what he has with `entente bundle export --print-vector > bob.vector`.
                """, """
                Le fichier est chiffré et authentifié avec le secret du collectif : seuls les
                membres de ce collectif peuvent le lire, et toute modification de ses octets
                est refusée à l'import.

                Exemples :
                  entente bundle export all.entente
                  entente bundle export --since bob.vector news.entente   (ce qui manque à Bob)
                Bob indique ce qu'il a avec
                `entente bundle export --print-vector > bob.vector`.
                """))
        @Argument(help: ArgumentHelp(tr("The bundle file to write.", "Le fichier de lot à écrire."))) var file: String?
        @Option(help: ArgumentHelp(tr("Only changes the replica this describes lacks (as printed there by `entente bundle export --print-vector`).",
                                      "Seulement les changements qui manquent au réplica ainsi décrit (tel qu'affiché chez lui par `entente bundle export --print-vector`)."), valueName: "vector"))
        var since: String?
        @Flag(help: ArgumentHelp(tr("Print what this replica holds (each author's latest changes) instead of writing a bundle.",
                                    "Afficher ce que contient ce réplica (les derniers changements de chaque auteur) au lieu d'écrire un lot."))) var printVector = false
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            if self.printVector != (self.file == nil) {
                throw ValidationError(self.printVector ? tr("--print-vector writes no bundle: leave out the file name",
                                                          "--print-vector n'écrit pas de paquet : ne donnez pas de nom de fichier")
                                                       : tr("give the bundle file to write, for example `entente bundle export all.entente`",
                                                          "donnez le fichier de paquet à écrire, par exemple `entente bundle export all.entente`"))
            }
        }

        func run() throws {
            let replica = try self.options.open()
            if self.printVector {
                printVerbatim(SummaryText.render(try replica.summary()))
                return
            }
            guard let file = self.file else { return }
            let since = try self.since.map(VectorText.parse) ?? HistorySummary()
            let count = try replica.exportBundle(to: URL(fileURLWithPath: file), since: since)
            print(tr("Wrote \(count) change(s) to \(file).", "\(French.count(count, "changement écrit", "changements écrits")) dans \(file)."))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: tr("Verify and merge the changes of a bundle file.",
                                                                     "Vérifier et fusionner les changements d'un fichier de lot."))
        @Argument(help: ArgumentHelp(tr("The bundle file.", "Le fichier de lot."))) var file: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let outcome = try Merging.importBundle(into: try self.options.open(), from: self.file)
            print(EntenteCommand.MergeCommand.summary(outcome.report))
            if let renewal = outcome.secretRenewal { say(renewal.localized) }
        }
    }
}

/// What a replica holds, as text: `AUTHORHEX:SEQ:CHANGEHEX,…`, one entry per tip
/// (``HistorySummary``), or a path to a file holding that text.
enum VectorText {
    static func parse(_ text: String) throws -> HistorySummary {
        var text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if FileManager.default.fileExists(atPath: text), let data = FileManager.default.contents(atPath: text) {
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        do {
            return try SummaryText.parsing(text)
        } catch let invalid as SummaryText.InvalidEntry {
            let part = invalid.entry
            throw CLIError(tr("'\(part)' is not an entry of what a replica holds; expected AUTHORHEX:SEQ:CHANGEHEX (64 hex digits, a number, 64 hex digits), as `entente bundle export --print-vector` prints them",
                              "« \(part) » n'est pas une entrée de ce que détient un réplica ; attendu AUTEURHEX:NUM:CHANGEMENTHEX (64 chiffres hexadécimaux, un nombre, 64 chiffres hexadécimaux), tels que `entente bundle export --print-vector` les affiche"))
        }
    }
}
