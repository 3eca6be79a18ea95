import EntenteText

/// An in-memory ``ReplicaStorage``: the reference the SQLite store is tested against, and the
/// replica of the seeded property tests.
public struct MemoryStorage: ReplicaStorage, Sendable {
    private var log: [ChangeID: SignedChange] = [:]
    private var heads: [AuthorKey: (seq: UInt64, id: ChangeID)] = [:]
    private var chains: [AuthorKey: [ChangeID]] = [:]
    private var pending: [ChangeID: SignedChange] = [:]
    public private(set) var forks: [ForkEvidence] = []
    private var refused: [OperationRefusal] = []
    private var clockState = HybridClock()
    private var records: [RecordID: RecordHeader] = [:]
    private var slots: [SlotKey: [FieldWrite]] = [:]
    private var texts: [SlotKey: TextDocument] = [:]
    /// Every applied change in the order it was applied.
    public private(set) var appliedOrder: [SignedChange] = []

    public init() {}

    public func head(of author: AuthorKey) throws -> (seq: UInt64, id: ChangeID)? { self.heads[author] }

    /// Whether the change was applied here.
    public func containsChange(_ id: ChangeID) -> Bool { self.log[id] != nil }

    public func changeID(author: AuthorKey, seq: UInt64) throws -> ChangeID? {
        guard let chain = self.chains[author], seq >= 1, seq <= UInt64(chain.count) else { return nil }
        return chain[Int(seq - 1)]
    }

    public func versionVector() throws -> VersionVector {
        VersionVector(self.heads.mapValues(\.seq))
    }

    public mutating func appendChange(_ change: SignedChange) throws {
        self.log[change.id] = change
        self.heads[change.author] = (change.seq, change.id)
        self.chains[change.author, default: []].append(change.id)
        self.appliedOrder.append(change)
    }

    public mutating func addPending(_ change: SignedChange) throws { self.pending[change.id] = change }
    public func pendingChanges() throws -> [SignedChange] { self.pending.values.sorted { $0.id < $1.id } }
    public func pendingCount() throws -> Int { self.pending.count }
    public mutating func removePending(_ id: ChangeID) throws { self.pending[id] = nil }
    public mutating func recordFork(_ evidence: ForkEvidence) throws {
        if !self.forks.contains(where: { $0.rejected.id == evidence.rejected.id }) { self.forks.append(evidence) }
    }
    public func isForkEvidence(_ id: ChangeID) throws -> Bool { self.forks.contains { $0.rejected.id == id } }

    public func clock() throws -> HybridClock { self.clockState }
    public mutating func setClock(_ clock: HybridClock) throws { self.clockState = clock }

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

    /// Every change this storage holds, applied or pending.
    public var allChanges: [SignedChange] { Array(self.log.values) + Array(self.pending.values) }
}
