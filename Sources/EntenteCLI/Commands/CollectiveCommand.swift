import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct CollectiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collective",
            abstract: tr("Show or change the collective's name, purpose and shared vision statement.",
                         "Afficher ou changer le nom du collectif, sa raison d'être et son énoncé de vision commune."),
            discussion: helpText("""
                Examples:
                  entente collective show
                  entente collective update --purpose "Answer public tenders together" \\
                      --vision "Three trades, one offer"
                """, """
                Exemples :
                  entente collective show
                  entente collective update --purpose "Answer public tenders together" \\
                      --vision "Three trades, one offer"
                """),
            subcommands: [Show.self, Update.self],
            defaultSubcommand: Show.self)
    }
}

extension EntenteCommand.CollectiveCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show the collective's name, purpose and vision.",
                                                                     "Afficher le nom du collectif, sa raison d'être et sa vision."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let collective = try workspace.collective()
            if self.output.json {
                printVerbatim(try JSONOutput.render(CollectiveShape(collective)))
                return
            }
            let labels = Labels([tr("purpose", "raison d'être"), tr("vision", "vision")])
            print(collective.name)
            print(labels[0] + (collective.purpose ?? tr("- (set it with `entente collective update --purpose TEXT`)",
                                                        "- (à définir avec `entente collective update --purpose TEXT`)")))
            print(labels[1] + (collective.vision ?? tr("- (set it with `entente collective update --vision TEXT`)",
                                                       "- (à définir avec `entente collective update --vision TEXT`)")))
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change the collective's name, purpose or vision statement.",
                         "Changer le nom du collectif, sa raison d'être ou son énoncé de vision."),
            discussion: helpText("Example: entente collective update --vision \"A real synergy, not a façade\"",
                           "Exemple : entente collective update --vision \"A real synergy, not a façade\""))
        @Option(help: ArgumentHelp(tr("The new name.", "Le nouveau nom."))) var name: String?
        @Option(help: ArgumentHelp(tr("Why the collective exists (contracts, a wider activity, a project...).",
                                      "Pourquoi le collectif existe (des contrats, une activité plus large, un projet…)."))) var purpose: String?
        @Option(help: ArgumentHelp(tr("The shared vision statement.", "L'énoncé de vision commune."))) var vision: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.name != nil || self.purpose != nil || self.vision != nil else {
                throw ValidationError.atLeastOne(of: ["--name", "--purpose", "--vision"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateCollective(name: self.name, purpose: self.purpose, vision: self.vision).summary.shown)
        }
    }
}
