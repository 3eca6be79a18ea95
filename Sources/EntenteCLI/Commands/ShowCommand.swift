import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: tr("The vision board: the collective, members, expectations, complementarities, stages, commitments, phase, risks and contributions.",
                         "Le tableau de la vision : le collectif, les membres, les attentes, les complémentarités, les étapes, les engagements, la phase, les risques et les contributions."),
            discussion: helpText("""
                Colour is used only on a terminal, never when piped or when NO_COLOR is set.
                `--json` prints the whole vision in the shape documented in Protocol/VISION.md;
                two replicas holding the same changes print the same bytes.
                Examples:
                  entente show
                  entente show --json > vision.json
                  entente show 3fa2c1d0   (one change, from `entente log`, in words)
                """, """
                La couleur n'est utilisée que dans un terminal, jamais quand la sortie est
                redirigée ni quand NO_COLOR est défini. `--json` affiche toute la vision sous
                la forme documentée dans Protocol/VISION.md ; deux réplicas qui ont les mêmes
                changements affichent les mêmes octets.
                Exemples :
                  entente show
                  entente show --json > vision.json
                  entente show 3fa2c1d0   (un changement du journal, en toutes lettres)
                """))
        @Argument(help: ArgumentHelp(tr("A change id (4+ hex digits, from `entente log`): tell that change instead.",
                                        "Un identifiant de changement (4 chiffres hexadécimaux ou plus, tiré de `entente log`) : raconter ce changement à la place."))) var change: String?
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            if let query = self.change {
                let changes = try workspace.replica.changes(idPrefix: query)
                switch changes.count {
                case 1:
                    print(Terminal.standard.fit(try ChangeText.render(changes[0], workspace, refusals: try workspace.replica.refusals())))
                    return
                case 0:
                    throw ActionError(Phrase("no change has an id starting with '\(query)'; take one from `entente log` (4+ hex digits)",
                                             fr: "aucun changement n'a d'identifiant commençant par « \(query) » ; prenez-en un dans `entente log` (4 chiffres hexadécimaux ou plus)"))
                default:
                    throw ActionError(Phrase("'\(query)' starts the ids of several changes; give more digits",
                                             fr: "« \(query) » commence les identifiants de plusieurs changements ; donnez plus de chiffres"))
                }
            }
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(BoardShape(vision)))
                return
            }
            let terminal = Terminal.standard
            print(terminal.fit(BoardText.render(vision, terminal)))
        }
    }
}
