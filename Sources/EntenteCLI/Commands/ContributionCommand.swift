import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ContributionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contribution",
            abstract: "Record the work each member provides, and each member's own valuation of it.",
            discussion: """
                Where valuations of the same work diverge by more than the threshold (default 30%
                of the highest), the tool flags a value disagreement: raise it as a risk early.
                Examples:
                  entente contribution add "Wrote the tender answer" --stage Pilot --effort 30
                  entente contribution value "Wrote the tender answer" 3000
                  entente contribution list
                """,
            subcommands: [List.self, Add.self, Show.self, Update.self, Valuate.self, Archive.self, Unvalue.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ContributionCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List contributions with their valuations; flag value disagreements.")
        @Option(help: "The divergence that counts as a disagreement, 0 to 1 (default 0.3).") var threshold = ValueDisagreementReport.defaultThreshold
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard (0...1).contains(self.threshold) else { throw ValidationError("'--threshold' must be between 0 and 1, for example 0.3") }
        }

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = ValueDisagreementReport(records: vision.records, threshold: self.threshold)
            if self.output.json {
                print(try JSONOutput.render(vision.contributions.map { ContributionShape($0, vision, report) }))
                return
            }
            print(Self.render(vision, report, .standard))
        }

        static func render(_ vision: Vision, _ report: ValueDisagreementReport, _ terminal: Terminal) -> String {
            var table = Table("ID", "BY", "WHAT", "STAGE", "HOURS", "VALUATIONS")
            for contribution in vision.contributions {
                let valuations = vision.valuations.filter { $0.contribution == contribution.id }
                    .map { "\(vision.name($0.member)) \($0.value ?? 0)" }.joined(separator: ", ")
                table.add(contribution.id.short, vision.name(contribution.member), contribution.what,
                          Names.stage(contribution.stage, vision), contribution.effort.map(String.init) ?? "-",
                          valuations.isEmpty ? "-" : valuations)
            }
            var lines = [table.render(terminal)]
            for item in report.flagged {
                let what = vision.contributions.first { $0.id == item.contribution }?.what ?? item.contribution.short
                lines.append(terminal.yellow(
                    "Value disagreement on \"\(what)\": \(item.lowest) to \(item.highest) (\(Int((item.divergence * 100).rounded()))% apart). "
                        + "Raise it: entente risk add \"Disagreement on the value of: \(what)\" --zone value-of-work --likelihood 3 --impact 4"))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record work provided (by default, by you).",
            discussion: "Example:\n  entente contribution add \"Wrote the tender answer\" --stage Pilot \\\n      --effort 30")
        @Argument(help: "What was done.") var what: String
        @Option(help: "Who did it (member name or id prefix; default: you).") var member: String?
        @Option(help: "The stage (title or id prefix).") var stage: String?
        @Option(help: "Effort, in hours.") var effort: Int?
        @Option(help: "billable (default), commons, care or cash (for the value rule).") var type: String?
        @Option(help: "For cash: the amount put in, for example 500 or 500.50.") var amount: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.recordContribution(self.what, member: self.member, stage: self.stage, effort: self.effort,
                                                   type: self.type, amount: self.amount).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one contribution and its valuations.")
        @Argument(help: "Contribution id prefix or exact text.") var contribution: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let contribution = try workspace.find(self.contribution, kind: RecordKind.contribution, Contribution.init)
            let vision = workspace.vision
            let shape = ContributionShape(contribution, vision, ValueDisagreementReport(records: vision.records))
            if self.output.json {
                print(try JSONOutput.render(shape))
                return
            }
            print("\(contribution.what)  (\(contribution.id.hex))")
            print("by:     \(vision.name(contribution.member))   stage: \(Names.stage(contribution.stage, vision))   hours: \(contribution.effort.map(String.init) ?? "-")")
            for valuation in shape.valuations {
                print("valued \(valuation.value) by \(valuation.memberName)\(valuation.note.map { " — \($0)" } ?? "")")
            }
            if shape.valueDisagreement { print("VALUE DISAGREEMENT: consider `entente risk add ... --zone value-of-work`") }
        }
    }

    struct Valuate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "value",
            abstract: "Record your own valuation of a contribution (replaces your previous one).",
            discussion: "Example:\n  entente contribution value \"Wrote the tender answer\" 3000 \\\n      --note \"Market rate\"")
        @Argument(help: "Contribution id prefix or exact text.") var contribution: String
        @Argument(help: "The worth you give it, in the collective's unit (euros, points...).") var value: Int
        @Option(help: ArgumentHelp("Only yourself: a valuation is its member's own.", visibility: .hidden)) var by: String?
        @Option(help: "Why.") var note: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.valueContribution(self.contribution, value: self.value, note: self.note, by: self.by).summary.localized)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a contribution's text, stage or effort.",
            discussion: "Example: entente contribution update 3fa2 --effort 35")
        @Argument(help: "Contribution id prefix or exact text.") var contribution: String
        @Option(help: "New text.") var what: String?
        @Option(help: "New stage (title or id prefix).") var stage: String?
        @Option(help: "New effort, in hours.") var effort: Int?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.what != nil || self.stage != nil || self.effort != nil else {
                throw ValidationError("give at least one of '--what', '--stage' or '--effort'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateContribution(self.contribution, what: self.what, stage: self.stage, effort: self.effort).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a contribution (nothing is deleted).")
        @Argument(help: "Contribution id prefix or exact text.") var contribution: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveContribution(self.contribution).summary.localized)
        }
    }

    struct Unvalue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw your own valuation of a contribution; it stays in the history.",
            discussion: "Example: entente contribution unvalue \"Wrote the tender answer\"")
        @Argument(help: "Contribution id prefix or exact text.") var contribution: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            print(try Workspace(try self.options.open()).withdrawValuation(self.contribution).summary.localized)
        }
    }
}
