import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import Foundation
import Logging

extension EntenteCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: tr("Three freelancers, served over TCP on loopback, edit offline, sync in different orders and converge; the audit is shown.",
                         "Trois indépendants, servis en TCP sur la boucle locale, modifient hors ligne, se synchronisent dans des ordres différents et convergent ; l'audit est affiché."),
            discussion: helpText("Everything happens in a temporary folder, which is removed afterwards unless --keep is given.",
                           "Tout se passe dans un dossier temporaire, supprimé ensuite sauf avec --keep."))

        @Flag(help: ArgumentHelp(tr("Keep the temporary replicas and print where they are.",
                                    "Garder les réplicas temporaires et afficher où ils sont."))) var keep = false

        func run() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("entente-demo-\(UUID().uuidString.prefix(8))")
            defer { if !self.keep { try? FileManager.default.removeItem(at: root) } }
            let script = DemoScript(root: root, logger: ConsoleLogHandler.logger("entente.demo", level: .warning)) { print(try Self.text($0)) }
            let converged = try script.run()
            // In English in every language: scripts/board-browser-test.py reads the folder from this line.
            if self.keep { print("\nThe replicas are in \(root.path) (try `entente log --replica \(root.path)/alice`).") }
            if !converged { throw ExitCode.failure }
        }

        /// One moment of the demo's story, in the reader's language.
        static func text(_ event: DemoEvent) throws -> String {
            switch event {
            case .section(let title):
                return "\n== \(title.localized)"
            case .said(let phrase):
                return phrase.localized
            case .joined(let name, let summary):
                return tr("\(name) joins with a single-use invite: \(summary.line)",
                          "\(name) rejoint avec une invitation à usage unique : \(SyncText.line(summary))")
            case .committed(let name, let change, let words):
                let name = name.padding(toLength: 6, withPad: " ", startingAt: 0)
                return "\(name) \(change.id.short)  \(TerminalText.oneLine(ChangeText.summary(change, words)))"
            case .synced(let name, let summary):
                return "\(name) \(SyncText.line(summary))"
            case .conflicts(let workspace):
                return Conflicts.render(try Conflicts.collect(workspace))
            case .logged(let entry, let signer):
                let name = signer.padding(toLength: 13, withPad: " ", startingAt: 0)
                return "\(entry.id.short)  \(name) #\(entry.seq)  \(TerminalText.oneLine(ChangeText.noted(entry.summary ?? "", entry.message)))"
            }
        }
    }
}
