import EntenteText

/// What the merge algorithm needs from a replica's storage.
///
/// ``MemoryStorage`` keeps it in dictionaries (property tests); `EntenteStore` keeps it in
/// SQLite, inside one transaction per batch. The algorithm itself lives once, in ``Merge``.
public protocol ReplicaStorage {
    // MARK: - Change log
    func head(of author: AuthorKey) throws -> (seq: UInt64, id: ChangeID)?
    func changeID(author: AuthorKey, seq: UInt64) throws -> ChangeID?
    func versionVector() throws -> VersionVector
    /// Appends an applied change to the log and moves the author's head to it.
    mutating func appendChange(_ change: SignedChange) throws

    // MARK: - Waiting and evidence
    mutating func addPending(_ change: SignedChange) throws
    func pendingChanges() throws -> [SignedChange]
    func pendingCount() throws -> Int
    mutating func removePending(_ id: ChangeID) throws
    mutating func recordFork(_ evidence: ForkEvidence) throws
    /// Whether a change is kept as fork evidence (the rejected side of a fork).
    func isForkEvidence(_ id: ChangeID) throws -> Bool

    // MARK: - Clock
    func clock() throws -> HybridClock
    mutating func setClock(_ clock: HybridClock) throws

    // MARK: - Materialised state
    mutating func createRecord(_ header: RecordHeader) throws
    func writes(at slot: SlotKey) throws -> [FieldWrite]
    mutating func deleteWrites(at slot: SlotKey, tags: [WriteTag]) throws
    mutating func insertWrite(_ write: FieldWrite, at slot: SlotKey) throws

    /// The collaborative text at a field, if it was ever edited.
    func textDocument(record: RecordID, field: String) throws -> TextDocument?
    /// Stores a text field after `edit` was applied to it, giving `document`.
    mutating func setTextDocument(_ document: TextDocument, after edit: TextOperation, record: RecordID, field: String) throws
    /// Every text field's visible content, in canonical order (record, then field bytes).
    func forEachText(_ body: (RecordID, String, String) throws -> Void) throws

    /// Every record, in ascending id order.
    func allRecords() throws -> [RecordHeader]
    /// Every surviving write, in canonical slot order then ascending tag.
    func forEachWrite(_ body: (SlotKey, FieldWrite) throws -> Void) throws

    // MARK: - Authority (Authority, Roster)

    /// The header of a record, if the replica holds it.
    func header(of record: RecordID) throws -> RecordHeader?
    /// Whether a field of a record holds any surviving write (a set field: any element).
    func hasWrites(record: RecordID, field: String) throws -> Bool
    /// Every record of the kinds that make the roster (`Roster.kinds`).
    func authorityRecords() throws -> [RecordState]
    /// Keeps the refused operations of an applied change (evidence for `entente audit`).
    mutating func recordRefusals(_ refusals: [OperationRefusal]) throws
    /// Every refused operation, in the order their changes were applied.
    func refusals() throws -> [OperationRefusal]
    /// The roster of this storage's authority records (a storage may keep it between batches).
    func roster() throws -> Roster
    /// Called with the roster after a batch or commit, inside the same transaction.
    mutating func keepRoster(_ roster: Roster) throws

    // MARK: - Batching hints

    /// Called before a change's operations are applied, with the existing records it writes
    /// to, so a storage can load their writes at once.
    mutating func prefetch(records: [RecordID]) throws
    /// Called once at the end of a batch, inside the same transaction: write back caches.
    mutating func finish() throws
}

extension ReplicaStorage {
    public func roster() throws -> Roster { Roster(records: try self.authorityRecords()) }
    public mutating func keepRoster(_ roster: Roster) throws {}
    public mutating func prefetch(records: [RecordID]) throws {}
    public mutating func finish() throws {}
}
