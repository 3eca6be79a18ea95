import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct MemberCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "member",
            abstract: "List, add, rename, archive or restore the collective's members; record when they enter and leave.",
            discussion: """
                Leaving is recorded (date, stage, exit terms), never a deletion.
                Examples:
                  entente member list
                  entente member update Bob --entered-at "Pilot"
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients"
                """,
            subcommands: [List.self, Add.self, Show.self, Update.self, Leave.self, Archive.self, Restore.self],
            defaultSubcommand: List.self)
    }
}

/// The JSON shape of a member (`entente member list --json`).
struct MemberShape: Encodable {
    var id: String
    var name: String
    @Nullable var key: String?
    @Nullable var fingerprint: String?
    var archived: Bool
    var active: Bool
    @Nullable var enteredAt: String?
    @Nullable var enteredAtTitle: String?
    @Nullable var leftAt: String?
    @Nullable var leftAtTitle: String?
    @Nullable var leftOn: String?
    /// The departure date when it is still to come (the member is active until then).
    @Nullable var leavesOn: String?
    @Nullable var exitTerms: String?
    var conflicts: [String]

    init(_ member: Member, _ vision: Vision) {
        self.id = member.id.hex
        self.name = member.name
        self.key = member.key?.hex
        self.fingerprint = member.key?.fingerprint
        self.archived = member.isArchived
        self.active = member.isActive
        self.enteredAt = member.enteredAt?.hex
        self.enteredAtTitle = member.enteredAt.map { Names.stage($0, vision) }
        self.leftAt = member.leftAt?.hex
        self.leftAtTitle = member.leftAt.map { Names.stage($0, vision) }
        self.leftOn = member.leftOn
        self.leavesOn = member.leavesOn
        self.exitTerms = member.exitTerms
        self.conflicts = member.record.conflictedFields
    }
}

extension EntenteCommand.MemberCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the members.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Include archived members.") var all = false

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let members = workspace.directory.members.filter { self.all || !$0.isArchived }
            let vision = workspace.vision
            if self.output.json {
                print(try JSONOutput.render(members.map { MemberShape($0, vision) }))
                return
            }
            var table = Table("ID", "NAME", "ENTERED AT", "LEFT", "KEY")
            for member in members {
                let left = member.leavesOn.map { "leaves on \($0)" }
                    ?? (member.hasLeft ? [member.leftOn, member.leftAt.map { Names.stage($0, vision) }].compactMap { $0 }.joined(separator: ", ") : "-")
                table.add(member.id.short, member.name + (member.isArchived ? " (archived)" : ""),
                          Names.stage(member.enteredAt, vision), left, member.key?.fingerprint ?? "no device yet")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member who has no replica yet.",
            discussion: """
                Examples:
                  entente member add "Chloé Martin"
                  entente member add "Chloé Martin" --entered-at Pilot
                """)
        @Argument(help: "The member's name.") var name: String
        @Option(help: ArgumentHelp("The stage at which they enter (title or id prefix).", valueName: "stage")) var enteredAt: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.addMember(self.name, enteredAt: self.enteredAt).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one member.")
        @Argument(help: "Member name or id prefix.") var member: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try workspace.member(self.member)
            let vision = workspace.vision
            if self.output.json {
                print(try JSONOutput.render(MemberShape(member, vision)))
                return
            }
            print("\(member.name)  \(member.id.hex)")
            print("key:         \(member.key?.hex ?? "no device yet")")
            if let key = member.key { print("fingerprint: \(key.fingerprint)") }
            print("entered at:  \(Names.stage(member.enteredAt, vision))")
            if let leaves = member.leavesOn {
                print("leaves on:   \(leaves) at stage \(Names.stage(member.leftAt, vision)) (active until then)")
                print("exit terms:  \(member.exitTerms ?? "-")")
            } else if member.hasLeft {
                print("left:        \(member.leftOn ?? "-") at stage \(Names.stage(member.leftAt, vision))")
                print("exit terms:  \(member.exitTerms ?? "-")")
            }
            if member.isArchived { print("archived") }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a member or record the stage at which they entered.",
            discussion: """
                Examples:
                  entente member update Bob --name "Bob Durand"
                  entente member update Bob --entered-at "Pilot"
                """)
        @Argument(help: "Member name or id prefix.") var member: String
        @Option(help: "The new name.") var name: String?
        @Option(help: ArgumentHelp("The stage at which they entered (title or id prefix).", valueName: "stage")) var enteredAt: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.name != nil || self.enteredAt != nil else {
                throw ValidationError("give at least one of '--name' or '--entered-at'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateMember(self.member, name: self.name, enteredAt: self.enteredAt).summary.localized)
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a member leaves, with their exit terms (nothing is deleted).",
            discussion: """
                Example:
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients, keeps her fees" --kind good-reason
                On a terminal, without --kind, it asks which kind of exit it is. A date
                in the future takes effect on that date: the member stays active until then.
                """)
        @Argument(help: "Member name or id prefix.") var member: String
        @Option(help: "The date they leave, YYYY-MM-DD (default: today).") var on: String?
        @Option(help: ArgumentHelp("The stage at which they leave (title or id prefix).", valueName: "stage")) var at: String?
        @Option(help: "The terms of their exit.") var terms: String?
        @Option(help: "The kind of exit: \(ExitKind.allCases.map(\.rawValue).joined(separator: ", ")); the agreed terms for it are shown.")
        var kind: String?
        @Flag(help: "Do not ask for the kind of exit on a terminal.") var noInput = false
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            var kind = self.kind
            if kind == nil, !self.noInput, isatty(STDIN_FILENO) != 0 {
                kind = try ExitKindPrompt.ask(Language.fromEnvironment(ProcessInfo.processInfo.environment))?.rawValue
            }
            print(try workspace.leave(member: self.member, on: self.on, at: self.at, terms: self.terms, kind: kind).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose, or consent to, archiving a member: it takes a majority of the other members.",
            discussion: """
                The first member to run it proposes; each other member consents by running the
                same command on their own replica. The member is archived once a majority of
                the other members have consented (nothing is deleted; the history stays).
                Example:
                  entente member archive Carol
                """)
        @Argument(help: "Member name or id prefix.") var member: String
        @OptionGroup var options: ReplicaOptions

        func run() throws { try MotionVote.run(.archive, on: self.member, self.options) }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose, or consent to, restoring an archived member: it takes a majority of the other members.",
            discussion: """
                Example:
                  entente member restore Carol
                """)
        @Argument(help: "Member name or id prefix.") var member: String
        @OptionGroup var options: ReplicaOptions

        func run() throws { try MotionVote.run(.restore, on: self.member, self.options) }
    }
}

