import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

extension EntenteCommand {
    /// `entente collectives`: the collectives of the person's Entente home, side by side.
    struct CollectivesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collectives",
            abstract: tr("List your collectives with what needs attention in each, choose the current one, or leave one.",
                         "Lister vos collectifs avec ce qui demande de l'attention dans chacun, choisir le collectif courant, ou en quitter un."),
            discussion: helpText("""
                Each collective you found (`entente init`) or join (`entente join`) gets its own
                replica, keys and secret in your Entente home. Commands work on the current
                one, or on the one you name with --collective NAME (as you type it).
                Examples:
                  entente collectives
                  entente collectives use "atelier nord"
                  entente status --collective consortium
                  entente collectives leave consortium
                """, """
                Chaque collectif que vous fondez (`entente init`) ou rejoignez (`entente join`)
                a son propre réplica, ses clés et son secret dans votre dossier Entente. Les
                commandes travaillent sur le collectif courant, ou sur celui que vous nommez
                avec --collective NOM (tel que vous le tapez).
                Exemples :
                  entente collectives
                  entente collectives use "atelier nord"
                  entente status --collective consortium
                  entente collectives leave consortium
                """),
            subcommands: [List.self, Use.self, Leave.self],
            defaultSubcommand: List.self)

        /// Says that `name` is now the current collective, when the person belongs to several.
        static func sayAdopted(_ name: String, count: Int) {
            if count > 1 {
                say(tr("\(name) is now your current collective (you belong to \(count)): see them with `entente collectives`.",
                       "\(name) est désormais votre collectif courant (vous faites partie de \(count) collectifs) : voyez-les avec `entente collectives`."))
            }
        }

        /// One line per collective: its name, whether it is the current one, what needs attention.
        static func summaries(_ entries: [EntenteHome.Entry], current: EntenteHome.Entry?, today: String) -> [String] {
            [tr("Your collectives:", "Vos collectifs :")] + entries.map { entry in
                let marker = entry == current ? tr(" (current)", " (courant)") : ""
                let shape = CollectiveChoice.summary(entry) { try StatusCommand.shape($0, today: today).count }
                let attention = shape.map { shape in
                    shape.attention == 0 ? tr("nothing needs attention", "rien ne demande d'attention")
                        : tr("\(English.count(shape.attention, "item needs", "items need")) attention",
                             "\(French.count(shape.attention, "point demande", "points demandent")) de l'attention")
                } ?? tr("unreadable: run `entente audit --collective \"\(entry.name)\"`", "illisible : lancez `entente audit --collective \"\(entry.name)\"`")
                return tr("- \(entry.name)\(marker): \(attention)", "- \(entry.name)\(marker) : \(attention)")
            }
        }
    }
}

extension EntenteCommand.CollectivesCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List your collectives and what needs attention in each.",
                                                                     "Lister vos collectifs et ce qui demande de l'attention dans chacun."))
        @OptionGroup var output: JSONOption

        func run() throws {
            let today = Dates.today()
            let (shapes, current) = CollectiveChoice.collectives { try EntenteCommand.StatusCommand.shape($0, today: today).count }
            if self.output.json {
                printVerbatim(try JSONOutput.render(shapes))
                return
            }
            guard !shapes.isEmpty else {
                say(tr("You belong to no collective yet: found one with `entente init --collective NAME --name ME`, or join one with `entente join CODE`.",
                       "Vous ne faites encore partie d'aucun collectif : fondez-en un avec `entente init --collective NOM --name MOI`, ou rejoignez-en un avec `entente join CODE`."))
                return
            }
            var table = Table("", tr("COLLECTIVE", "COLLECTIF"), tr("YOU", "VOUS"), tr("MEMBERS", "MEMBRES"), tr("NEEDS ATTENTION", "À REGARDER"))
            for shape in shapes {
                table.add(shape.current ? "*" : "", shape.name, shape.me ?? "—", String(shape.members),
                          shape.isReadable ? String(shape.attention) : tr("unreadable", "illisible"))
            }
            print(table.render())
            if current == nil, shapes.count > 1 {
                say(tr("None is current: choose one with `entente collectives use NAME`.",
                       "Aucun n'est le collectif courant : choisissez-en un avec `entente collectives use NOM`."))
            }
        }
    }

    struct Use: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "use", abstract: tr("Make a collective the current one (the one commands use).",
                                                                     "Faire d'un collectif le collectif courant (celui qu'utilisent les commandes)."))
        @Argument(help: ArgumentHelp(tr("The collective's name, as you type it.", "Le nom du collectif, tel que vous le tapez."), valueName: tr("name", "nom")))
        var name: String

        func run() throws {
            let entry = try CollectiveChoice.use(self.name)
            say(tr("\(entry.name) is now your current collective.", "\(entry.name) est désormais votre collectif courant."))
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave",
            abstract: tr("Remove a collective from your Entente home; its replica is kept aside.",
                         "Retirer un collectif de votre dossier Entente ; son réplica est mis de côté."),
            discussion: helpText("""
                The replica is moved to the home's `left` folder, nothing is deleted. To leave
                the partnership itself, first record it: `entente member leave YOUR-NAME`.
                """, """
                Le réplica est déplacé dans le dossier `left` de votre dossier Entente, rien
                n'est effacé. Pour quitter le partenariat lui-même, enregistrez-le d'abord :
                `entente member leave VOTRE-NOM`.
                """))
        @Argument(help: ArgumentHelp(tr("The collective's name, as you type it.", "Le nom du collectif, tel que vous le tapez."), valueName: tr("name", "nom")))
        var name: String

        func run() throws {
            let (entry, kept) = try CollectiveChoice.leave(self.name)
            say(tr("\(entry.name) is no longer in your Entente home; its replica is kept aside, in:",
                   "\(entry.name) ne fait plus partie de votre dossier Entente ; son réplica est mis de côté, dans :"))
            print("  " + kept.path)
        }
    }
}
