import EntenteText

/// The merge algorithm: how a verified change enters a replica.
///
/// A change is applied once the replica holds every change it names as a head; until then it
/// waits (is *pending*). So every replica applies a linear extension of the causal order, and
/// since each operation's effect depends only on the change and its causal past, every replica
/// that holds the same set of changes has the same state, whatever order they arrived in and
/// whatever forks any device made (see `Protocol/CHANGES.md`, "Merge").
public enum Merge {
    /// What happened to a batch.
    public struct Report: Equatable, Sendable {
        public var applied: [ChangeID] = []
        public var duplicates = 0
        /// Changes still waiting for their heads after the batch.
        public var pending = 0
        /// Forks the batch revealed (an author's changes that did not see each other).
        public var forks: [Fork] = []
        /// Operations of applied changes that had no effect (`Authority`).
        public var refusals: [OperationRefusal] = []
        /// Changes by keys that no member admitted in their causal past (and not the founding
        /// change): they speak for nobody, so no replica stores them.
        public var strangers: [ChangeID] = []
        /// Changes whose `seq` is not one more than their author's highest among their heads:
        /// no replica stores them either.
        public var misnumbered: [ChangeID] = []
        public init() {}
    }

    /// Offers changes (signatures already verified) to `storage`: applies what is ready in
    /// causal order and keeps the rest pending.
    /// - Throws: ``MergeError/tooManyPending(limit:)`` or ``MergeError/pendingTooLarge(limit:)``
    ///   when more changes, or more bytes of them, would wait than ``MergeLimits`` allows
    ///   (nothing of the batch is kept by a transactional storage), or the storage's errors.
    /// - Parameter finishing: whether this call ends the storage's batch (``ReplicaStorage/finish()``);
    ///   `false` when the caller merges more changes in the same transaction and ends it with
    ///   its last call (a storage writes its caches back once, not once per call).
    public static func receive(
        _ changes: [SignedChange], into storage: inout some ReplicaStorage, now: UInt64, finishing: Bool = true
    ) throws -> Report {
        var report = Report()
        var roster = try storage.roster()
        var waiting = WaitingChanges(try storage.pendingChanges())
        var seen = Set<ChangeID>()
        for change in changes {
            guard seen.insert(change.id).inserted, try storage.position(of: change.id) == nil, !waiting.contains(change.id) else {
                report.duplicates += 1
                continue
            }
            var ready = [change]
            while let next = ready.popLast() {
                // A waiter can be offered once per head it waited for: once applied, it is done.
                guard try storage.position(of: next.id) == nil else { continue }
                let missing = try next.change.heads.filter { try storage.position(of: $0) == nil }
                if !missing.isEmpty {
                    if !waiting.contains(next.id) {
                        guard waiting.count < MergeLimits.maximumPending else { throw MergeError.tooManyPending(limit: MergeLimits.maximumPending) }
                        guard waiting.bytes + next.encodedCount <= MergeLimits.maximumPendingBytes else {
                            throw MergeError.pendingTooLarge(limit: MergeLimits.maximumPendingBytes)
                        }
                        waiting.add(next, missing: missing)
                        try storage.addPending(next)
                    }
                    continue
                }
                if waiting.contains(next.id) {
                    waiting.remove(next.id)
                    try storage.removePending(next.id)
                }
                if try self.offer(next, into: &storage, roster: &roster, now: now, report: &report) {
                    ready += waiting.waiters(of: next.id)
                }
            }
        }
        report.pending = waiting.count
        try storage.keepRoster(roster)
        if finishing { try storage.finish() }
        return report
    }

