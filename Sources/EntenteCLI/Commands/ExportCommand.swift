import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: tr("Write a report of the whole vision for a meeting, as Markdown or JSON.",
                         "Écrire un rapport de toute la vision pour une réunion, en Markdown ou en JSON."),
            discussion: helpText("""
                The JSON export has the same shape as `entente show --json` (Protocol/VISION.md).
                Examples:
                  entente export --format markdown meeting.md
                  entente export --format json vision.json
                  entente export --format markdown - | less   (- writes to standard output)
                """, """
                L'export JSON a la même forme que `entente show --json` (Protocol/VISION.md).
                Exemples :
                  entente export --format markdown meeting.md
                  entente export --format json vision.json
                  entente export --format markdown - | less   (- écrit sur la sortie standard)
                """))
        @Option(help: ArgumentHelp(tr("markdown or json.", "markdown ou json."))) var format: String
        @Argument(help: ArgumentHelp(tr("The file to write (replaced if it exists), or - for standard output.",
                                        "Le fichier à écrire (remplacé s'il existe), ou - pour la sortie standard."))) var file: String
        @OptionGroup var options: ReplicaOptions

        enum Format: String, Keyword {
            case markdown, json

            var words: Phrase { Phrase(self.rawValue, fr: self.rawValue) }
        }

        func run() throws {
            let format = try Input.choice(self.format, Format.self, option: "--format")
            let vision = try Workspace(try self.options.open()).vision
            let board = BoardShape(vision)
            let text = format == .json ? try JSONOutput.render(board) + "\n" : typeset(BoardMarkdown.render(board))
            if self.file == "-" {
                printVerbatim(text, terminator: text.hasSuffix("\n") ? "" : "\n")
                return
            }
            let url = URL(fileURLWithPath: self.file)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIError("could not write \(url.path) (\(error.localizedDescription)); check that its folder exists and is writable")
            }
            print(tr("Wrote the \(format.rawValue) report to \(url.path).", "Rapport \(format.rawValue) écrit dans \(url.path)."))
        }
    }
}
