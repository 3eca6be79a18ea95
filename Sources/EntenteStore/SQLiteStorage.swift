import EntenteText
import EntenteCore
import Foundation
import GRDB

/// ``ReplicaStorage`` over one open SQLite transaction. Created inside `write { db in }` and
/// dropped before it ends.
///
/// Every statement is cached, so a batch costs one prepare per SQL. Log entries, positions, record
/// headers and the clock are read once per transaction; the writes of the records a change touches are
/// read in one query (``prefetch(records:)``).
struct SQLiteStorage: ReplicaStorage {
    let db: Database
    private let cache = Cache()

    private final class Cache {
        var entries: [Int: LogEntry] = [:]
        var positions: [ChangeID: Int] = [:]
        /// Ids looked up that the log does not hold (only ``appendChange(_:entry:oldTips:)``
        /// adds to the log, and it drops the id from here).
        var absent: Set<ChangeID> = []
        /// Each author's tips (positions, ascending) and highest `seq`, by author number, once read.
        var tips: [Int64: [Int]] = [:]
        var highestSeq: [Int64: Int64] = [:]
        var next: Int?
        var clock: HybridClock?
        var clockDirty = false
        /// Writes of prefetched records, by slot; a record in `prefetched` with no slot here has none.
        var prefetched: Set<RecordID> = []
        var slots: [SlotKey: [FieldWrite]] = [:]
        var authors: AuthorNumbers?
        var dirtyTexts: Set<SlotKey> = []
        /// Authors that forked (loaded once, dropped when a fork is recorded).
        var forked: Set<AuthorKey>?
        /// Record headers read (`nil`: no such record yet); a header never changes once written.
        var headers: [RecordID: RecordHeader?] = [:]
        /// The merge's statements prepared in this transaction, by ``HotStatement`` raw value.
        var statements = [Statement?](repeating: nil, count: HotStatement.allCases.count)
    }

    /// One of the merge's statements, found without hashing its SQL after the first time.
    private func statement(_ hot: HotStatement) throws -> Statement {
        if let statement = self.cache.statements[hot.rawValue] { return statement }
        let statement = try self.db.cachedStatement(sql: hot.sql)
        self.cache.statements[hot.rawValue] = statement
        return statement
    }

    private func authors() throws -> AuthorNumbers {
        if let authors = self.cache.authors { return authors }
        let authors = try AuthorNumbers(self.db)
        self.cache.authors = authors
        return authors
    }

    /// Text documents, kept across transactions by the replica that owns this storage.
    private let textCache: TextCache

    init(_ db: Database, textCache: TextCache = TextCache()) {
        self.db = db
        self.textCache = textCache
        textCache.validate(db)
    }

    // MARK: - Change log

    func entry(at position: Int) throws -> LogEntry {
        if let entry = self.cache.entries[position] { return entry }
        let statement = try self.db.cachedStatement(sql: "SELECT id, author, seq, heads, past FROM changes WHERE position = ?")
        guard let row = try Row.fetchOne(statement, arguments: [position]) else {
            throw StoreError.damaged(path: "", detail: "the log has no change at position \(position) that another one names")
        }
        let entry = LogEntry(
            position: position, id: try row.stored(ChangeID.self, 0, "changes.id"),
            author: try self.authors().key(for: try row.stored(1, "changes.author"), "changes.author"), seq: try row.storedSeq(2, "changes.seq"),
            heads: try StoredHistory.decodeHeads(try row.storedBytes(3, "changes.heads"), "changes.heads"),
            past: try StoredHistory.decodePast(try row.storedBytes(4, "changes.past"), "changes.past"))
        self.cache.entries[position] = entry
        self.cache.positions[entry.id] = position
        return entry
    }

    func causalIndex() throws -> CausalIndex {
        if self.cache.forked == nil {
            let authors = try self.authors()
            self.cache.forked = Set(try Int64.fetchAll(self.db, sql: "SELECT DISTINCT author FROM forks").map { try authors.key(for: $0, "forks.author") })
        }
        return CausalIndex(reader: self, forked: self.cache.forked ?? [], memo: self.textCache.memo)
    }

