import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct StageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stage",
            abstract: "Plan the partnership's stages, with entry and exit conditions; engage per stage.",
            discussion: """
                Each stage has a goal, entry and exit conditions, dates and a status (planned,
                active, done). Each member engages stage by stage, with their own entry and
                exit terms.
                Examples:
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add "Scale up" --after Pilot --start 2027-01-01 \\
                      --end 2027-06-30
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "Can leave after delivery"
                  entente stage update Pilot --status active
                """,
            subcommands: [List.self, Add.self, Show.self, Update.self, Move.self, Engage.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

/// Where a stage goes in the plan: `--first`, `--before S`, `--after S`, or last.
struct StagePlacement: ParsableArguments {
    @Option(help: ArgumentHelp("Place it right after this stage.", valueName: "stage")) var after: String?
    @Option(help: ArgumentHelp("Place it right before this stage.", valueName: "stage")) var before: String?
    @Flag(help: "Place it first.") var first = false

    var given: Bool { self.after != nil || self.before != nil || self.first }

    func validate() throws {
        guard [self.after != nil, self.before != nil, self.first].filter({ $0 }).count <= 1 else {
            throw ValidationError("give at most one of '--after', '--before' or '--first'")
        }
    }

    /// Where these options place a stage: last when none is given.
    var place: StagePlace {
        if let before = self.before { return .before(before) }
        if let after = self.after { return .after(after) }
        return self.first ? .first : .last
    }
}

/// The fields of a stage typed on the command line (the actions check them).
struct StageFields: ParsableArguments {
    @Option(help: "What the stage is for.") var goal: String?
    @Option(name: .customLong("entry"), help: "Entry conditions: what must hold to start it.") var entryConditions: String?
    @Option(name: .customLong("exit"), help: "Exit conditions: what must hold to finish it.") var exitConditions: String?
    @Option(help: "Start date, YYYY-MM-DD.") var start: String?
    @Option(help: "End date, YYYY-MM-DD.") var end: String?
    @Option(help: "planned, active or done.") var status: String?
    @Option(help: "YYYY-MM-DD: when the collective reviews the stage; \"\" clears it once reviewed.") var reviewOn: String?

    var given: Bool {
        [self.goal, self.entryConditions, self.exitConditions, self.start, self.end, self.status].contains { $0 != nil }
    }
}

extension EntenteCommand.StageCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plan: stages in order, with who is engaged.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            if self.output.json {
                print(try JSONOutput.render(StageShape.plan(vision)))
                return
            }
            print(Self.table(vision).render())
        }

        static func table(_ vision: Vision) -> Table {
            var table = Table("#", "ID", "STAGE", "STATUS", "DATES", "GOAL", "ENGAGED")
            for (index, stage) in vision.stages.enumerated() {
                let engaged = vision.engaged(in: stage.id).map(\.member)
                table.add(String(index + 1), stage.id.short, stage.title, Names.flagged(stage.status.rawValue, stage.record),
                          "\(stage.start ?? "?") → \(stage.end ?? "?")", stage.goal ?? "-",
                          Names.list(engaged.compactMap { $0 }, vision))
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a stage to the plan (last, unless placed).",
            discussion: """
                Examples:
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add Discovery --first
                  entente stage add "Scale up" --after Pilot --start 2027-01-01
                """)
        @Argument(help: "The stage's title.") var title: String
        @OptionGroup var fields: StageFields
        @OptionGroup var placement: StagePlacement
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let fields = self.fields
            print(try workspace.addStage(self.title, goal: fields.goal, entryConditions: fields.entryConditions, exitConditions: fields.exitConditions,
                                         start: fields.start, end: fields.end, status: fields.status, reviewOn: fields.reviewOn,
                                         place: self.placement.place).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one stage with its conditions and engagements.")
        @Argument(help: "Stage title or id prefix.") var stage: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let stage = try workspace.stage(self.stage)
            let vision = workspace.vision
            let order = (vision.stages.firstIndex { $0.id == stage.id } ?? -1) + 1
            if self.output.json {
                print(try JSONOutput.render(StageShape(stage, order: order, vision)))
                return
            }
            print("Stage \(order): \(stage.title)  (\(stage.id.hex))")
            print("status: \(stage.status.rawValue)   dates: \(stage.start ?? "?") → \(stage.end ?? "?")")
            print("goal:   \(stage.goal ?? "-")")
            print("entry:  \(stage.entryConditions ?? "-")")
            print("exit:   \(stage.exitConditions ?? "-")")
            if let review = stage.reviewOn { print("review: \(review)") }
            var table = Table("MEMBER", "ENGAGED", "ENTRY TERMS", "EXIT TERMS")
            for engagement in vision.engagements(of: stage.id) {
                let engaged = engagement.isLapsed(on: vision.today) && engagement.engaged
                    ? "lapsed \(engagement.renewOn ?? "")" : (engagement.engaged ? "yes" : "no")
                table.add(vision.name(engagement.member), engaged,
                          engagement.entryTerms ?? "-", engagement.exitTerms ?? "-")
            }
            print(table.render())
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a stage's title, goal, conditions, dates or status.",
            discussion: "Example: entente stage update Pilot --status active --start 2026-12-01")
        @Argument(help: "Stage title or id prefix.") var stage: String
        @Option(help: "New title.") var title: String?
        @OptionGroup var fields: StageFields
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.title != nil || self.fields.given else {
                throw ValidationError("give at least one of '--title', '--goal', '--entry', '--exit', '--start', '--end' or '--status'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let fields = self.fields
            print(try workspace.updateStage(self.stage, title: self.title, goal: fields.goal, entryConditions: fields.entryConditions,
                                            exitConditions: fields.exitConditions, start: fields.start, end: fields.end, status: fields.status,
                                            reviewOn: fields.reviewOn).summary.localized)
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a stage in the plan.",
            discussion: "Example: entente stage move \"Scale up\" --after Pilot")
        @Argument(help: "Stage title or id prefix.") var stage: String
        @OptionGroup var placement: StagePlacement
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.placement.given else { throw ValidationError("say where: '--after STAGE', '--before STAGE' or '--first'") }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.moveStage(self.stage, to: self.placement.place).summary.localized)
        }
    }

    struct Engage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Engage in a stage (or withdraw with --not), with your own entry and exit terms.",
            discussion: """
                Examples:
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "May leave after delivery"
                  entente stage engage "Scale up" --not \\
                      --exit-terms "Stops after the pilot"
                """)
        @Argument(help: "Stage title or id prefix.") var stage: String
        @Option(help: ArgumentHelp("Only yourself: engagement and terms are the member's own.", visibility: .hidden)) var member: String?
        @Flag(name: .customLong("not"), help: "Record that the member does not engage in this stage.") var notEngaged = false
        @Option(help: "The member's own entry terms.") var entryTerms: String?
        @Option(help: "The member's own exit terms.") var exitTerms: String?
        @Option(help: "YYYY-MM-DD: the engagement lapses then unless renewed (engage again with a later date).") var renewOn: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.engage(stage: self.stage, engaged: !self.notEngaged, entryTerms: self.entryTerms, exitTerms: self.exitTerms,
                                       member: self.member, renewOn: self.renewOn).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a stage (nothing is deleted).")
        @Argument(help: "Stage title or id prefix.") var stage: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveStage(self.stage).summary.localized)
        }
    }
}
