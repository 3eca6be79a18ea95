import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct VisionTextCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vision",
            abstract: tr("Read, edit and trace the collective's shared vision statement, merged edit by edit.",
                         "Lire, modifier et retracer l'énoncé de vision commune du collectif, fusionné modification par modification."),
            discussion: helpText("""
                Several members may rewrite the statement at once, even offline: their edits merge
                character by character and never interleave each other's words.
                Examples:
                  entente vision edit      (opens $EDITOR, then $VISUAL, then vi)
                  entente vision set --file draft.txt
                  entente vision history   (who wrote which part)
                  entente vision keep Bob  (a passage two rewrote at once: keep Bob's words)
                """, """
                Plusieurs membres peuvent réécrire l'énoncé en même temps, même hors ligne :
                leurs modifications fusionnent caractère par caractère sans jamais entremêler
                les mots des uns et des autres.
                Exemples :
                  entente vision edit      (ouvre $EDITOR, sinon $VISUAL, sinon vi)
                  entente vision set --file draft.txt
                  entente vision history   (qui a écrit quelle partie)
                  entente vision keep Bob  (passage réécrit par deux : garder les mots de Bob)
                """),
            subcommands: [Show.self, Edit.self, Set.self, Keep.self, History.self],
            defaultSubcommand: Show.self)
    }
}

extension EntenteCommand.VisionTextCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Print the vision statement.", "Afficher l'énoncé de vision."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let collective = try Workspace(try self.options.open()).collective()
            if self.output.json {
                printVerbatim(try JSONOutput.render(["vision": collective.vision ?? ""]))
            } else {
                print(collective.vision ?? tr("(no vision statement yet: write one with `entente vision edit`)",
                                              "(pas encore d'énoncé de vision : écrivez-en un avec `entente vision edit`)"))
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: tr("Edit the vision statement in your editor; saving records the words you changed (whole words) as one change.",
                         "Modifier l'énoncé de vision dans votre éditeur ; l'enregistrement du fichier note les mots changés (mots entiers) en un seul changement."))
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            let collective = try workspace.collective()
            let current = collective.vision ?? ""
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("entente-vision-\(UUID().uuidString.prefix(8)).txt")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(current.utf8).write(to: file)
            try Editor.open(file)
            guard let data = FileManager.default.contents(atPath: file.path), let edited = String(validating: [UInt8](data), as: UTF8.self) else {
                throw CLIError("the edited file is not UTF-8 text; nothing was changed")
            }
            try VisionWriter.write(edited, in: workspace)
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: tr("Replace the vision statement with a file's content (only the words that differ).",
                         "Remplacer l'énoncé de vision par le contenu d'un fichier (seuls les mots qui diffèrent)."),
            discussion: helpText("Example: entente vision set --file draft.txt   (use --file - for standard input)",
                           "Exemple : entente vision set --file draft.txt   (--file - pour l'entrée standard)"))
        @Option(help: ArgumentHelp(tr("The file with the new statement, or - for standard input.",
                                      "Le fichier du nouvel énoncé, ou - pour l'entrée standard."), valueName: "file")) var file: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let data: Data?
            if self.file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = FileManager.default.contents(atPath: self.file)
            }
            guard let data else { throw CLIError("cannot read \(self.file): no such file, or permission denied") }
            guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
                throw CLIError("\(self.file) is not UTF-8 text; nothing was changed")
            }
            let workspace = try self.options.workspace()
            try VisionWriter.write(text, in: workspace)
        }
    }

    struct Keep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keep",
            abstract: tr("Settle a passage two members rewrote at the same time by keeping one's wording.",
                         "Trancher un passage que deux membres ont réécrit en même temps en gardant la formulation de l'un."),
            discussion: helpText("`entente conflicts` shows each wording. To merge them instead, use `entente vision edit`.\nExample: entente vision keep Bob",
                           "`entente conflicts` montre chaque formulation. Pour les fusionner, utilisez plutôt `entente vision edit`.\nExemple : entente vision keep Bob"))
        @Argument(help: ArgumentHelp(tr("The member whose wording to keep.", "Le membre dont garder la formulation."))) var member: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            print(try self.options.workspace().keepWording(of: self.member).summary.shown)
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: tr("The vision statement annotated by author: who wrote which part.",
                                                                     "L'énoncé de vision annoté par auteur : qui a écrit quelle partie."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Run: Encodable {
            var author: String
            var authorKey: String?
            var text: String
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let collective = try workspace.collective()
            let runs = try workspace.replica.textAuthorship(record: collective.id, field: Collective.Field.vision).map { run in
                Run(author: run.author.map { workspace.directory.name(of: $0) } ?? "?", authorKey: run.author?.hex, text: run.text)
            }
            if self.output.json {
                printVerbatim(try JSONOutput.render(runs))
                return
            }
            guard !runs.isEmpty else {
                print(tr("(no vision statement yet)", "(pas encore d'énoncé de vision)"))
                return
            }
            let terminal = Terminal.standard
            print(runs.map { terminal.bold("[\($0.author)]") + $0.text }.joined())
            var totals: [String: Int] = [:]
            for run in runs { totals[run.author, default: 0] += run.text.unicodeScalars.count }
            print("\n" + totals.sorted { $0.value > $1.value }.map { tr("\($0.key): \($0.value) characters",
                                                                        "\($0.key) : \($0.value) caractères") }
                .joined(separator: ", "))
        }
    }
}

/// Writes a new version of the vision statement as one change of word-aligned text edits.
enum VisionWriter {
    static func write(_ text: String, in workspace: Workspace) throws {
        print(try workspace.writeVision(text).summary.shown)
    }
}

/// Runs the user's editor on a file: `$EDITOR`, then `$VISUAL`, then `vi`.
enum Editor {
    static func open(_ file: URL) throws {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["EDITOR"], environment["VISUAL"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor setting may carry arguments ("code --wait"), so let the shell split it.
        process.arguments = ["-c", "\(editor) \"$1\"", "entente-editor", file.path]
        do {
            try process.run()
        } catch {
            throw CLIError("could not start the editor '\(editor)' (\(error.localizedDescription)); set $EDITOR, or use `entente vision set --file F`")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("the editor '\(editor)' exited with status \(process.terminationStatus); nothing was changed")
        }
    }
}
