import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "What needs attention: unacknowledged expectations, due commitments, conflicts, phase disagreements, high risks, value disagreements.",
            discussion: """
                Examples:
                  entente status
                  entente status --today 2027-01-15 --json
                """)
        @Option(help: "Count deadlines from this date, YYYY-MM-DD (default: today, UTC).") var today: String?
        @Option(help: "Commitments due within this many days count as due soon.") var days = 7
        @Option(help: "The valuation divergence that counts as a disagreement, 0 to 1.") var threshold = ValueDisagreementReport.defaultThreshold
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard self.days >= 0 else { throw ValidationError("'--days' cannot be negative; for example --days 7") }
            guard (0...1).contains(self.threshold) else { throw ValidationError("'--threshold' must be between 0 and 1, for example 0.3") }
        }

        func run() throws {
            let today = try Input.date(self.today, option: "--today")
            let soon = Dates.adding(days: self.days, to: today)
            let workspace = try Workspace(try self.options.open())
            let vision = workspace.vision
            let attention = Attention(records: vision.records, today: today, soonUntil: soon, valueThreshold: self.threshold)
            let shape = AttentionShape(attention, vision, refusals: try workspace.replica.refusals(),
                                       forks: try workspace.replica.forkEvidence(), device: workspace.replica.author,
                                       archived: try workspace.archiveConflicts())
            if self.output.json {
                print(try JSONOutput.render(shape))
                return
            }
            print(Self.render(shape, .standard))
        }

        static func render(_ shape: AttentionShape, _ terminal: Terminal) -> String {
            guard shape.count > 0 else { return terminal.green("Nothing needs attention on \(shape.today).") }
            var lines = [terminal.bold("\(shape.count) item(s) need attention on \(shape.today):")]
            for item in shape.unacknowledged {
                let missing = item.notYetAcknowledgedBy.joined(separator: ", ")
                lines.append("- \(item.type) \"\(item.text)\" (\(item.statedByName)) not yet acknowledged by \(missing)")
            }
            for item in shape.deadlines {
                let when = item.overdue ? terminal.red("OVERDUE since \(item.due)") : "due \(item.due)"
                lines.append("- commitment \"\(item.what)\" by \(item.byName): \(when)")
            }
            for item in shape.archived {
                let short = String(item.record.prefix(8))
                lines.append("- \(item.kind) \"\(item.label)\" was archived by \(item.archivedBy) while \(item.editedBy.joined(separator: ", ")) changed it: "
                    + "`entente restore \(short)` brings it back, `entente archive \(short)` keeps it archived (see `entente conflicts`)")
            }
            for conflict in shape.conflicts {
                let values = conflict.values.joined(separator: " | ")
                lines.append("- conflict on \(conflict.kind) \"\(conflict.label)\", field \(conflict.field): \(values) (see `entente conflicts`)")
            }
            if shape.phaseDisagreement {
                let views = shape.phases.perceptions.map { "\($0.phase): \($0.members.joined(separator: ", "))" }.joined(separator: "; ")
                lines.append("- " + terminal.yellow("members perceive different phases: \(views)"))
            }
            for risk in shape.highRisks {
                lines.append("- " + terminal.red("high risk") + " (\(risk.zone), \(risk.likelihood)×\(risk.impact)): \(risk.description)")
            }
            for item in shape.valueDisagreements {
                lines.append("- value disagreement on \"\(item.what)\": \(item.lowest) to \(item.highest). Suggested: \(item.suggestion)")
            }
            for item in shape.renewals {
                lines.append("- \(item.memberName)'s engagement in stage \(item.stageTitle) " + (item.lapsed ? terminal.red("lapsed on \(item.renewOn)") : "lapses on \(item.renewOn)")
                    + ": renew it with `entente stage engage \"\(item.stageTitle)\" --renew-on YYYY-MM-DD`, or withdraw with `--not`")
            }
            for item in shape.reviews {
                let how = item.kind == RecordKind.stage
                    ? "review it, then set the next date with `entente stage update \"\(item.label)\" --review-on YYYY-MM-DD` (or --review-on \"\" to clear it)"
                    : "review them, then agree new terms with `entente exit add ...`"
                lines.append("- \(item.kind == RecordKind.stage ? "stage" : "exit terms") \"\(item.label)\" is due for review (\(item.reviewOn)): \(how)")
            }
            for item in shape.decisions {
                if item.reviewDue {
                    lines.append("- decision \"\(item.text)\" is due for review (\(item.reviewOn ?? "")): `entente decision show \(item.decision.prefix(8))`")
                } else if item.blocked {
                    lines.append("- " + terminal.red("blocked:") + " decision \"\(item.text)\"; see the reason with `entente decision show \(item.decision.prefix(8))`")
                } else {
                    lines.append("- decision \"\(item.text)\" waits for the stance of \(item.waitingFor.joined(separator: ", ")) (`entente decision stance \(item.decision.prefix(8)) agree|abstain|object|block`)")
                }
            }
            for motion in shape.motions {
                lines.append("- proposal to \(motion.action) \(motion.memberName): \(motion.consenting.count) of \(motion.needed) consents; "
                    + "waiting for \(motion.waitingFor.joined(separator: ", ")) (`entente member \(motion.action) \(motion.memberName)`)")
            }
            for fork in shape.forks {
                lines.append("- " + terminal.red("fork:") + (fork.thisDevice
                    ? " this device's key signed two histories from #\(fork.seq): this replica was restored from a backup or copied to another computer. Its changes after the split reach nobody; keep using one copy only (see `entente audit`)"
                    : " \(fork.authorName)'s key signed two histories from #\(fork.seq) (a restored backup or a copied replica); their changes on the second history are kept as evidence, not applied (see `entente audit`)"))
            }
            for refused in shape.refused {
                let what = [refused.kind, refused.field].compactMap { $0 }.joined(separator: " ")
                lines.append("- " + terminal.red("no effect:") + " \(refused.authorName) signed a change to \(what.isEmpty ? "the vision" : what)"
                    + "\(refused.ownerName.map { " in \($0)'s name" } ?? "") that the rules refuse (\(refused.rule)); see `entente audit`")
            }
            return lines.joined(separator: "\n")
        }
    }
}
