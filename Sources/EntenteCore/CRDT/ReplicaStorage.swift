import EntenteText

/// What the merge algorithm needs from a replica's storage.
///
/// ``MemoryStorage`` keeps it in dictionaries (property tests); `EntenteStore` keeps it in
/// SQLite, inside one transaction per batch. The algorithm itself lives once, in ``Merge``.
public protocol ReplicaStorage {
    // MARK: - Change log

    /// The entry of the applied change at a log position.
    func entry(at position: Int) throws -> LogEntry
    /// What causal pasts read: the log as it is now (its reader must stay valid, and unchanged
    /// below the current position, while this storage goes on appending), the authors that
    /// forked, and the memo of causal facts.
    func causalIndex() throws -> CausalIndex
    /// The log position of an applied change.
    func position(of id: ChangeID) throws -> Int?
    /// The position the next applied change takes (1 for an empty log).
    func nextPosition() throws -> Int
    /// The applied changes that no other applied change has seen, ascending by id.
    func frontier() throws -> [ChangeID]
    /// The author's applied changes that none of their other applied changes has seen
    /// (one, unless the author forked).
    func tips(of author: AuthorKey) throws -> [LogEntry]
    /// The applied changes of `author` at `seq`.
    func changes(author: AuthorKey, seq: UInt64) throws -> [ChangeID]
    /// Appends an applied change to the log at `entry.position`: its heads leave the frontier
    /// and it joins it; `oldTips` (positions) stop being its author's tips and it becomes one.
    mutating func appendChange(_ change: SignedChange, entry: LogEntry, oldTips: [Int]) throws
    /// Keeps the evidence that an author signed changes that did not see each other.
    mutating func recordFork(_ fork: Fork) throws

    // MARK: - Waiting

    mutating func addPending(_ change: SignedChange) throws
    func pendingChanges() throws -> [SignedChange]
    func pendingCount() throws -> Int
    mutating func removePending(_ id: ChangeID) throws

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
    /// The collaborative text at a field, handed over to be edited in place: the storage
    /// keeps no other reference to it until ``setTextDocument(_:after:record:field:)`` or
    /// ``putBackTextDocument(_:record:field:)`` gives it back (a shared copy would be copied
    /// whole by its first edit: the cost of a long text's every edit).
    mutating func takeTextDocument(record: RecordID, field: String) throws -> TextDocument?
    /// Gives back, unchanged, a document taken with ``takeTextDocument(record:field:)``.
    mutating func putBackTextDocument(_ document: TextDocument, record: RecordID, field: String) throws
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
    /// Keeps a member's name as an applied operation wrote it (``NameHistory``).
    mutating func recordName(_ name: MemberName) throws
    /// Every member name ever applied, in the order applied.
    func memberNames() throws -> [MemberName]
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
    public mutating func takeTextDocument(record: RecordID, field: String) throws -> TextDocument? {
        try self.textDocument(record: record, field: field)
    }
    public mutating func putBackTextDocument(_ document: TextDocument, record: RecordID, field: String) throws {}
    public mutating func finish() throws {}

    /// The entry of an applied change, by id.
    public func entry(of id: ChangeID) throws -> LogEntry? {
        try self.position(of: id).map { try self.entry(at: $0) }
    }
}