    /// Applies a change whose heads are all held, unless no replica may store it.
    /// - Returns: whether it was applied.
    static func offer(_ signed: SignedChange, into storage: inout some ReplicaStorage, roster: inout Roster, now: UInt64, report: inout Report) throws -> Bool {
        let heads = try signed.change.heads.map { id -> LogEntry in
            guard let entry = try storage.entry(of: id) else { throw MergeError.missingHead(id) }
            return entry
        }
        guard signed.seq == self.expectedSeq(author: signed.author, heads: heads) else {
            report.misnumbered.append(signed.id)
            return false
        }
        let position = try storage.nextPosition()
        let past = CausalPast(position: position, author: signed.author, seq: signed.seq, heads: heads.map(\.position),
                              summary: PastSummary(position: position, heads: heads), in: try storage.causalIndex())
        guard try self.isAdmitted(signed, roster, past) else {
            report.strangers.append(signed.id)
            return false
        }
        let review = try Authority.review(signed, roster: roster, storage: storage, past: past)
        try self.apply(signed, review: review, past: past, position: position, heads: heads, to: &storage, now: now, report: &report)
        roster.absorb(signed, review: review, position: position)
        report.refusals += review.refusals
        report.applied.append(signed.id)
        return true
    }

    /// The `seq` a change by `author` with these heads must carry: one more than the highest
    /// `seq` of the author's changes among them, 1 when there is none (CHANGES.md §5).
    public static func expectedSeq(author: AuthorKey, heads: [LogEntry]) -> UInt64 {
        let highest = heads.filter { $0.author == author }.map(\.seq).max() ?? 0
        let (next, overflow) = highest.addingReportingOverflow(1)
        return overflow ? 0 : next
    }

    /// Whether a ready change's author is the key of a device in its causal past, or the
    /// change founds the collective. Decided from the past alone, so every replica stores
    /// or drops a change alike (`Protocol/CHANGES.md` §5).
    static func isAdmitted(_ signed: SignedChange, _ roster: Roster, _ past: CausalPast) throws -> Bool {
        try roster.isDeviceKey(signed.author, in: past) || Founding.isFounding(signed.change)
    }

    /// Applies a ready change's authorised operations, appends it to the log and advances the
    /// clock. The refused operations stay in the log, have no effect, and are recorded.
    static func apply(_ signed: SignedChange, review: Authority.Review, past: CausalPast, position: Int, heads: [LogEntry],
                      to storage: inout some ReplicaStorage, now: UInt64, report: inout Report) throws {
        let change = signed.change
        // The log first: the change's own writes then name a change the storage holds.
        let tips = try storage.tips(of: change.author).filter { try past.contains($0.position) }.map(\.position)
        let others = try storage.changes(author: change.author, seq: change.seq)
        if !others.isEmpty {
            let fork = Fork(author: change.author, seq: change.seq, changes: others + [signed.id])
            try storage.recordFork(fork)
            report.forks.append(fork)
        }
        let entry = LogEntry(position: position, id: signed.id, author: change.author, seq: change.seq,
                             heads: heads.map(\.position), past: past.summary)
        try storage.appendChange(signed, entry: entry, oldTips: tips)
        if !review.refusals.isEmpty { try storage.recordRefusals(review.refusals) }
        var created = Set<RecordID>()
        var touched: [RecordID] = []
        for (index, operation) in change.operations.enumerated() where review.allows(index) {
            if case .create(let record, _) = operation {
                created.insert(record)
            } else if !created.contains(operation.record), !touched.contains(operation.record) {
                touched.append(operation.record)
            }
        }
        if !touched.isEmpty { try storage.prefetch(records: touched) }
        for (index, operation) in change.operations.enumerated() where review.allows(index) {
            let tag = WriteTag(author: change.author, change: signed.id, op: UInt32(index))
            switch operation {
            case .create(let record, let kind):
                try storage.createRecord(RecordHeader(id: record, kind: kind, createdBy: tag, createdAt: change.timestamp, position: position))
            case .set(let record, let field, let value):
                let slot = SlotKey(record: record, field: field)
                try self.supersede(at: slot, by: tag, past: past, in: &storage)
                try storage.insertWrite(FieldWrite(tag: tag, timestamp: change.timestamp, value: value, position: position), at: slot)
                if field == Member.Field.name, let name = value.string, try storage.header(of: record)?.kind == RecordKind.member {
                    try storage.recordName(MemberName(member: record, timestamp: change.timestamp, name: name, tag: tag))
                }
            case .add(let record, let field, let element):
                let slot = SlotKey(record: record, field: field, element: element.encoded)
                try self.supersede(at: slot, by: tag, past: past, in: &storage)
                try storage.insertWrite(FieldWrite(tag: tag, timestamp: change.timestamp, value: element, position: position), at: slot)
            case .remove(let record, let field, let element):
                let slot = SlotKey(record: record, field: field, element: element.encoded)
                try self.supersede(at: slot, by: tag, past: past, in: &storage)
            case .text(let record, let field, let edit):
                // Text operations merge inside the sequence CRDT, under the change id as agent
                // (TEXT.md §9). One that does not apply (it refers to text its author never saw)
                // fails identically on every replica, which holds the same causal past, so it
                // is skipped everywhere alike.
                // A document that refuses an operation is left untouched (TextDocument.apply
                // checks before it changes anything), so it goes back as it was.
                let resolved = edit.replacingAgent(.thisChange, with: TextAgent(signed.id.bytes))
                // Moved out of the optional, so that this is the document's only reference.
                var document = TextDocument(), existed = false
                if let taken = try storage.takeTextDocument(record: record, field: field) {
                    document = taken
                    existed = true
                }
                if (try? document.apply(resolved)) != nil {
                    try storage.setTextDocument(document, after: resolved, record: record, field: field)
                } else if existed {
                    try storage.putBackTextDocument(document, record: record, field: field)
                }
            }
        }
        var clock = try storage.clock()
        clock.observe(change.timestamp, now: now)
        try storage.setClock(clock)
    }

