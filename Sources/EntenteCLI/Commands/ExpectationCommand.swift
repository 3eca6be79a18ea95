import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ExpectationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expectation",
            abstract: tr("State expectations, interests and concerns; acknowledge the others' explicitly.",
                         "Dire ses attentes, intérêts et craintes ; prendre explicitement en compte ceux des autres."),
            discussion: helpText("""
                A partnership does not hold if expectations were never made explicit. Each member
                states theirs; every other member acknowledges them.
                Examples:
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Being paid late by the lead partner" --type concern
                  entente expectation ack "Win two public tenders a year"
                  entente expectation list --pending
                """, """
                Un partenariat ne tient pas si les attentes n'ont jamais été dites. Chaque
                membre dit les siennes ; chacun des autres les prend en compte.
                Exemples :
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Being paid late by the lead partner" --type crainte
                  entente expectation ack "Win two public tenders a year"
                  entente expectation list --pending
                """),
            subcommands: [List.self, Add.self, Show.self, Ack.self, Update.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ExpectationCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List expectations, interests and concerns, with who has not acknowledged them.",
                                                                     "Lister les attentes, intérêts et craintes, avec qui ne les a pas encore pris en compte."))
        @Flag(help: ArgumentHelp(tr("Only those some active member has not acknowledged yet.",
                                    "Seulement celles qu'un membre actif n'a pas encore prises en compte."))) var pending = false
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let expectations = vision.expectations.filter { !self.pending || !$0.missingAcknowledgements(among: vision.members).isEmpty }
            if self.output.json {
                printVerbatim(try JSONOutput.render(expectations.map { ExpectationShape($0, vision) }))
                return
            }
            print(Self.table(expectations, vision).render())
        }

        static func table(_ expectations: [Expectation], _ vision: Vision) -> Table {
            var table = Table("ID", "TYPE", tr("STATED BY", "DIT PAR"), tr("TEXT", "TEXTE"), tr("STATUS", "STATUT"),
                              tr("NOT YET ACKNOWLEDGED BY", "PAS ENCORE PRIS EN COMPTE PAR"))
            for expectation in expectations {
                table.add(expectation.id.short, expectation.kind.localized, vision.name(expectation.statedBy), expectation.text,
                          Names.flagged(expectation.status.localized, expectation.record),
                          Names.list(expectation.missingAcknowledgements(among: vision.members), vision, empty: tr("everyone acknowledged",
                                                                                                                   "pris en compte par tous")))
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("State an expectation, interest or concern (by default, yours).",
                         "Dire une attente, un intérêt ou une crainte (par défaut, en votre nom)."),
            discussion: helpText("""
                Examples:
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Friends working together lose their distance" \\
                      --type concern
                """, """
                Exemples :
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Friends working together lose their distance" \\
                      --type crainte
                """))
        @Argument(help: ArgumentHelp(tr("What you expect, want or fear.", "Ce que vous attendez, voulez ou craignez."))) var text: String
        @Option(help: ArgumentHelp(tr("expectation, interest or concern.",
                                      "attente, intérêt ou crainte."))) var type = tr("expectation", "attente")
        @Option(help: ArgumentHelp(tr("Only yourself: an expectation is stated by its member.",
                                      "Vous seulement : une attente est dite par son membre."), visibility: .hidden)) var by: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.stateExpectation(self.text, type: self.type, by: self.by).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one expectation, interest or concern.",
                                                                     "Afficher une attente, un intérêt ou une crainte."))
        @Argument(help: ArgumentHelp(tr("Id prefix or exact text.", "Début de l'identifiant, ou texte exact."))) var expectation: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let expectation = try workspace.find(self.expectation, kind: RecordKind.expectation, Expectation.init)
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(ExpectationShape(expectation, vision)))
                return
            }
            print("\(expectation.kind.localized): \(expectation.text)  (\(expectation.id.hex))")
            let labels = Labels([tr("stated by", "dit par"), tr("status", "statut"), tr("acknowledged by", "pris en compte par"),
                                 tr("not yet by", "pas encore par")])
            print(labels[0] + vision.name(expectation.statedBy))
            print(labels[1] + expectation.status.localized)
            print(labels[2] + Names.list(expectation.acknowledgedBy, vision))
            print(labels[3] + Names.list(expectation.missingAcknowledgements(among: vision.members), vision))
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: tr("Acknowledge an expectation, interest or concern (by default, as yourself).",
                         "Prendre en compte une attente, un intérêt ou une crainte (par défaut, en votre nom)."),
            discussion: helpText("Example: entente expectation ack 3fa2", "Exemple : entente expectation ack 3fa2"))
        @Argument(help: ArgumentHelp(tr("Id prefix or exact text.", "Début de l'identifiant, ou texte exact."))) var expectation: String
        @Option(help: ArgumentHelp(tr("Only yourself: an acknowledgement is its member's own.",
                                      "Vous seulement : une prise en compte appartient à son membre."), visibility: .hidden)) var by: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.acknowledgeExpectation(self.expectation, by: self.by).summary.shown)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change an expectation's status (open, discussed, agreed), text or type.",
                         "Changer le statut (ouverte, discutée, convenue), le texte ou le type d'une attente."),
            discussion: helpText("Example: entente expectation update 3fa2 --status agreed",
                           "Exemple : entente expectation update 3fa2 --status agreed"))
        @Argument(help: ArgumentHelp(tr("Id prefix or exact text.", "Début de l'identifiant, ou texte exact."))) var expectation: String
        @Option(help: ArgumentHelp(tr("open, discussed or agreed.",
                                      "ouverte, discutée ou convenue."))) var status: String?
        @Option(help: ArgumentHelp(tr("New text.", "Nouveau texte."))) var text: String?
        @Option(help: ArgumentHelp(tr("expectation, interest or concern.",
                                      "attente, intérêt ou crainte."))) var type: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.status != nil || self.text != nil || self.type != nil else {
                throw ValidationError.atLeastOne(of: ["--status", "--text", "--type"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateExpectation(self.expectation, status: self.status, text: self.text, type: self.type).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: tr("Archive an expectation (nothing is deleted).",
                                                                     "Archiver une attente (rien n'est effacé)."))
        @Argument(help: ArgumentHelp(tr("Id prefix or exact text.", "Début de l'identifiant, ou texte exact."))) var expectation: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveExpectation(self.expectation).summary.shown)
        }
    }
}
