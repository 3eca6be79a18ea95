import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct RiskCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "risk",
            abstract: tr("Identify and manage the zones of risk: defection, lack of distance, value of work, evaluation of results.",
                         "Identifier et gérer les zones de risque : défection, manque de distance, valeur du travail, évaluation des résultats."),
            discussion: helpText("""
                Partnerships fail on defections, lack of distance (friends partnering), and
                disagreements on the value of the work and the evaluation of results. Raise them early.
                Zones: \(Risk.Zone.listed(.english)).
                A risk is high when likelihood × impact ≥ \(Risk.highScore).
                Examples:
                  entente risk add "Bob may leave for a salaried job" --zone defection \\
                      --likelihood 3 --impact 5 --owner Alice
                  entente risk update 3fa2 --status mitigated --mitigation "Exit terms agreed"
                """, """
                Les partenariats échouent sur les défections, le manque de distance (entre amis
                associés), et les désaccords sur la valeur du travail et l'évaluation des
                résultats. Parlez-en tôt.
                Zones : \(Risk.Zone.listed(.french)).
                Un risque est élevé quand probabilité × impact ≥ \(Risk.highScore).
                Exemples :
                  entente risk add "Bob may leave for a salaried job" --zone défection \\
                      --likelihood 3 --impact 5 --owner Alice
                  entente risk update 3fa2 --status atténué --mitigation "Exit terms agreed"
                """),
            subcommands: [List.self, Add.self, Show.self, Update.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.RiskCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List risks, highest score first.",
                                                                     "Lister les risques, du plus élevé au plus faible."))
        @Flag(help: ArgumentHelp(tr("Include mitigated and closed risks.", "Inclure les risques atténués et clos."))) var all = false
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let risks = vision.risks.filter { self.all || $0.status == .open }.sorted { ($1.score, $0.id) < ($0.score, $1.id) }
            if self.output.json {
                printVerbatim(try JSONOutput.render(risks.map { RiskShape($0, vision) }))
                return
            }
            print(Self.table(risks, vision, .standard).render())
        }

        static func table(_ risks: [Risk], _ vision: Vision, _ terminal: Terminal) -> Table {
            var table = Table("ID", "ZONE", tr("L×I",
                                               "P×I"), "DESCRIPTION", tr("OWNER", "RESPONSABLE"), tr("STATUS", "STATUT"), tr("RAISED", "SIGNALÉ"))
            for risk in risks {
                let score = "\(risk.likelihood)×\(risk.impact)=\(risk.score)"
                // No colour inside cells: escape codes would break the column widths.
                table.add(risk.id.short, risk.zone.localized, risk.isHigh ? score + tr(" HIGH", " ÉLEVÉ") : score, risk.description,
                          risk.owner.map { vision.name($0) } ?? "-", Names.flagged(risk.status.localized, risk.record),
                          "\(risk.raisedBy.map { vision.name($0) } ?? "?") \(risk.raisedOn.map(shownDate) ?? "")")
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Raise a risk (by default, you raise it, today).",
                         "Signaler un risque (par défaut, c'est vous qui le signalez, aujourd'hui)."),
            discussion: helpText("""
                Example:
                  entente risk add "We value the tender writing differently" \\
                      --zone value-of-work --likelihood 4 --impact 4
                """, """
                Exemple :
                  entente risk add "We value the tender writing differently" \\
                      --zone value-of-work --likelihood 4 --impact 4
                """))
        @Argument(help: ArgumentHelp(tr("What could go wrong.", "Ce qui pourrait mal tourner."))) var description: String
        @Option(help: ArgumentHelp(tr("\(Risk.Zone.listed(.english)).",
                                      "Zone : \(Risk.Zone.listed(.french))."))) var zone = tr("other", "autre")
        @Option(help: ArgumentHelp(tr("Likelihood, 1 (unlikely) to 5 (almost certain).",
                                      "Probabilité, de 1 (peu probable) à 5 (presque certain)."))) var likelihood: Int
        @Option(help: ArgumentHelp(tr("Impact, 1 (minor) to 5 (fatal to the partnership).",
                                      "Impact, de 1 (mineur) à 5 (fatal pour le partenariat)."))) var impact: Int
        @Option(help: ArgumentHelp(tr("Who follows it (member name or id prefix).",
                                      "Qui le suit (nom du membre ou début de son identifiant)."))) var owner: String?
        @Option(help: ArgumentHelp(tr("How it is mitigated.", "Comment il est atténué (la parade)."))) var mitigation: String?
        @Option(help: ArgumentHelp(tr("Only yourself: the member who raises a risk is its author.",
                                      "Vous seulement : le membre qui signale un risque en est l'auteur."), visibility: .hidden)) var by: String?
        @Option(help: ArgumentHelp(tr("When it was raised, YYYY-MM-DD (default: today).",
                                      "Quand il a été signalé, AAAA-MM-JJ (par défaut : aujourd'hui)."))) var on: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.raiseRisk(self.description, zone: self.zone, likelihood: self.likelihood, impact: self.impact,
                                          owner: self.owner, mitigation: self.mitigation, by: self.by, on: self.on).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one risk.", "Afficher un risque."))
        @Argument(help: ArgumentHelp(tr("Risk id prefix or exact description.",
                                        "Début de l'identifiant du risque, ou sa description exacte."))) var risk: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let risk = try workspace.find(self.risk, kind: RecordKind.risk, Risk.init)
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(RiskShape(risk, vision)))
                return
            }
            print("\(risk.description)  (\(risk.id.hex))")
            let labels = Labels(["zone", "score", tr("owner", "responsable"), tr("mitigation", "parade"), tr("status", "statut"),
                                 tr("raised", "signalé")])
            let high = risk.isHigh ? tr(" (high)", " (élevé)") : ""
            let disputed = risk.record.conflictedFields.contains { $0 == Risk.Field.likelihood || $0 == Risk.Field.impact }
                ? tr(", in conflict: counted at the highest until settled", ", en conflit : compté au plus haut jusqu'à ce qu'on tranche") : ""
            let raisedBy = risk.raisedBy.map { vision.name($0) } ?? "?", raisedOn = risk.raisedOn.map(shownDate) ?? "?"
            print(labels[0] + risk.zone.localized)
            say(labels[1] + tr("likelihood \(risk.likelihood) × impact \(risk.impact) = \(risk.score)\(high)\(disputed)",
                                 "probabilité \(risk.likelihood) × impact \(risk.impact) = \(risk.score)\(high)\(disputed)"))
            print(labels[2] + (risk.owner.map { vision.name($0) } ?? "-"))
            print(labels[3] + (risk.mitigation ?? "-"))
            print(labels[4] + risk.status.localized)
            print(labels[5] + tr("by \(raisedBy) on \(raisedOn)", "par \(raisedBy) le \(raisedOn)"))
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change a risk's scores, owner, mitigation or status (open, mitigated, closed).",
                         "Changer la probabilité, l'impact, le ou la responsable, la parade ou le statut d'un risque (ouvert, atténué, clos)."),
            discussion: helpText("Example:\n  entente risk update 3fa2 --likelihood 2 \\\n      --mitigation \"Exit terms agreed\" --status mitigated",
                           "Exemple :\n  entente risk update 3fa2 --likelihood 2 \\\n      --mitigation \"Exit terms agreed\" --status atténué"))
        @Argument(help: ArgumentHelp(tr("Risk id prefix or exact description.",
                                        "Début de l'identifiant du risque, ou sa description exacte."))) var risk: String
        @Option(help: ArgumentHelp(tr("Likelihood, 1 to 5.", "Probabilité, de 1 à 5."))) var likelihood: Int?
        @Option(help: ArgumentHelp(tr("Impact, 1 to 5.", "Impact, de 1 à 5."))) var impact: Int?
        @Option(help: ArgumentHelp(tr("Who follows it.", "Qui le suit."))) var owner: String?
        @Option(help: ArgumentHelp(tr("How it is mitigated.", "Comment il est atténué (la parade)."))) var mitigation: String?
        @Option(help: ArgumentHelp(tr("open, mitigated or closed.",
                                      "ouvert, atténué ou clos."))) var status: String?
        @Option(help: ArgumentHelp(tr("\(Risk.Zone.listed(.english)).",
                                      "Zone : \(Risk.Zone.listed(.french))."))) var zone: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard [self.likelihood != nil, self.impact != nil, self.owner != nil, self.mitigation != nil, self.status != nil, self.zone != nil].contains(true) else {
                throw ValidationError.atLeastOne(of: ["--likelihood", "--impact", "--owner", "--mitigation", "--status", "--zone"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateRisk(self.risk, likelihood: self.likelihood, impact: self.impact, owner: self.owner,
                                           mitigation: self.mitigation, status: self.status, zone: self.zone).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: tr("Archive a risk (nothing is deleted).",
                                                                     "Archiver un risque (rien n'est effacé)."))
        @Argument(help: ArgumentHelp(tr("Risk id prefix or exact description.",
                                        "Début de l'identifiant du risque, ou sa description exacte."))) var risk: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveRisk(self.risk).summary.shown)
        }
    }
}
