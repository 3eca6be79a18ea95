import EntenteCore
import EntenteStore

/// An opened replica with what most commands need to show it: its records and who is who.
struct Workspace {
    let replica: Replica
    let records: [RecordState]
    let directory: Directory

    init(_ replica: Replica) throws {
        self.replica = replica
        self.records = try replica.records()
        self.directory = Directory(records: self.records)
    }

    var resolver: RecordResolver { RecordResolver(records: self.records) }

    /// The member record of this device's key.
    func me() throws -> Member {
        guard let member = self.directory.member(for: self.replica.author) else {
            throw CLIError("this replica's key \(self.replica.author.short) is not a member of the collective yet; merge the change that admits it")
        }
        return member
    }

    func member(_ query: String) throws -> Member {
        let record = try self.resolver.resolve(query, kind: RecordKind.member)
        guard let member = Member(record) else { throw CLIError("'\(query)' is not a member") }
        return member
    }

    func memberName(_ id: RecordID?) -> String {
        guard let id, let record = self.records.first(where: { $0.id == id }) else { return "?" }
        return Member(record)?.name ?? id.short
    }

    var collectiveName: String {
        self.records.first { $0.kind == RecordKind.collective }?.string("name") ?? "(unnamed collective)"
    }
}
