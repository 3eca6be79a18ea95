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
        guard let member = self.directory.members.first(where: { $0.id == record.id }) else { throw CLIError("'\(query)' is not a member") }
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

extension Workspace {
    /// Commits one change; a change the authority rules refuse is never written, and the
    /// refusal says who may do it instead.
    @discardableResult
    func commit(message: String, _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        do {
            return try self.replica.commit(message: message, build)
        } catch let error as AuthorityError {
            throw CLIError(self.explain(error.refusal))
        }
    }

    /// A refusal in words, with names and the command to use instead.
    func explain(_ refusal: OperationRefusal) -> String {
        let owner = refusal.owner.map { self.memberName($0) }
        let command: String? = switch (refusal.kind, refusal.field) {
        case (RecordKind.valuation?, _): "entente contribution value ..."
        case (RecordKind.phaseCheckIn?, _): "entente phase add ..."
        case (RecordKind.engagement?, _): "entente stage engage ..."
        case (RecordKind.expectation?, Expectation.Field.acknowledgedBy?): "entente expectation ack ..."
        case (RecordKind.expectation?, _): "entente expectation update ..."
        case (RecordKind.commitment?, Commitment.Field.acceptedBy?): "entente commitment accept ..."
        case (RecordKind.commitment?, _): "entente commitment ..."
        case (RecordKind.member?, _): "entente member leave ..."
        default: nil
        }
        let what = Self.act(refusal)
        switch refusal.rule {
        case .personal, .ownElement:
            guard let owner else { return refusal.explanation }
            return "only \(owner) can record \(owner)'s \(what): ask \(owner) to run `\(command ?? "entente ...")` on their own replica"
        case .notOwed:
            return "only the members \(owner.map { "\($0)'s " } ?? "this ")commitment is owed to can accept it or mark it broken, and \(owner ?? "its author") cannot accept their own"
        default:
            return refusal.explanation
        }
    }

    static func act(_ refusal: OperationRefusal) -> String {
        switch refusal.kind {
        case RecordKind.valuation?: return "valuation"
        case RecordKind.phaseCheckIn?: return "phase check-in"
        case RecordKind.engagement?: return "engagement and terms"
        case RecordKind.expectation?: return refusal.field == Expectation.Field.acknowledgedBy ? "acknowledgement" : "expectation"
        case RecordKind.commitment?: return refusal.field == Commitment.Field.acceptedBy ? "acceptance" : "commitment"
        case RecordKind.member?: return "exit"
        case RecordKind.risk?: return "risk report"
        default: return [refusal.kind, refusal.field].compactMap { $0 }.joined(separator: " ")
        }
    }
}
