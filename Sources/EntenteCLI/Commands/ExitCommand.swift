import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore

/// The JSON shape of `entente exit list --json`.
struct ExitTermsShape: Encodable {
    var id: String
    var kind: String
    @Nullable var memberName: String?
    @Nullable var stageTitle: String?
    @Nullable var noticeDays: Int64?
    @Nullable var keeps: String?
    @Nullable var settlement: String?
    /// Thousandths of their share the leaver keeps.
    @Nullable var keepsShare: Int64?
    @Nullable var reviewOn: String?

    init(_ terms: ExitTerms, _ vision: Vision) {
        self.id = terms.id.hex
        self.kind = terms.kind?.rawValue ?? ""
        self.memberName = terms.member.map { vision.name($0) }
        self.stageTitle = terms.stage.map { Names.stage($0, vision) }
        self.noticeDays = terms.noticeDays
        self.keeps = terms.keeps
        self.settlement = terms.settlement
        self.keepsShare = terms.keepsShare
        self.reviewOn = terms.reviewOn
    }
}

extension EntenteCommand {
    struct ExitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exit",
            abstract: "Agree, before anyone leaves, what applies for each kind of exit: notice, what the leaver keeps, how their work is settled.",
            discussion: """
                Kinds: \(ExitKind.allCases.map(\.rawValue).joined(separator: ", ")).
                The collective's terms apply to everyone; a member may add their own (--mine), and
                terms may be for one stage. `entente member leave --kind KIND` shows the terms that apply.
                Examples:
                  entente exit add good-reason --notice 30 --keeps-share "100 %" \\
                      --keeps "Their own clients" --settlement "Paid at the next invoice"
                  entente exit add excluded-with-cause --keeps-share "0 %"
                  entente exit show no-good-reason --member Bob
                """,
            subcommands: [List.self, Add.self, Show.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ExitCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the exit terms in force.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let terms = ExitTerms.current(in: vision.records)
            if self.output.json {
                print(try JSONOutput.render(terms.map { ExitTermsShape($0, vision) }))
                return
            }
            guard !terms.isEmpty else {
                print("No exit terms agreed yet: agree them before anyone leaves, with `entente exit add KIND ...`.")
                return
            }
            var table = Table("KIND", "WHOSE", "STAGE", "NOTICE", "KEEPS SHARE", "KEEPS", "SETTLEMENT")
            for item in terms {
                table.add(item.kind?.rawValue ?? "?", item.member.map { vision.name($0) } ?? "collective", Names.stage(item.stage, vision),
                          item.noticeDays.map { "\($0) days" } ?? "-", item.keepsShare.map { Money.ratio($0, percent: true) } ?? "-",
                          item.keeps ?? "-", item.settlement ?? "-")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the terms for one kind of exit (they replace earlier ones for the same kind, member and stage).")
        @Argument(help: "good-reason, no-good-reason, excluded-with-cause or excluded-without-cause.") var kind: String
        @Flag(help: "Your own terms rather than the collective's.") var mine = false
        @Option(help: "Only for this stage (title or id prefix).") var stage: String?
        @Option(help: "Notice period, in days.") var notice: Int?
        @Option(help: "What the leaver keeps of the collective's work and clients.") var keeps: String?
        @Option(help: "How their contributions are settled.") var settlement: String?
        @Option(help: "The part of their share they keep, for example \"50 %\".") var keepsShare: String?
        @Option(help: "YYYY-MM-DD: when the collective means to review these terms.") var reviewOn: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.setExitTerms(kind: self.kind, mine: self.mine, stage: self.stage, noticeDays: self.notice, keeps: self.keeps,
                                             settlement: self.settlement, keepsShare: self.keepsShare,
                                             reviewOn: self.reviewOn).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The terms that would apply to a member leaving by this kind of exit.")
        @Argument(help: "The kind of exit.") var kind: String
        @Option(help: "The member (default: you).") var member: String?
        @Option(help: "The stage at which they would leave.") var stage: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let kind = try Input.choice(self.kind, ExitKind.self, option: "the kind of exit")
            let member = try workspace.member(orMe: self.member)
            let stage = try self.stage.map { try workspace.stage($0) }
            print(workspace.exitTermsInWords(member: member, stage: stage, kind: kind).localized)
        }
    }
}
