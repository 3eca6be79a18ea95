import EntenteCore

/// Checks received changes, in the order they arrive, before any is stored
/// (`Protocol/SYNC.md`, "Verifying changes"). Pure: the driver seeds it from the replica.
///
/// Each change must belong to the collective, continue its author's chain (`seq` = head + 1
/// with `previous` = the head's id; a `seq` at or below the head is passed on as a duplicate
/// or fork evidence for the merge to record), have its causal context already present, and
/// be written by a member: an author key listed by a `member` record in the state after the
/// changes before it, or an author's first change creating its own member record (founding
/// a collective, `entente init --from`). Signatures are checked by `Replica.receive`.
///
/// Membership of authors counts archived members too: a change an ex-member made while still
/// a member must be accepted by every replica whatever order the archive reaches them, or
/// replicas would diverge; the handshake keeps archived members from connecting.
public struct SyncChangeChecker: Sendable {
    public let collective: CollectiveID
    private var heads: [AuthorKey: (seq: UInt64, id: ChangeID)]
    private var vector: VersionVector
    private var memberKeys: Set<AuthorKey>
    private var memberRecords: Set<RecordID>

    /// - Parameters:
    ///   - heads: each author's latest applied change in the receiving replica.
    ///   - memberRecords: the ids of the replica's `member` records, with the author keys
    ///     they list (archived ones included).
    public init(collective: CollectiveID, heads: [AuthorKey: (seq: UInt64, id: ChangeID)], memberRecords: [RecordID: AuthorKey?]) {
        self.collective = collective
        self.heads = heads
        self.vector = VersionVector(heads.mapValues(\.seq))
        self.memberRecords = Set(memberRecords.keys)
        self.memberKeys = Set(memberRecords.values.compactMap { $0 })
    }

    /// Checks the next change; on success the checker counts it as applied.
    /// - Throws: `SyncRefusal` with code `.invalidChange` saying what is wrong.
    public mutating func check(_ signed: SignedChange) throws {
        let change = signed.change
        let who = "change \(signed.id.short) (author \(change.author.short), #\(change.seq))"
        guard change.collective == self.collective else {
            throw SyncRefusal(.invalidChange, "\(who) belongs to another collective (\(change.collective.short))")
        }
        let head = self.heads[change.author] ?? (seq: 0, id: .none)
        if change.seq <= head.seq { return }  // a duplicate, or fork evidence for the merge
        guard change.seq == head.seq + 1 else {
            throw SyncRefusal(.invalidChange, "\(who) breaks its author's chain: it arrives before #\(head.seq + 1)")
        }
        guard change.previous == head.id else {
            throw SyncRefusal(.invalidChange, "\(who) breaks its author's chain: its previous change is \(change.previous.short), not \(head.id.short)")
        }
        guard self.vector.dominates(change.context) else {
            throw SyncRefusal(.invalidChange, "\(who) arrives before changes it depends on (not in causal order)")
        }
        guard self.memberKeys.contains(change.author) || Self.admitsItself(change) else {
            throw SyncRefusal(.invalidChange, "\(who) is by a key that is not a member of the collective")
        }
        self.heads[change.author] = (change.seq, signed.id)
        self.vector[change.author] = change.seq
        self.learnMembers(from: change)
    }

    /// An author's first change that creates a member record listing the author's own key.
    static func admitsItself(_ change: Change) -> Bool {
        guard change.seq == 1 else { return false }
        var created = Set<RecordID>()
        for operation in change.operations {
            switch operation {
            case .create(let record, let kind) where kind == RecordKind.member:
                created.insert(record)
            case .set(let record, Member.Field.key, .bytes(let key)) where created.contains(record) && key == change.author.bytes:
                return true
            default:
                continue
            }
        }
        return false
    }

    private mutating func learnMembers(from change: Change) {
        for operation in change.operations {
            switch operation {
            case .create(let record, let kind) where kind == RecordKind.member:
                self.memberRecords.insert(record)
            case .set(let record, Member.Field.key, .bytes(let key)) where self.memberRecords.contains(record):
                if let author = AuthorKey(validating: key) { self.memberKeys.insert(author) }
            default:
                continue
            }
        }
    }
}
