import EntenteCore
import EntenteStore

/// What this replica's member may do to the records a page shows, as the core's authority
/// rules decide: a dry run of the very operations the actions commit (`Replica.permittedOperations`).
public struct Permissions: Sendable {
    /// The statuses the member may give each commitment (its current one excluded).
    public var commitmentStatuses: [RecordID: Set<Commitment.Status>] = [:]
    /// The commitments the member may accept.
    public var acceptable: Set<RecordID> = []
    /// The open decisions the member may close.
    public var closable: Set<RecordID> = []
}

extension Workspace {
    /// What the member may do to `commitments` and `decisions`; `nil` when it cannot be told
    /// (no member on this replica, or the replica could not be read): then offer everything,
    /// the core still refuses what is not theirs.
    public func permissions(commitments: [Commitment] = [], decisions: [Decision] = []) -> Permissions? {
        guard let me = try? self.me() else { return nil }
        enum Candidate { case status(RecordID, Commitment.Status), accept(RecordID), close(RecordID) }
        var candidates: [Candidate] = []
        let verdicts = try? self.replica.permittedOperations { change in
            for commitment in commitments {
                for status in Commitment.Status.allCases where status != commitment.status {
                    Self.setStatus(of: commitment.id, to: status, in: &change)
                    candidates.append(.status(commitment.id, status))
                }
                Self.accept(commitment.id, by: me.id, in: &change)
                candidates.append(.accept(commitment.id))
            }
            for decision in decisions where decision.status.isOpen {
                change.set(decision.id, Decision.Field.status, .string(Decision.Status.withdrawn.rawValue))
                candidates.append(.close(decision.id))
            }
        }
        guard let verdicts, verdicts.count == candidates.count else { return nil }
        var permissions = Permissions()
        for (candidate, allowed) in zip(candidates, verdicts) where allowed {
            switch candidate {
            case .status(let id, let status): permissions.commitmentStatuses[id, default: []].insert(status)
            case .accept(let id): permissions.acceptable.insert(id)
            case .close(let id): permissions.closable.insert(id)
            }
        }
        return permissions
    }

    /// The operation that gives a commitment a status (``updateCommitment(_:status:what:due:stage:)``).
    static func setStatus(of commitment: RecordID, to status: Commitment.Status, in change: inout ChangeBuilder) {
        change.set(commitment, Commitment.Field.status, .string(status.rawValue))
    }

    /// The operation by which a member accepts a commitment (``acceptCommitment(_:)``).
    static func accept(_ commitment: RecordID, by member: RecordID, in change: inout ChangeBuilder) {
        change.add(commitment, Commitment.Field.acceptedBy, .record(member))
    }
}