    /// Removes the writes at `slot` that the operation `tag` had seen: those of earlier
    /// operations of its own change, and every write of a change in its causal past.
    static func supersede(at slot: SlotKey, by tag: WriteTag, past: CausalPast, in storage: inout some ReplicaStorage) throws {
        let seen = try storage.writes(at: slot).filter { write in
            write.tag.change == tag.change ? write.tag.op < tag.op : try past.contains(write.position)
        }.map(\.tag)
        if !seen.isEmpty { try storage.deleteWrites(at: slot, tags: seen) }
    }
}

/// The named limits of the merge.
public enum MergeLimits {
    /// The most changes a replica keeps waiting for changes it lacks.
    public static let maximumPending = 100_000
    /// The most bytes of signed changes a replica keeps waiting (64 MiB).
    public static let maximumPendingBytes = 64 * 1024 * 1024
}

/// Why a batch could not be merged.
public enum MergeError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooManyPending(limit: Int)
    case pendingTooLarge(limit: Int)
    /// A change named as ready had a head the storage does not hold (a storage bug).
    case missingHead(ChangeID)

    public var description: String {
        switch self {
        case .tooManyPending(let limit):
            return "more than \(limit) changes would wait for changes this replica lacks; sync with a member who has the whole history first"
        case .pendingTooLarge(let limit):
            return "more than \(limit / (1024 * 1024)) MiB of changes would wait for changes this replica lacks; sync with a member who has the whole history first"
        case .missingHead(let id):
            return "the replica lost track of change \(id.short); run `entente audit --rebuild`"
        }
    }
}

/// Pending changes and the heads each one waits for.
struct WaitingChanges {
    private var changes: [ChangeID: SignedChange] = [:]
    private var waitersByHead: [ChangeID: [ChangeID]] = [:]
    /// The bytes of the waiting changes.
    private(set) var bytes = 0

    init(_ pending: [SignedChange]) {
        for change in pending { self.add(change, missing: change.change.heads) }
    }

    var count: Int { self.changes.count }

    func contains(_ id: ChangeID) -> Bool { self.changes[id] != nil }

    mutating func add(_ change: SignedChange, missing: [ChangeID]) {
        if self.changes[change.id] == nil { self.bytes += change.encodedCount }
        self.changes[change.id] = change
        for head in missing { self.waitersByHead[head, default: []].append(change.id) }
    }

    mutating func remove(_ id: ChangeID) {
        if let change = self.changes.removeValue(forKey: id) { self.bytes -= change.encodedCount }
    }

    /// The waiting changes that named `id` as a head, in id order (each is offered again; one
    /// still missing another head waits on).
    mutating func waiters(of id: ChangeID) -> [SignedChange] {
        let ids = self.waitersByHead.removeValue(forKey: id) ?? []
        return ids.sorted(by: >).compactMap { self.changes[$0] }
    }
}