    func position(of id: ChangeID) throws -> Int? {
        if let position = self.cache.positions[id] { return position }
        if self.cache.absent.contains(id) { return nil }
        var query = FastStatement(try self.statement(.positionByID))
        query.bind(Self.idKeyBytes(id.bytes))
        query.bind(id)
        var found: Int?
        try query.forEachRow(self.db) { found = Int(Column.int($0, 0)) }
        guard let position = found else {
            self.cache.absent.insert(id)
            return nil
        }
        self.cache.positions[id] = position
        return position
    }

    func nextPosition() throws -> Int {
        if let next = self.cache.next { return next }
        let next = (try Int.fetchOne(self.db, sql: "SELECT max(position) FROM changes") ?? 0) + 1
        self.cache.next = next
        return next
    }

    func frontier() throws -> [ChangeID] {
        try Row.fetchAll(self.db, sql: "SELECT c.id FROM frontier f JOIN changes c ON c.position = f.position ORDER BY c.id")
            .map { try $0.stored(ChangeID.self, 0, "changes.id") }
    }

    func tips(of author: AuthorKey) throws -> [LogEntry] {
        guard let number = try self.authors().existingNumber(for: author) else { return [] }
        if let known = self.cache.tips[number] { return try known.map { try self.entry(at: $0) } }
        let statement = try self.db.cachedStatement(sql: "SELECT position FROM tips WHERE author = ? ORDER BY position")
        let positions = try Int.fetchAll(statement, arguments: [number])
        self.cache.tips[number] = positions
        return try positions.map { try self.entry(at: $0) }
    }

    func changes(author: AuthorKey, seq: UInt64) throws -> [ChangeID] {
        guard let number = try self.authors().existingNumber(for: author), let seq = Int64(exactly: seq) else { return [] }
        // Above the author's highest `seq` there is none (the everyday case: no query).
        guard seq <= (try self.highestSeq(author: number)) else { return [] }
        let statement = try self.db.cachedStatement(sql: "SELECT id FROM changes WHERE author = ? AND seq = ?")
        return try Row.fetchAll(statement, arguments: [number, seq]).map { try $0.stored(ChangeID.self, 0, "changes.id") }
    }

    /// The highest `seq` of the author's changes in the log (0 when none).
    private func highestSeq(author number: Int64) throws -> Int64 {
        if let known = self.cache.highestSeq[number] { return known }
        let statement = try self.db.cachedStatement(sql: "SELECT max(seq) FROM changes WHERE author = ?")
        let highest = try Int64.fetchOne(statement, arguments: [number]) ?? 0
        self.cache.highestSeq[number] = highest
        return highest
    }

    /// The position of the change of an id (bound: its ``idKey(_:)``, then the whole id),
    /// found through `changes_by_id`.

    /// What `changes_by_id` keys a change id by: its first 8 bytes (Schema.swift, STORE.md).
    static func idKeyBytes(_ id: some Collection<UInt8>) -> [UInt8] { Array(id.prefix(8)) }

    /// ``idKeyBytes(_:)`` as a GRDB argument.
    static func idKey(_ id: some Collection<UInt8>) -> Data { Data(Self.idKeyBytes(id)) }

    mutating func appendChange(_ change: SignedChange, entry: LogEntry, oldTips: [Int]) throws {
        // The log holds each change once: the index on the id's first bytes does not say so,
        // this does (the merge never appends a change it holds; a caller that did would
        // damage the log).
        guard try self.position(of: change.id) == nil else {
            throw StoreError.damaged(path: "", detail: "the change \(change.id.short) was about to be added to the log a second time")
        }
        let author = try self.authors().number(for: change.author, in: self.db)
        var fast = FastStatement(try self.statement(.appendChange))
        fast.bind(Int64(entry.position))
        fast.bind(change.id)
        fast.bind(author)
        fast.bind(Int64(clamping: change.seq))
        fast.bind(StoredHistory.encodeHeads(entry.heads))
        fast.bind(StoredHistory.encodePast(entry.past))
        fast.bind(change.encoded)
        try fast.run(self.db)
        let unfrontier = try self.statement(.unfrontier)
        for head in entry.heads { try self.run(unfrontier, Int64(head)) }
        try self.run(try self.statement(.frontier), Int64(entry.position))
        let untip = try self.statement(.untip)
        for tip in oldTips { try self.run(untip, author, Int64(tip)) }
        try self.run(try self.statement(.tip), author, Int64(entry.position))
        self.cache.entries[entry.position] = entry
        self.cache.positions[change.id] = entry.position
        self.cache.absent.remove(change.id)
        self.cache.next = entry.position + 1
        if let known = self.cache.tips[author] { self.cache.tips[author] = known.filter { !oldTips.contains($0) } + [entry.position] }
        if let known = self.cache.highestSeq[author] { self.cache.highestSeq[author] = max(known, Int64(clamping: change.seq)) }
    }

