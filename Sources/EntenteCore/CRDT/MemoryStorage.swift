import EntenteLocking
import EntenteText

/// An in-memory ``ReplicaStorage``: the reference the SQLite store is tested against, and the
/// replica of the seeded property tests.
public struct MemoryStorage: ReplicaStorage, Sendable {
    private var log = AppendOnlyLog()
    /// Facts keyed by change id, true in every copy: shared by copies.
    private let memo = CausalMemo()
    private var positions: [ChangeID: Int] = [:]
    private var frontierPositions = Set<Int>()
    private var tipPositions: [AuthorKey: Set<Int>] = [:]
    private var bySeq: [AuthorKey: [UInt64: [ChangeID]]] = [:]
    private var pending: [ChangeID: SignedChange] = [:]
    public private(set) var forks: [Fork] = []
    private var refused: [OperationRefusal] = []
    private var names: [MemberName] = []
    private var clockState = HybridClock()
    private var records: [RecordID: RecordHeader] = [:]
    private var slots: [SlotKey: [FieldWrite]] = [:]
    private var texts: [SlotKey: TextDocument] = [:]
    /// Every applied change in the order it was applied.
    public private(set) var appliedOrder: [SignedChange] = []
    /// Whether ``roster()`` answers with the roster the merge kept after the last batch, as
    /// the SQLite store does, instead of building it anew from every record (the reference
    /// behaviour the tests compare against; building it costs time in the number of writes,
    /// which makes long generated histories quadratic).
    public var keepsRoster = false
    private var keptRoster: Roster?

    public init() {}

    public func roster() throws -> Roster {
        if self.keepsRoster, let roster = self.keptRoster { return roster }
        return Roster(records: try self.authorityRecords())
    }

    public mutating func keepRoster(_ roster: Roster) throws {
        if self.keepsRoster { self.keptRoster = roster }
    }

    // MARK: - Change log

    public func entry(at position: Int) throws -> LogEntry {
        guard position >= 1, position <= self.appliedOrder.count else { throw MergeError.missingHead(ChangeID.none) }
        return try self.log.entry(position)
    }

    public func causalIndex() throws -> CausalIndex {
        CausalIndex(reader: MemoryLogReader(log: self.log, count: self.appliedOrder.count), forked: Set(self.forks.map(\.author)), memo: self.memo)
    }

    public func position(of id: ChangeID) throws -> Int? { self.positions[id] }

    public func nextPosition() throws -> Int { self.appliedOrder.count + 1 }

    public func frontier() throws -> [ChangeID] { self.frontierPositions.map { self.appliedOrder[$0 - 1].id }.sorted() }

    public func tips(of author: AuthorKey) throws -> [LogEntry] {
        try (self.tipPositions[author] ?? []).sorted().map { try self.log.entry($0) }
    }

    public func changes(author: AuthorKey, seq: UInt64) throws -> [ChangeID] { self.bySeq[author]?[seq] ?? [] }

    /// Whether the change was applied here.
    public func containsChange(_ id: ChangeID) -> Bool { self.positions[id] != nil }

    public mutating func appendChange(_ change: SignedChange, entry: LogEntry, oldTips: [Int]) throws {
        // Another copy of this storage may have appended to the shared log since it was copied:
        // then this one appends to a copy of its own part.
        if !self.log.append(entry, after: self.appliedOrder.count) {
            self.log = self.log.prefix(self.appliedOrder.count)
            _ = self.log.append(entry, after: self.appliedOrder.count)
        }
        self.positions[change.id] = entry.position
        self.frontierPositions.subtract(entry.heads)
        self.frontierPositions.insert(entry.position)
        self.tipPositions[change.author, default: []].subtract(oldTips)
        self.tipPositions[change.author, default: []].insert(entry.position)
        self.bySeq[change.author, default: [:]][change.seq, default: []].append(change.id)
        self.appliedOrder.append(change)
    }

    public mutating func recordFork(_ fork: Fork) throws {
        if let index = self.forks.firstIndex(where: { $0.author == fork.author && $0.seq == fork.seq }) {
            self.forks[index] = Fork(author: fork.author, seq: fork.seq, changes: Array(Set(self.forks[index].changes + fork.changes)))
        } else {
            self.forks.append(fork)
        }
    }

    // MARK: - Waiting

    public mutating func addPending(_ change: SignedChange) throws { self.pending[change.id] = change }
    public func pendingChanges() throws -> [SignedChange] { self.pending.values.sorted { $0.id < $1.id } }
    public func pendingCount() throws -> Int { self.pending.count }
    public mutating func removePending(_ id: ChangeID) throws { self.pending[id] = nil }

    // MARK: - Clock

    public func clock() throws -> HybridClock { self.clockState }
    public mutating func setClock(_ clock: HybridClock) throws { self.clockState = clock }

    // MARK: - Materialised state

    public mutating func createRecord(_ header: RecordHeader) throws { self.records[header.id] = header }
    public func writes(at slot: SlotKey) throws -> [FieldWrite] { self.slots[slot] ?? [] }

    public mutating func deleteWrites(at slot: SlotKey, tags: [WriteTag]) throws {
        let doomed = Set(tags)
        self.slots[slot]?.removeAll { doomed.contains($0.tag) }
        if self.slots[slot]?.isEmpty == true { self.slots[slot] = nil }
    }

    public mutating func insertWrite(_ write: FieldWrite, at slot: SlotKey) throws {
        self.slots[slot, default: []].append(write)
    }

    public func textDocument(record: RecordID, field: String) throws -> TextDocument? {
        self.texts[SlotKey(record: record, field: field)]
    }

    public mutating func takeTextDocument(record: RecordID, field: String) throws -> TextDocument? {
        self.texts.removeValue(forKey: SlotKey(record: record, field: field))
    }

