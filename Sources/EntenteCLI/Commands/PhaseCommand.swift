import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct PhaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "phase",
            abstract: "Check in the phase you believe the partnership is in: euphoria, crisis or performance.",
            discussion: """
                Every partnership goes through euphoria, crisis and performance; better know which
                one you are in. The list shows each member's latest perception, where members
                disagree, and the timeline.
                Examples:
                  entente phase add crisis --note "The first invoice split went badly"
                  entente phase add euphoria --on 2026-11-02
                  entente phase list
                """,
            subcommands: [List.self, Add.self, Withdraw.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.PhaseCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each member's latest perception, disagreements, and the timeline.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = PhaseReport(records: vision.records, today: vision.today)
            if self.output.json {
                print(try JSONOutput.render(PhaseReportShape(report, vision)))
                return
            }
            print(Self.render(report, vision, .standard))
        }

        static func render(_ report: PhaseReport, _ vision: Vision, _ terminal: Terminal) -> String {
            guard !report.timeline.isEmpty else { return "No phase check-ins yet. Add one with `entente phase add euphoria|crisis|performance`." }
            var latest = Table("MEMBER", "PHASE", "SINCE", "NOTE")
            for checkIn in report.latest {
                latest.add(vision.name(checkIn.member), checkIn.phase?.rawValue ?? "?", checkIn.date, checkIn.note ?? "")
            }
            var lines = [latest.render(terminal)]
            if report.disagreement {
                let views = report.perceptions.map { "\($0.phase.rawValue): \(Names.list($0.members, vision))" }.joined(separator: "; ")
                lines.append(terminal.yellow("Members disagree on the phase (\(views)). Talk about it: it changes the strategy."))
            } else if let consensus = report.consensus {
                lines.append("Everyone who checked in sees \(consensus.rawValue).")
            }
            lines.append("")
            var timeline = Table("DATE", "MEMBER", "PHASE", "NOTE")
            for checkIn in report.timeline {
                timeline.add(checkIn.date, vision.name(checkIn.member), checkIn.phase?.rawValue ?? "?", checkIn.note ?? "")
            }
            lines.append(timeline.render(terminal))
            return lines.joined(separator: "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the phase you perceive now (or at --on DATE).",
            discussion: "Example:\n  entente phase add crisis --note \"We disagree on how to split the fee\"")
        @Argument(help: "euphoria, crisis or performance.") var phase: String
        @Option(help: "The date of the perception, YYYY-MM-DD (default: today).") var on: String?
        @Option(help: "Why you see it so.") var note: String?
        @Option(help: ArgumentHelp("Only yourself: a check-in is its member's own perception.", visibility: .hidden)) var member: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.checkIn(phase: self.phase, on: self.on, note: self.note, member: self.member).summary.localized)
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw one of your own check-ins (your latest by default); it stays in the history.",
            discussion: "Example: entente phase withdraw")
        @Argument(help: "The check-in's id prefix (default: your latest).") var checkIn: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            print(try Workspace(try self.options.open()).withdrawCheckIn(self.checkIn).summary.localized)
        }
    }
}