/// `member archive` and `member restore`: propose a motion, or consent to the open one.
enum MotionVote {
    static func run(_ action: MotionAction, on query: String, _ options: ReplicaOptions) throws {
        let workspace = try Workspace(try options.open())
        let me = try workspace.me()
        let member = try workspace.member(query)
        let roster = workspace.directory.roster
        let verb = action == .archive ? "archiving" : "restoring"
        guard member.id != me.id else {
            throw CLIError(action == .archive
                ? "you cannot archive yourself; to leave, run `entente member leave \(me.name)`"
                : "you cannot restore yourself; ask another member to run `entente member restore \(me.name)`")
        }
        guard member.isArchived == (action == .restore) else {
            throw CLIError(action == .archive ? "\(member.name) is already archived" : "\(member.name) is not archived")
        }
        let open = roster.openMotions().last { $0.target == member.id && $0.action == action }
        if let open {
            guard !roster.consenting(open, in: .everything).contains(me.id) else {
                throw CLIError("you already consented to \(verb) \(member.name); \(Self.progress(open, roster, workspace))")
            }
            try workspace.commit(message: "") { change in Admission.consent(to: open.record, by: me.id, into: &change) }
        } else {
            try workspace.commit(message: "") { change in
                Admission.propose(action, on: member.id, by: me.id, roster: roster, into: &change)
            }
        }
        let after = try Workspace(workspace.replica)
        if after.directory.members.first(where: { $0.id == member.id })?.isArchived == (action == .archive) {
            print(action == .archive ? "\(member.name) is archived: a majority of the other members consented." : "\(member.name) is restored: a majority of the other members consented.")
        } else if let motion = after.directory.roster.openMotions().last(where: { $0.target == member.id && $0.action == action }) {
            print("You consented to \(verb) \(member.name); \(Self.progress(motion, after.directory.roster, after)).")
        }
    }

    static func progress(_ motion: Roster.MotionFact, _ roster: Roster, _ workspace: Workspace) -> String {
        let consenting = roster.consenting(motion, in: .everything)
        let waiting = motion.voters.subtracting(consenting).map { workspace.memberName($0) }.sorted()
        let verb = motion.action == .archive ? "archive" : "restore"
        return "\(consenting.count) of \(motion.threshold) consents needed so far; waiting for \(waiting.joined(separator: ", ")) "
            + "(each runs `entente member \(verb) \(workspace.memberName(motion.target))` on their replica)"
    }
}
