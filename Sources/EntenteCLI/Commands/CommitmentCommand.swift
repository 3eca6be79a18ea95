import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct CommitmentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commitment",
            abstract: "Record who commits to what, towards whom, for which stage, by when; accept, complete or drop commitments.",
            discussion: """
                Examples:
                  entente commitment add "Draft the tender answer" --stage Pilot \\
                      --due 2026-12-15
                  entente commitment accept "Draft the tender answer"
                  entente commitment update 3fa2 --status done
                """,
            subcommands: [List.self, Add.self, Show.self, Accept.self, Update.self],
            defaultSubcommand: List.self)
    }
}

/// The JSON shape of a commitment (`entente commitment list --json`).
struct CommitmentShape: Encodable {
    var id: String
    var what: String
    @Nullable var by: String?
    @Nullable var byName: String?
    var towards: [String]
    @Nullable var stage: String?
    @Nullable var stageTitle: String?
    @Nullable var due: String?
    var status: String
    var acceptedBy: [String]
    var conflicts: [String]

    init(_ commitment: Commitment, _ vision: Vision) {
        self.id = commitment.id.hex
        self.what = commitment.what
        self.by = commitment.by?.hex
        self.byName = commitment.by.map { vision.name($0) }
        self.towards = commitment.towards.map { vision.name($0) }
        self.stage = commitment.stage?.hex
        self.stageTitle = commitment.stage.map { Names.stage($0, vision) }
        self.due = commitment.due
        self.status = commitment.status.rawValue
        self.acceptedBy = commitment.acceptedBy.map { vision.name($0) }
        self.conflicts = commitment.record.conflictedFields
    }
}

extension EntenteCommand.CommitmentCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List commitments.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let commitments = workspace.records.compactMap(Commitment.init).filter { !$0.record.isArchived }
            let vision = workspace.vision
            if self.output.json {
                print(try JSONOutput.render(commitments.map { CommitmentShape($0, vision) }))
                return
            }
            var table = Table("ID", "BY", "WHAT", "TOWARDS", "STAGE", "DUE", "STATUS")
            for commitment in commitments {
                let towards = commitment.towards.isEmpty ? "collective" : commitment.towards.map { workspace.memberName($0) }.joined(separator: ", ")
                let conflict = commitment.record.conflictedFields.isEmpty ? "" : " (conflict)"
                table.add(commitment.id.short, workspace.memberName(commitment.by), commitment.what, towards,
                          Names.stage(commitment.stage, vision), commitment.due ?? "-", commitment.status.rawValue + conflict)
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Commit to something (by default, you commit).",
            discussion: """
                Examples:
                  entente commitment add "Draft the tender answer" --due 2026-12-15
                  entente commitment add "Review the budget" --towards Alice \\
                      --towards Carol --stage Pilot
                """)
        @Argument(help: "What is committed to.") var what: String
        @Option(help: ArgumentHelp("Only yourself: a commitment is its author's own.", visibility: .hidden)) var by: String?
        @Option(help: "Towards whom (repeatable; default: the whole collective).") var towards: [String] = []
        @Option(help: "Due date, YYYY-MM-DD.") var due: String?
        @Option(help: "The stage it belongs to (title or id prefix).") var stage: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.addCommitment(what: self.what, by: self.by, towards: self.towards, due: self.due, stage: self.stage).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one commitment, with any conflicting values.")
        @Argument(help: "Commitment id prefix or exact text.") var commitment: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            guard let commitment = Commitment(try workspace.resolver.resolve(self.commitment, kind: RecordKind.commitment)) else { return }
            if self.output.json {
                print(try JSONOutput.render(CommitmentShape(commitment, workspace.vision)))
                return
            }
            print("\(commitment.what)  (\(commitment.id.hex))")
            print("by:          \(workspace.memberName(commitment.by))")
            print("towards:     \(commitment.towards.isEmpty ? "the collective" : commitment.towards.map { workspace.memberName($0) }.joined(separator: ", "))")
            print("stage:       \(Names.stage(commitment.stage, workspace.vision))")
            print("due:         \(commitment.due ?? "-")")
            print("status:      \(commitment.status.rawValue)")
            if !commitment.acceptedBy.isEmpty {
                print("accepted by: \(commitment.acceptedBy.map { workspace.memberName($0) }.joined(separator: ", "))")
            }
            for field in commitment.record.conflictedFields {
                let siblings = commitment.record.registers[field] ?? []
                print("conflict on \(field): " + siblings.map { "\($0.value) (\(workspace.directory.name(of: $0.tag.author)))" }.joined(separator: " | "))
            }
            // Every status transition, with who made it: the change log attributes each write.
            let transitions = try workspace.replica.history(of: commitment.id).compactMap { entry -> String? in
                guard case .set(_, Commitment.Field.status, let value) = entry.operation else { return nil }
                return "  \(Formatting.time(entry.timestamp))  \(value)  by \(workspace.directory.name(of: entry.author))"
            }
            if !transitions.isEmpty {
                print("status history:")
                transitions.forEach { print($0) }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a commitment made towards you or the collective.")
        @Argument(help: "Commitment id prefix or exact text.") var commitment: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.acceptCommitment(self.commitment).summary.localized)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a commitment's status, text or due date.",
            discussion: "Example: entente commitment update 3fa2 --status done")
        @Argument(help: "Commitment id prefix or exact text.") var commitment: String
        @Option(help: "proposed, accepted, done, dropped or broken.") var status: String?
        @Option(help: "New text.") var what: String?
        @Option(help: "New due date, YYYY-MM-DD.") var due: String?
        @Option(help: "New stage (title or id prefix).") var stage: String?
        @Option(help: "Why (recorded as the change's message).") var message: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.status != nil || self.what != nil || self.due != nil || self.stage != nil else {
                throw ValidationError("give at least one of '--status', '--what', '--due' or '--stage'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateCommitment(self.commitment, status: self.status, what: self.what, due: self.due, stage: self.stage, message: self.message).summary.localized)
        }
    }
}