    public mutating func putBackTextDocument(_ document: TextDocument, record: RecordID, field: String) throws {
        self.texts[SlotKey(record: record, field: field)] = document
    }

    public mutating func setTextDocument(_ document: TextDocument, after edit: TextOperation, record: RecordID, field: String) throws {
        self.texts[SlotKey(record: record, field: field)] = document
    }

    public func forEachText(_ body: (RecordID, String, String) throws -> Void) throws {
        for slot in self.texts.keys.sorted(by: SlotKey.canonicalPrecedes) {
            try body(slot.record, slot.field, self.texts[slot]?.text ?? "")
        }
    }

    public func allRecords() throws -> [RecordHeader] { self.records.values.sorted { $0.id < $1.id } }

    public func forEachWrite(_ body: (SlotKey, FieldWrite) throws -> Void) throws {
        for slot in self.slots.keys.sorted(by: SlotKey.canonicalPrecedes) {
            for write in (self.slots[slot] ?? []).sorted(by: { $0.tag < $1.tag }) {
                try body(slot, write)
            }
        }
    }

    public func header(of record: RecordID) throws -> RecordHeader? { self.records[record] }

    public func hasWrites(record: RecordID, field: String) throws -> Bool {
        self.slots.keys.contains { $0.record == record && $0.field == field }
    }

    public func authorityRecords() throws -> [RecordState] {
        let headers = self.records.values.filter { Roster.kinds.contains($0.kind) }
        let wanted = Set(headers.map(\.id))
        var writes: [RecordID: [(SlotKey, FieldWrite)]] = [:]
        for (slot, list) in self.slots where wanted.contains(slot.record) {
            for write in list { writes[slot.record, default: []].append((slot, write)) }
        }
        return headers.sorted { $0.id < $1.id }.map { RecordState(header: $0, writes: writes[$0.id] ?? []) }
    }

    public mutating func recordRefusals(_ refusals: [OperationRefusal]) throws { self.refused += refusals }
    public func refusals() throws -> [OperationRefusal] { self.refused }
    public mutating func recordName(_ name: MemberName) throws { self.names.append(name) }
    public func memberNames() throws -> [MemberName] { self.names }

    /// Every change this storage holds, applied or pending.
    public var allChanges: [SignedChange] { self.appliedOrder + Array(self.pending.values) }
}

/// The entries of a log, only ever appended to. Copies of a ``MemoryStorage`` share it while
/// their logs agree; one that appends after another did takes a copy of its own part. Readers
/// of the first entries are never disturbed by appends.
final class AppendOnlyLog: Sendable {
    private let entries = LockedValue<[LogEntry]>([])

    /// Appends `entry` if the log holds exactly `count` entries; otherwise does nothing.
    func append(_ entry: LogEntry, after count: Int) -> Bool {
        self.entries.withLock { entries in
            guard entries.count == count else { return false }
            entries.append(entry)
            return true
        }
    }

    func entry(_ position: Int) throws -> LogEntry {
        try self.entries.withLock { entries in
            guard position >= 1, position <= entries.count else { throw MergeError.missingHead(ChangeID.none) }
            return entries[position - 1]
        }
    }

    func prefix(_ count: Int) -> AppendOnlyLog {
        let copy = AppendOnlyLog()
        let kept = self.entries.withLock { Array($0.prefix(count)) }
        copy.entries.withLock { $0 = kept }
        return copy
    }
}

/// A ``LogReader`` over the first `count` entries of a shared log (they never change).
struct MemoryLogReader: LogReader {
    let log: AppendOnlyLog
    let count: Int

    func entry(at position: Int) throws -> LogEntry {
        guard position <= self.count else { throw MergeError.missingHead(ChangeID.none) }
        return try self.log.entry(position)
    }
}

extension MemoryStorage {
    /// What this storage holds (``HistorySummary``), with full keys and ids.
    public func summary() throws -> HistorySummary {
        HistorySummary.holding(try self.tipPositions.values.flatMap { $0 }.map { position in
            let entry = try self.entry(at: position)
            return HistorySummary.Tip(author: entry.author.bytes, seq: entry.seq, head: entry.id.bytes)
        })
    }

    /// The applied changes a replica summarised by `peer` lacks, in log order: the rule of
    /// `Protocol/SYNC.md` §5 (the reference for `Replica.changes(missingFrom:)`).
    public func changes(missingFrom peer: HistorySummary) throws -> [SignedChange] {
        var known: [LogEntry] = []
        var beyond: [AuthorKey: UInt64] = [:]
        let authors = Array(self.tipPositions.keys)
        let forked = Set(self.forks.map(\.author))
        for tip in peer.tips {
            let matches = self.appliedOrder.filter { tip.names(change: $0.id) }
            if matches.count == 1, let entry = try self.entry(of: matches[0].id), tip.names(author: entry.author), entry.seq == tip.seq {
                known.append(entry)
                continue
            }
            let named = authors.filter { tip.names(author: $0) }
            if named.count == 1, let author = named.first, !forked.contains(author),
               tip.seq > (try self.tips(of: author).map(\.seq).max() ?? 0) {
                beyond[author] = max(beyond[author] ?? 0, tip.seq)
            }
        }
        let next = try self.nextPosition()
        let heads = Array(Set(known.map(\.position))).sorted()
        let summary = PastSummary(position: next, heads: try heads.map { try self.entry(at: $0) })
        let past = CausalPast(position: next, author: nil, seq: nil, heads: heads, summary: summary, in: try self.causalIndex())
        return try self.appliedOrder.enumerated().compactMap { offset, change in
            let position = offset + 1
            if try heads.contains(position) || past.contains(position) { return nil }
            if let seq = beyond[change.author], change.seq <= seq { return nil }
            return change
        }
    }
}
