import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct PhaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "phase",
            abstract: tr("Check in the phase you believe the partnership is in: euphoria, crisis or performance.",
                         "Dire dans quelle phase vous pensez que le partenariat se trouve : euphorie, crise ou performance."),
            discussion: helpText("""
                Every partnership goes through euphoria, crisis and performance; better know which
                one you are in. The list shows each member's latest perception, where members
                disagree, and the timeline.
                Examples:
                  entente phase add crisis --note "The first invoice split went badly"
                  entente phase add euphoria --on 2026-11-02
                  entente phase list
                """, """
                Tout partenariat traverse l'euphorie, la crise et la performance ; mieux vaut
                savoir où vous en êtes. La liste montre la dernière perception de chaque
                membre, les désaccords entre membres, et la chronologie.
                Exemples :
                  entente phase add crise --note "The first invoice split went badly"
                  entente phase add euphorie --on 2026-11-02
                  entente phase list
                """),
            subcommands: [List.self, Add.self, Withdraw.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.PhaseCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("Each member's latest perception, disagreements, and the timeline.",
                                                                     "La dernière perception de chaque membre, les désaccords, et la chronologie."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = PhaseReport(records: vision.records, today: vision.today)
            if self.output.json {
                printVerbatim(try JSONOutput.render(PhaseReportShape(report, vision)))
                return
            }
            print(Self.render(report, vision, .standard))
        }

        static func render(_ report: PhaseReport, _ vision: Vision, _ terminal: Terminal) -> String {
            guard !report.timeline.isEmpty else {
                return tr("No phase check-ins yet. Add one with `entente phase add euphoria|crisis|performance`.",
                          "Aucun relevé de phase pour l'instant. Ajoutez-en un avec `entente phase add euphorie|crise|performance`.")
            }
            var latest = Table(tr("MEMBER", "MEMBRE"), "PHASE", tr("SINCE", "DEPUIS"), "NOTE")
            for checkIn in report.latest {
                latest.add(vision.name(checkIn.member), checkIn.phase?.localized ?? "?", shownDate(checkIn.date), checkIn.note ?? "")
            }
            var lines = [latest.render(terminal)]
            if report.disagreement {
                let views = report.perceptions.map { "\($0.phase.localized)\(tr(":", " :")) \(Names.list($0.members, vision))" }.joined(separator: "; ")
                lines.append(terminal.yellow(terminal.fit(tr("Members disagree on the phase (\(views)). Talk about it: it changes the strategy.",
                                                "Les membres ne voient pas la même phase (\(views)). Parlez-en : cela change la stratégie."))))
            } else if let consensus = report.consensus {
                lines.append(tr("Everyone who checked in sees \(consensus.localized).",
                                "Tous ceux qui ont fait un relevé voient : \(consensus.localized)."))
            }
            lines.append("")
            var timeline = Table("DATE", tr("MEMBER", "MEMBRE"), "PHASE", "NOTE")
            for checkIn in report.timeline {
                timeline.add(shownDate(checkIn.date), vision.name(checkIn.member), checkIn.phase?.localized ?? "?", checkIn.note ?? "")
            }
            lines.append(timeline.render(terminal))
            return lines.joined(separator: "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Record the phase you perceive now (or at --on DATE).",
                         "Noter la phase que vous percevez maintenant (ou à la date --on DATE)."),
            discussion: helpText("Example:\n  entente phase add crisis --note \"We disagree on how to split the fee\"",
                           "Exemple :\n  entente phase add crisis --note \"We disagree on how to split the fee\""))
        @Argument(help: ArgumentHelp(tr("euphoria, crisis or performance.",
                                        "euphorie, crise ou performance."))) var phase: String
        @Option(help: ArgumentHelp(tr("The date of the perception, YYYY-MM-DD (default: today).",
                                      "La date de la perception, AAAA-MM-JJ (par défaut : aujourd'hui)."))) var on: String?
        @Option(help: ArgumentHelp(tr("Why you see it so.", "Pourquoi vous la voyez ainsi."))) var note: String?
        @Option(help: ArgumentHelp(tr("Only yourself: a check-in is its member's own perception.",
                                      "Vous seulement : un relevé de phase appartient à son membre."), visibility: .hidden)) var member: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.checkIn(phase: self.phase, on: self.on, note: self.note, member: self.member).summary.shown)
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: tr("Withdraw one of your own check-ins (your latest by default); it stays in the history.",
                         "Retirer un de vos relevés de phase (par défaut, le dernier) ; il reste dans l'historique."),
            discussion: helpText("Example: entente phase withdraw", "Exemple : entente phase withdraw"))
        @Argument(help: ArgumentHelp(tr("The check-in's id prefix (default: your latest).",
                                        "Début de l'identifiant du relevé (par défaut : votre dernier)."))) var checkIn: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            print(try self.options.workspace().withdrawCheckIn(self.checkIn).summary.shown)
        }
    }
}