    /// Runs a statement that returns no row with these integers bound.
    private func run(_ statement: Statement, _ values: Int64...) throws {
        var fast = FastStatement(statement)
        for value in values { fast.bind(value) }
        try fast.run(self.db)
    }

    mutating func recordFork(_ fork: Fork) throws {
        self.cache.forked = nil
        let author = try self.authors().number(for: fork.author, in: self.db)
        let statement = try self.db.cachedStatement(sql: "INSERT OR IGNORE INTO forks (author, seq, id) VALUES (?, ?, ?)")
        for id in fork.changes { try statement.execute(arguments: [author, Int64(clamping: fork.seq), id.data]) }
    }

    // MARK: - Waiting

    mutating func addPending(_ change: SignedChange) throws {
        try self.db.execute(sql: "INSERT OR IGNORE INTO pending (id, signed) VALUES (?, ?)", arguments: [change.id.data, Data(change.encoded)])
    }

    func pendingChanges() throws -> [SignedChange] {
        try Data.fetchAll(self.db, sql: "SELECT signed FROM pending ORDER BY id").map { data in
            do {
                return try SignedChange(decoding: data.bytes)
            } catch {
                throw StoredValue.damaged("pending.signed", holds: "a change that does not decode (\(error))")
            }
        }
    }

    func pendingCount() throws -> Int {
        try Int.fetchOne(self.db, sql: "SELECT count(*) FROM pending") ?? 0
    }

    mutating func removePending(_ id: ChangeID) throws {
        try self.db.execute(sql: "DELETE FROM pending WHERE id = ?", arguments: [id.data])
    }

    // MARK: - Clock

    func clock() throws -> HybridClock {
        if let clock = self.cache.clock { return clock }
        var clock = HybridClock()
        if let raw = try Data.fetchOne(self.db, sql: "SELECT value FROM meta WHERE key = 'clock'") {
            var reader = ByteReader(raw.bytes)
            clock = HybridClock(last: HybridTimestamp(wallMillis: try reader.readUInt64("clock"), counter: try reader.readUInt32("clock")))
        }
        self.cache.clock = clock
        return clock
    }

    mutating func setClock(_ clock: HybridClock) throws {
        self.cache.clock = clock
        self.cache.clockDirty = true
    }

    // MARK: - Batching

    mutating func prefetch(records: [RecordID]) throws {
        self.cache.prefetched = Set(records)
        self.cache.slots = [:]
        let statement = try self.statement(.prefetch)
        let authors = try self.authors()
        for record in records {
            var fast = FastStatement(statement)
            fast.bind(record)
            try fast.forEachRow(self.db) { row in
                let slot = SlotKey(record: record, field: Column.text(row, 7), element: Column.bytes(row, 8))
                let write = try Self.write(from: row, authors: authors)
                self.cache.slots[slot, default: []].append(write)
            }
        }
    }

