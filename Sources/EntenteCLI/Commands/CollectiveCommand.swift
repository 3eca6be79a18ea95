import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct CollectiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collective",
            abstract: "Show or change the collective's name, purpose and shared vision statement.",
            discussion: """
                Examples:
                  entente collective show
                  entente collective update --purpose "Answer public tenders together" \\
                      --vision "Three trades, one offer"
                """,
            subcommands: [Show.self, Update.self],
            defaultSubcommand: Show.self)
    }
}

extension EntenteCommand.CollectiveCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the collective's name, purpose and vision.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let collective = try workspace.collective()
            if self.output.json {
                print(try JSONOutput.render(CollectiveShape(collective)))
                return
            }
            print(collective.name)
            print("purpose: \(collective.purpose ?? "- (set it with `entente collective update --purpose TEXT`)")")
            print("vision:  \(collective.vision ?? "- (set it with `entente collective update --vision TEXT`)")")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the collective's name, purpose or vision statement.",
            discussion: "Example: entente collective update --vision \"A real synergy, not a façade\"")
        @Option(help: "The new name.") var name: String?
        @Option(help: "Why the collective exists (contracts, a wider activity, a project...).") var purpose: String?
        @Option(help: "The shared vision statement.") var vision: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.name != nil || self.purpose != nil || self.vision != nil else {
                throw ValidationError("give at least one of '--name', '--purpose' or '--vision'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateCollective(name: self.name, purpose: self.purpose, vision: self.vision).summary.localized)
        }
    }
}
