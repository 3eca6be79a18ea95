import EntenteCore

/// Checks received changes, in the order they arrive, before any is stored
/// (`Protocol/SYNC.md`, "Verifying changes"). Pure: the driver seeds it from the replica.
///
/// Each change must belong to the collective, continue its author's chain (`seq` = head + 1
/// with `previous` = the head's id; a `seq` at or below the head is passed on as a duplicate
/// or fork evidence for the merge to record), have its causal context already present, and
/// be signed by an admitted key: the key of a `device` record in the state after the changes
/// before it, or the collective's founding change (`Founding.isFounding`). Signatures are
/// checked by `Replica.receive`.
///
/// This only keeps strangers' changes out of the log. Whether each operation of an admitted
/// key takes effect (an archived member's later changes, acts in another member's name) is
/// decided by the merge from the change's causal past (`Authority`); such changes are stored
/// as evidence, so every replica holds the same log whatever order archives reach them.
public struct SyncChangeChecker: Sendable {
    public let collective: CollectiveID
    private var heads: [AuthorKey: (seq: UInt64, id: ChangeID)]
    private var vector: VersionVector
    private var deviceKeys: Set<AuthorKey>
    /// Changes of a forked branch seen in this session (their successors are evidence too).
    private var forkedBranches = Set<ChangeID>()

    /// - Parameters:
    ///   - heads: each author's latest applied change in the receiving replica.
    ///   - deviceKeys: the author keys of the replica's `device` records.
    ///   - forkEvidence: the ids of the changes the replica keeps as fork evidence.
    public init(collective: CollectiveID, heads: [AuthorKey: (seq: UInt64, id: ChangeID)], deviceKeys: Set<AuthorKey>, forkEvidence: Set<ChangeID> = []) {
        self.collective = collective
        self.heads = heads
        self.forkedBranches = forkEvidence
        self.vector = VersionVector(heads.mapValues(\.seq))
        self.deviceKeys = deviceKeys
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
        // A second history of this author (a replica restored from a backup, or copied): its
        // changes are fork evidence for the merge to keep, and the exchange goes on.
        if self.forkedBranches.contains(change.previous) || (change.seq == head.seq + 1 && change.previous != head.id) {
            self.forkedBranches.insert(signed.id)
            return
        }
        guard change.seq == head.seq + 1 else {
            throw SyncRefusal(.invalidChange, "\(who) breaks its author's chain: it arrives before #\(head.seq + 1)")
        }
        guard self.vector.dominates(change.context) else {
            throw SyncRefusal(.invalidChange, "\(who) arrives before changes it depends on (not in causal order)")
        }
        guard self.deviceKeys.contains(change.author) || Founding.isFounding(change) else {
            throw SyncRefusal(.invalidChange, "\(who) is by a key that no member admitted to the collective")
        }
        self.heads[change.author] = (change.seq, signed.id)
        self.vector[change.author] = change.seq
        self.learnDevices(from: change)
    }

    /// Device keys a change admits. A refused admission only makes its key's later changes
    /// stored as evidence; the merge gives them no effect.
    private mutating func learnDevices(from change: Change) {
        var devices = Set<RecordID>()
        for operation in change.operations {
            switch operation {
            case .create(let record, let kind) where kind == RecordKind.device:
                devices.insert(record)
            case .set(let record, DeviceField.key, .bytes(let key)) where devices.contains(record):
                if let author = AuthorKey(validating: key) { self.deviceKeys.insert(author) }
            default:
                continue
            }
        }
    }
}
