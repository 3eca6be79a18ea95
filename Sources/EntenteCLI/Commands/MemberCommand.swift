import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct MemberCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "member",
            abstract: "List, add, rename or archive the collective's members.",
            subcommands: [List.self, Add.self, Show.self, Update.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

/// The JSON shape of a member (`entente member list --json`).
struct MemberShape: Encodable {
    var id: String
    var name: String
    var key: String?
    var fingerprint: String?
    var archived: Bool

    init(_ member: Member) {
        self.id = member.id.hex
        self.name = member.name
        self.key = member.key?.hex
        self.fingerprint = member.key?.fingerprint
        self.archived = member.record.isArchived
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
            let members = workspace.directory.members.filter { self.all || !$0.record.isArchived }
            if self.output.json {
                print(try JSONOutput.render(members.map(MemberShape.init)))
                return
            }
            var table = Table("ID", "NAME", "KEY")
            for member in members {
                table.add(member.id.short, member.name + (member.record.isArchived ? " (archived)" : ""), member.key?.fingerprint ?? "no device yet")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member who has no replica yet.",
            discussion: "Example: entente member add \"Chloé Martin\"")
        @Argument(help: "The member's name.") var name: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let name = self.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw CLIError("a member's name must not be empty") }
            let workspace = try Workspace(try self.options.open())
            if workspace.directory.members.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw CLIError("a member named '\(name)' already exists; choose a distinct name")
            }
            var created: RecordID?
            try workspace.replica.commit(message: "Add member \(name)") { change in
                let member = change.create(RecordKind.member)
                change.set(member, Member.Field.name, .string(name))
                created = member
            }
            print("Added \(name) (\(created?.short ?? "?")).")
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
            if self.output.json {
                print(try JSONOutput.render(MemberShape(member)))
                return
            }
            print("\(member.name)  \(member.id.hex)")
            print("key:         \(member.key?.hex ?? "no device yet")")
            if let key = member.key { print("fingerprint: \(key.fingerprint)") }
            if member.record.isArchived { print("archived") }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a member.",
            discussion: "Example: entente member update Bob --name \"Bob Durand\"")
        @Argument(help: "Member name or id prefix.") var member: String
        @Option(help: "The new name.") var name: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let name = self.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw CLIError("a member's name must not be empty") }
            let workspace = try Workspace(try self.options.open())
            let member = try workspace.member(self.member)
            try workspace.replica.commit(message: "Rename \(member.name) to \(name)") { change in
                change.set(member.id, Member.Field.name, .string(name))
            }
            print("Renamed \(member.name) to \(name).")
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a member (nothing is deleted; the history stays).")
        @Argument(help: "Member name or id prefix.") var member: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try workspace.member(self.member)
            try workspace.replica.commit(message: "Archive member \(member.name)") { change in
                change.set(member.id, CommonField.archived, .bool(true))
            }
            print("Archived \(member.name).")
        }
    }
}
