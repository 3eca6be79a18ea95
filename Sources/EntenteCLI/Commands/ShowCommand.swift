import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The vision board: the collective, members, expectations, complementarities, stages, commitments, phase, risks and contributions.",
            discussion: """
                Colour is used only on a terminal, never when piped or when NO_COLOR is set.
                `--json` prints the whole vision in the shape documented in Protocol/VISION.md;
                two replicas holding the same changes print the same bytes.
                Examples:
                  entente show
                  entente show --json > vision.json
                """)
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            if self.output.json {
                print(try JSONOutput.render(BoardShape(vision)))
                return
            }
            let terminal = Terminal.standard
            print(terminal.fit(BoardText.render(vision, terminal)))
        }
    }
}