    mutating func finish() throws {
        for slot in self.cache.dirtyTexts {
            guard let document = try self.textDocument(record: slot.record, field: slot.field) else { continue }
            if TextPersistence.isSnapshotDue(edits: self.textCache.edits(slot), items: document.itemCount) {
                try TextPersistence.snapshot(document, at: slot, in: self.db)
                self.textCache.setEdits(0, slot)
            }
            try TextPersistence.keepVisible(document, at: slot, in: self.db)
        }
        self.cache.dirtyTexts = []
        if self.cache.clockDirty, let clock = self.cache.clock {
            var writer = ByteWriter(capacity: 12)
            writer.write(clock.last.wallMillis)
            writer.write(clock.last.counter)
            try self.db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)", arguments: [Data(writer.bytes)])
            self.cache.clockDirty = false
        }
    }

    // MARK: - Materialised state

    mutating func createRecord(_ header: RecordHeader) throws {
        let statement = try self.statement(.createRecord)
        var fast = FastStatement(statement)
        fast.bind(header.id)
        fast.bind(header.kind)
        fast.bind(Int64(header.position))
        fast.bind(Int64(header.createdBy.op))
        fast.bind(Int64(bitPattern: header.createdAt.wallMillis))
        fast.bind(Int64(header.createdAt.counter))
        try fast.run(self.db)
        // A record created in this change has no writes yet.
        self.cache.prefetched.insert(header.id)
        // Read again when asked (the insert is ignored if the record already exists).
        self.cache.headers[header.id] = nil
    }

    func writes(at slot: SlotKey) throws -> [FieldWrite] {
        if self.cache.prefetched.contains(slot.record) { return self.cache.slots[slot] ?? [] }
        let statement = try self.db.cachedStatement(sql: """
            SELECT \(Self.writeColumns) FROM writes w LEFT JOIN changes c ON c.position = w.position
            WHERE w.record = ? AND w.field = ? AND w.element = ?
            """)
        let authors = try self.authors()
        return try Row.fetchAll(statement, arguments: [slot.record.data, slot.field, Data(slot.element)]).map { try Self.write(from: $0, authors: authors) }
    }

    mutating func deleteWrites(at slot: SlotKey, tags: [WriteTag]) throws {
        let doomed = Set(tags)
        let statement = try self.statement(.deleteWrite)
        for tag in tags {
            guard let position = try self.position(of: tag.change) else { continue }
            var fast = FastStatement(statement)
            fast.bind(slot.record)
            fast.bind(slot.field)
            fast.bind(slot.element)
            fast.bind(Int64(position))
            fast.bind(Int64(tag.op))
            try fast.run(self.db)
        }
        if self.cache.prefetched.contains(slot.record) {
            self.cache.slots[slot]?.removeAll { doomed.contains($0.tag) }
        }
    }

    mutating func insertWrite(_ write: FieldWrite, at slot: SlotKey) throws {
        let statement = try self.statement(.insertWrite)
        var fast = FastStatement(statement)
        fast.bind(slot.record)
        fast.bind(slot.field)
        fast.bind(slot.element)
        fast.bind(Int64(write.position))
        fast.bind(Int64(write.tag.op))
        fast.bind(Int64(bitPattern: write.timestamp.wallMillis))
        fast.bind(Int64(write.timestamp.counter))
        fast.bind(write.value.encoded)
        try fast.run(self.db)
        if self.cache.prefetched.contains(slot.record) { self.cache.slots[slot, default: []].append(write) }
    }

    func textDocument(record: RecordID, field: String) throws -> TextDocument? {
        let slot = SlotKey(record: record, field: field)
        if let document = self.textCache.document(slot) { return document }
        guard let (document, edits) = try TextPersistence.load(slot, from: self.db) else { return nil }
        self.textCache.keep(document, slot)
        self.textCache.setEdits(edits, slot)
        return document
    }

    mutating func takeTextDocument(record: RecordID, field: String) throws -> TextDocument? {
        guard try self.textDocument(record: record, field: field) != nil else { return nil }
        return self.textCache.take(SlotKey(record: record, field: field))
    }

    mutating func putBackTextDocument(_ document: TextDocument, record: RecordID, field: String) throws {
        self.textCache.keep(document, SlotKey(record: record, field: field))
    }

    mutating func setTextDocument(_ document: TextDocument, after edit: TextOperation, record: RecordID, field: String) throws {
        let slot = SlotKey(record: record, field: field)
        let edits = self.textCache.edits(slot)
        try TextPersistence.append(edit, number: edits, at: slot, isNew: !self.textCache.isKept(slot) && edits == 0, in: self.db)
        self.textCache.keep(document, slot)
        self.textCache.setEdits(edits + 1, slot)
        self.cache.dirtyTexts.insert(slot)
    }

    func forEachText(_ body: (RecordID, String, String) throws -> Void) throws {
        let rows = try Row.fetchAll(self.db, sql: "SELECT record, field FROM texts ORDER BY record, CAST(field AS BLOB)")
        for row in rows {
            let record = try row.stored(RecordID.self, 0, "texts.record")
            let field: String = try row.stored(1, "texts.field")
            try body(record, field, try self.textDocument(record: record, field: field)?.text ?? "")
        }
    }

    func allRecords() throws -> [RecordHeader] {
        let authors = try self.authors()
        return try Row.fetchAll(self.db, sql: "SELECT \(Self.recordColumns) FROM records r LEFT JOIN changes c ON c.position = r.position ORDER BY r.id")
            .map { try Self.header(from: $0, authors: authors) }
    }

    func forEachWrite(_ body: (SlotKey, FieldWrite) throws -> Void) throws {
        // Rows come in slot order; within a slot, tags are sorted by change id (the canonical
        // order), which the local positions do not follow.
        let authors = try self.authors()
        let rows = try Row.fetchCursor(self.db, sql: """
            SELECT \(Self.writeColumns), w.record, w.field, w.element FROM writes w LEFT JOIN changes c ON c.position = w.position
            ORDER BY w.record, CAST(w.field AS BLOB), w.element
            """)
        var current: SlotKey?
        var writes: [FieldWrite] = []
        func flush() throws {
            guard let slot = current else { return }
            for write in writes.sorted(by: { $0.tag < $1.tag }) { try body(slot, write) }
        }
        while let row = try rows.next() {
            let slot = try Self.slot(from: row)
            if slot != current {
                try flush()
                current = slot
                writes = []
            }
            writes.append(try Self.write(from: row, authors: authors))
        }
        try flush()
    }

    // MARK: - Authority

    func header(of record: RecordID) throws -> RecordHeader? {
        if let known = self.cache.headers[record] { return known }
        let statement = try self.db.cachedStatement(sql: "SELECT \(Self.recordColumns) FROM records r LEFT JOIN changes c ON c.position = r.position WHERE r.id = ?")
        let header = try Row.fetchOne(statement, arguments: [record.data]).map { try Self.header(from: $0, authors: try self.authors()) }
        self.cache.headers[record] = .some(header)
        return header
    }

    func hasWrites(record: RecordID, field: String) throws -> Bool {
        let statement = try self.db.cachedStatement(sql: "SELECT 1 FROM writes WHERE record = ? AND field = ? LIMIT 1")
        return try Row.fetchOne(statement, arguments: [record.data, field]) != nil
    }

    func authorityRecords() throws -> [RecordState] {
        let authors = try self.authors()
        let kinds = Roster.kinds.sorted()
        let marks = kinds.map { _ in "?" }.joined(separator: ", ")
        let headers = try Row.fetchAll(self.db, sql: """
            SELECT \(Self.recordColumns) FROM records r LEFT JOIN changes c ON c.position = r.position WHERE r.kind IN (\(marks)) ORDER BY r.id
            """, arguments: StatementArguments(kinds)).map { try Self.header(from: $0, authors: authors) }
        var writes: [RecordID: [(SlotKey, FieldWrite)]] = [:]
        // Through the records (CROSS JOIN keeps them the outer loop): the roster's are few,
        // and each one's writes are found by their key, rather than every write looked at.
        let rows = try Row.fetchAll(self.db, sql: """
            SELECT \(Self.writeColumns), w.record, w.field, w.element
            FROM records r CROSS JOIN writes w ON w.record = r.id LEFT JOIN changes c ON c.position = w.position WHERE r.kind IN (\(marks))
            """, arguments: StatementArguments(kinds))
        for row in rows {
            let slot = try Self.slot(from: row)
            writes[slot.record, default: []].append((slot, try Self.write(from: row, authors: authors)))
        }
        return headers.map { RecordState(header: $0, writes: writes[$0.id] ?? []) }
    }

    func roster() throws -> Roster {
        if let roster = self.textCache.roster { return roster }
        return Roster(records: try self.authorityRecords())
    }

    mutating func keepRoster(_ roster: Roster) throws { self.textCache.roster = roster }

    mutating func recordRefusals(_ refusals: [OperationRefusal]) throws {
        let statement = try self.db.cachedStatement(sql: """
            INSERT OR IGNORE INTO refusals (change, op, author, rule, record, kind, field, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for refusal in refusals {
            try statement.execute(arguments: [
                refusal.change.data, refusal.operation, refusal.author.data, refusal.rule.rawValue, refusal.record.data,
                refusal.kind, refusal.field, refusal.owner?.data,
            ])
        }
    }

    func refusals() throws -> [OperationRefusal] {
        try Self.loadRefusals(self.db)
    }

    mutating func recordName(_ name: MemberName) throws {
        guard let position = try self.position(of: name.tag.change) else { return }
        try self.db.execute(sql: "INSERT OR IGNORE INTO names (member, position, op, wall, counter, name) VALUES (?, ?, ?, ?, ?, ?)", arguments: [
            name.member.data, position, Int64(name.tag.op), Int64(bitPattern: name.timestamp.wallMillis), Int64(name.timestamp.counter), name.name,
        ])
    }

    func memberNames() throws -> [MemberName] {
        try Self.loadNames(self.db)
    }

    /// Every member name applied, with the change that wrote it (for ``NameHistory``).
    static func loadNames(_ db: Database) throws -> [MemberName] {
        let sql = "SELECT n.member, n.op, n.wall, n.counter, n.name, c.id, a.key FROM names n "
            + "LEFT JOIN changes c ON c.position = n.position LEFT JOIN authors a ON a.number = c.author ORDER BY n.position, n.op"
        return try Row.fetchAll(db, sql: sql).map { row in
            MemberName(member: try row.stored(RecordID.self, 0, "names.member"),
                       timestamp: HybridTimestamp(wallMillis: try row.storedWall(2, "names.wall"), counter: try row.storedUInt32(3, "names.counter")),
                       name: try row.stored(4, "names.name"),
                       tag: WriteTag(author: try row.stored(AuthorKey.self, 6, "names.position"), change: try row.stored(ChangeID.self, 5, "names.position"),
                                     op: try row.storedUInt32(1, "names.op")))
        }
    }

    static func loadRefusals(_ db: Database) throws -> [OperationRefusal] {
        try Row.fetchAll(db, sql: "SELECT change, op, author, rule, record, kind, field, owner FROM refusals ORDER BY position").compactMap { row in
            // A rule this version does not know (written by a newer one) is left out, as before.
            guard let rule = OperationRefusal.Rule(rawValue: try row.stored(3, "refusals.rule")) else { return nil }
            return OperationRefusal(
                change: try row.stored(ChangeID.self, 0, "refusals.change"), author: try row.stored(AuthorKey.self, 2, "refusals.author"),
                operation: Int(try row.storedUInt32(1, "refusals.op")), rule: rule, record: try row.stored(RecordID.self, 4, "refusals.record"),
                kind: try row.storedIfPresent(5, "refusals.kind"), field: try row.storedIfPresent(6, "refusals.field"),
                owner: try (row.storedIfPresent(7, "refusals.owner") as Data?).flatMap { RecordID(validating: $0.bytes) })
        }
    }

    // MARK: - Row decoding

    /// The columns ``write(from:authors:)`` reads, from `writes w JOIN changes c`.
    static let writeColumns = "w.position, w.op, w.wall, w.counter, w.value, c.id, c.author"
    /// The columns ``header(from:authors:)`` reads, from `records r JOIN changes c`.
    static let recordColumns = "r.id, r.kind, r.position, r.op, r.wall, r.counter, c.id, c.author"

    /// Decodes columns 0-6 (``writeColumns``).
    static func write(from row: Row, authors: AuthorNumbers) throws -> FieldWrite {
        let position = try row.storedPosition(0, "writes.position")
        return FieldWrite(
            tag: WriteTag(author: try authors.key(for: try Self.joined(row, 6, "writes.position", position), "changes.author"),
                          change: try row.stored(ChangeID.self, 5, "changes.id"), op: try row.storedUInt32(1, "writes.op")),
            timestamp: HybridTimestamp(wallMillis: try row.storedWall(2, "writes.wall"), counter: try row.storedUInt32(3, "writes.counter")),
            value: try Self.value(try row.storedBytes(4, "writes.value")),
            position: position)
    }

    /// Decodes columns 0-6 (``writeColumns``) of the current row of a statement stepped with
    /// the C API (the hot path of prefetching): ``write(from:writtenBy:)`` with the joined change.
    static func write(from row: SQLiteStatement, authors: AuthorNumbers) throws -> FieldWrite {
        guard let change = Column.fixed(row, 5, as: ChangeID.self) else {
            throw StoredValue.damaged("writes.position", holds: "the position \(try Self.position(row, 0, "writes.position")), of no change in the log")
        }
        let author = try authors.key(for: try Column.storedInt(row, 6, "changes.author"), "changes.author")
        return try Self.write(from: row, writtenBy: WriteTag(author: author, change: change, op: 0))
    }

    /// Decodes `position, op, wall, counter, value` (columns 0-4) of the current row of a
    /// statement stepped with the C API, with `tag`'s author and change (when reading every
    /// record, a placeholder until ``ChangeWriters`` names them).
    static func write(from row: SQLiteStatement, writtenBy tag: WriteTag) throws -> FieldWrite {
        FieldWrite(
            tag: WriteTag(author: tag.author, change: tag.change, op: try StoredValue.uint32(try Column.storedInt(row, 1, "writes.op"), "writes.op")),
            timestamp: HybridTimestamp(
                wallMillis: UInt64(bitPattern: try Column.storedInt(row, 2, "writes.wall")),
                counter: try StoredValue.uint32(try Column.storedInt(row, 3, "writes.counter"), "writes.counter")),
            value: try Self.value(Column.bytes(row, 4)),
            position: try Self.position(row, 0, "writes.position"))
    }

    /// Decodes `id, kind, position, op, wall, counter` of `records` (columns 0-5) of the
    /// current row of a statement stepped with the C API, with `tag`'s author and change (as
    /// ``write(from:writtenBy:)``).
    static func header(from row: SQLiteStatement, createdBy tag: WriteTag) throws -> RecordHeader {
        guard let id = Column.fixed(row, 0, as: RecordID.self) else { throw StoredValue.damaged("records.id", holds: "a value that is not a record id") }
        return RecordHeader(
            id: id, kind: try Column.storedText(row, 1, "records.kind"),
            createdBy: WriteTag(author: tag.author, change: tag.change, op: try StoredValue.uint32(try Column.storedInt(row, 3, "records.op"), "records.op")),
            createdAt: HybridTimestamp(
                wallMillis: UInt64(bitPattern: try Column.storedInt(row, 4, "records.wall")),
                counter: try StoredValue.uint32(try Column.storedInt(row, 5, "records.counter"), "records.counter")),
            position: try Self.position(row, 2, "records.position"))
    }

    /// A log position (1 or more) read with the C API.
    static func position(_ row: SQLiteStatement, _ index: Int32, _ column: String) throws -> Int {
        let value = try Column.storedInt(row, index, column)
        guard value >= 1, let position = Int(exactly: value) else { throw StoredValue.damaged(column, holds: "the position \(value)") }
        return position
    }

    /// The author number of the change a row names by position (`LEFT JOIN changes`): none
    /// there means the position column is damaged.
    static func joined(_ row: Row, _ index: Int, _ column: String, _ position: Int) throws -> Int64 {
        guard let author: Int64 = try row.storedIfPresent(index, "changes.author") else {
            throw StoredValue.damaged(column, holds: "the position \(position), of no change in the log")
        }
        return author
    }

    /// Decodes columns 7-9 `record, field, element` (after ``writeColumns``).
    static func slot(from row: Row) throws -> SlotKey {
        SlotKey(record: try row.stored(RecordID.self, 7, "writes.record"), field: try row.stored(8, "writes.field"), element: try row.storedBytes(9, "writes.element"))
    }

    /// Decodes ``recordColumns``.
    static func header(from row: Row, authors: AuthorNumbers) throws -> RecordHeader {
        let position = try row.storedPosition(2, "records.position")
        return RecordHeader(
            id: try row.stored(RecordID.self, 0, "records.id"), kind: try row.stored(1, "records.kind"),
            createdBy: WriteTag(author: try authors.key(for: try Self.joined(row, 7, "records.position", position), "changes.author"),
                                change: try row.stored(ChangeID.self, 6, "changes.id"), op: try row.storedUInt32(3, "records.op")),
            createdAt: HybridTimestamp(wallMillis: try row.storedWall(4, "records.wall"), counter: try row.storedUInt32(5, "records.counter")),
            position: position)
    }

    /// A stored field value; one that does not decode is damage, reported as such.
    static func value(_ bytes: [UInt8]) throws -> Value {
        do {
            return try Value(decoding: bytes)
        } catch {
            throw StoredValue.damaged("writes.value", holds: "a value that does not decode (\(error))")
        }
    }
}

extension SQLiteStorage: LogReader {}

extension FixedBytes {
    var data: Data { Data(self.bytes) }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
