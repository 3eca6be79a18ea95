import EntenteText
import EntenteCore
import Foundation
import GRDB

/// ``ReplicaStorage`` over one open SQLite transaction. Created inside `write { db in }` and
/// dropped before it ends.
///
/// Every statement is cached, so a batch costs one prepare per SQL. The heads (version
/// vector) and the clock are read once and written back by ``finish()``; the writes of the
/// records a change touches are read in one query (``prefetch(records:)``).
struct SQLiteStorage: ReplicaStorage {
    let db: Database
    private let cache = Cache()

    private final class Cache {
        var heads: [AuthorKey: (seq: UInt64, id: ChangeID)]?
        var vector: VersionVector?
        var dirtyHeads: Set<AuthorKey> = []
        var clock: HybridClock?
        var clockDirty = false
        /// Writes of prefetched records, by slot; a record in `prefetched` with no slot here has none.
        var prefetched: Set<RecordID> = []
        var slots: [SlotKey: [FieldWrite]] = [:]
        var authors: AuthorNumbers?
        var dirtyTexts: Set<SlotKey> = []
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

    private func loadHeads() throws -> [AuthorKey: (seq: UInt64, id: ChangeID)] {
        if let heads = self.cache.heads { return heads }
        var heads: [AuthorKey: (seq: UInt64, id: ChangeID)] = [:]
        for row in try Row.fetchAll(self.db, sql: "SELECT author, seq, id FROM heads") {
            heads[try row.stored(AuthorKey.self, 0, "heads.author")] = (try row.storedSeq(1, "heads.seq"), try row.stored(ChangeID.self, 2, "heads.id"))
        }
        self.cache.heads = heads
        return heads
    }

    func head(of author: AuthorKey) throws -> (seq: UInt64, id: ChangeID)? {
        try self.loadHeads()[author]
    }

    func changeID(author: AuthorKey, seq: UInt64) throws -> ChangeID? {
        let statement = try self.db.cachedStatement(sql: "SELECT id FROM changes WHERE author = ? AND seq = ?")
        guard let row = try Row.fetchOne(statement, arguments: [author.data, Int64(seq)]) else { return nil }
        return try row.stored(ChangeID.self, 0, "changes.id")
    }

    func versionVector() throws -> VersionVector {
        if let vector = self.cache.vector { return vector }
        let vector = VersionVector(try self.loadHeads().mapValues(\.seq))
        self.cache.vector = vector
        return vector
    }

    static func loadVersionVector(_ db: Database) throws -> VersionVector {
        try SQLiteStorage(db).versionVector()
    }

    mutating func appendChange(_ change: SignedChange) throws {
        let insert = try self.db.cachedStatement(sql: """
            INSERT INTO changes (id, author, seq, wall, counter, message, signed) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        var fast = FastStatement(insert)
        fast.bind(change.id.bytes)
        fast.bind(change.author.bytes)
        fast.bind(Int64(change.seq))
        fast.bind(Int64(bitPattern: change.change.timestamp.wallMillis))
        fast.bind(Int64(change.change.timestamp.counter))
        fast.bind(change.change.message)
        fast.bind(change.encoded)
        try fast.run(self.db)
        _ = try self.loadHeads()
        self.cache.heads?[change.author] = (change.seq, change.id)
        self.cache.vector?[change.author] = change.seq
        self.cache.dirtyHeads.insert(change.author)
    }

    // MARK: - Waiting and evidence

    mutating func addPending(_ change: SignedChange) throws {
        try self.db.execute(sql: "INSERT OR IGNORE INTO pending (id, signed) VALUES (?, ?)", arguments: [change.id.data, Data(change.encoded)])
    }

    func pendingChanges() throws -> [SignedChange] {
        try Data.fetchAll(self.db, sql: "SELECT signed FROM pending ORDER BY id").map { try SignedChange(decoding: $0.bytes) }
    }

    func pendingCount() throws -> Int {
        try Int.fetchOne(self.db, sql: "SELECT count(*) FROM pending") ?? 0
    }

    mutating func removePending(_ id: ChangeID) throws {
        try self.db.execute(sql: "DELETE FROM pending WHERE id = ?", arguments: [id.data])
    }

    mutating func recordFork(_ evidence: ForkEvidence) throws {
        try self.db.execute(
            sql: "INSERT OR IGNORE INTO forks (rejected_id, author, seq, kept_id, signed) VALUES (?, ?, ?, ?, ?)",
            arguments: [evidence.rejected.id.data, evidence.author.data, Int64(evidence.seq), evidence.kept.data, Data(evidence.rejected.encoded)])
    }

    func isForkEvidence(_ id: ChangeID) throws -> Bool {
        let statement = try self.db.cachedStatement(sql: "SELECT 1 FROM forks WHERE rejected_id = ?")
        return try Row.fetchOne(statement, arguments: [id.data]) != nil
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
        let statement = try self.db.cachedStatement(sql: """
            SELECT author, seq, op, wall, counter, value, field, element FROM writes WHERE record = ?
            """)
        let authors = try self.authors()
        for record in records {
            var fast = FastStatement(statement)
            fast.bind(record.bytes)
            try fast.forEachRow(self.db) { row in
                let slot = SlotKey(record: record, field: Column.text(row, 6), element: Column.bytes(row, 7))
                let write = FieldWrite(
                    tag: WriteTag(
                        author: try authors.key(for: try Column.storedInt(row, 0, "writes.author")),
                        seq: try StoredValue.seq(try Column.storedInt(row, 1, "writes.seq"), "writes.seq"),
                        op: try StoredValue.uint32(try Column.storedInt(row, 2, "writes.op"), "writes.op")),
                    timestamp: HybridTimestamp(
                        wallMillis: UInt64(bitPattern: try Column.storedInt(row, 3, "writes.wall")),
                        counter: try StoredValue.uint32(try Column.storedInt(row, 4, "writes.counter"), "writes.counter")),
                    value: try Value(decoding: Column.bytes(row, 5)))
                self.cache.slots[slot, default: []].append(write)
            }
        }
    }

    mutating func finish() throws {
        for slot in self.cache.dirtyTexts {
            guard let document = self.textCache.documents[slot], (self.textCache.editsSinceSnapshot[slot] ?? 0) >= TextPersistence.snapshotEvery else { continue }
            try TextPersistence.snapshot(document, at: slot, in: self.db)
            self.textCache.editsSinceSnapshot[slot] = 0
        }
        self.cache.dirtyTexts = []
        if let heads = self.cache.heads, !self.cache.dirtyHeads.isEmpty {
            let statement = try self.db.cachedStatement(sql: "INSERT OR REPLACE INTO heads (author, seq, id) VALUES (?, ?, ?)")
            for author in self.cache.dirtyHeads {
                guard let head = heads[author] else { continue }
                try statement.execute(arguments: [author.data, Int64(head.seq), head.id.data])
            }
            self.cache.dirtyHeads = []
        }
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
        let statement = try self.db.cachedStatement(sql: """
            INSERT OR IGNORE INTO records (id, kind, author, seq, op, wall, counter) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        var fast = FastStatement(statement)
        fast.bind(header.id.bytes)
        fast.bind(header.kind)
        fast.bind(try self.authors().number(for: header.createdBy.author, in: self.db))
        fast.bind(Int64(header.createdBy.seq))
        fast.bind(Int64(header.createdBy.op))
        fast.bind(Int64(bitPattern: header.createdAt.wallMillis))
        fast.bind(Int64(header.createdAt.counter))
        try fast.run(self.db)
        // A record created in this change has no writes yet.
        self.cache.prefetched.insert(header.id)
    }

    func writes(at slot: SlotKey) throws -> [FieldWrite] {
        if self.cache.prefetched.contains(slot.record) { return self.cache.slots[slot] ?? [] }
        let statement = try self.db.cachedStatement(sql: """
            SELECT author, seq, op, wall, counter, value FROM writes WHERE record = ? AND field = ? AND element = ?
            """)
        let authors = try self.authors()
        return try Row.fetchAll(statement, arguments: [slot.record.data, slot.field, Data(slot.element)]).map { try Self.write(from: $0, authors: authors) }
    }

    mutating func deleteWrites(at slot: SlotKey, tags: [WriteTag]) throws {
        let statement = try self.db.cachedStatement(sql: """
            DELETE FROM writes WHERE record = ? AND field = ? AND element = ? AND author = ? AND seq = ? AND op = ?
            """)
        for tag in tags {
            var fast = FastStatement(statement)
            fast.bind(slot.record.bytes)
            fast.bind(slot.field)
            fast.bind(slot.element)
            fast.bind(try self.authors().number(for: tag.author, in: self.db))
            fast.bind(Int64(tag.seq))
            fast.bind(Int64(tag.op))
            try fast.run(self.db)
        }
        if self.cache.prefetched.contains(slot.record) {
            let doomed = Set(tags)
            self.cache.slots[slot]?.removeAll { doomed.contains($0.tag) }
        }
    }

    mutating func insertWrite(_ write: FieldWrite, at slot: SlotKey) throws {
        let statement = try self.db.cachedStatement(sql: """
            INSERT OR REPLACE INTO writes (record, field, element, author, seq, op, wall, counter, value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var fast = FastStatement(statement)
        fast.bind(slot.record.bytes)
        fast.bind(slot.field)
        fast.bind(slot.element)
        fast.bind(try self.authors().number(for: write.tag.author, in: self.db))
        fast.bind(Int64(write.tag.seq))
        fast.bind(Int64(write.tag.op))
        fast.bind(Int64(bitPattern: write.timestamp.wallMillis))
        fast.bind(Int64(write.timestamp.counter))
        fast.bind(write.value.encoded)
        try fast.run(self.db)
        if self.cache.prefetched.contains(slot.record) { self.cache.slots[slot, default: []].append(write) }
    }

    func textDocument(record: RecordID, field: String) throws -> TextDocument? {
        let slot = SlotKey(record: record, field: field)
        if let document = self.textCache.documents[slot] { return document }
        guard let (document, edits) = try TextPersistence.load(slot, from: self.db) else { return nil }
        self.textCache.documents[slot] = document
        self.textCache.editsSinceSnapshot[slot] = edits
        return document
    }

    mutating func setTextDocument(_ document: TextDocument, after edit: TextOperation, record: RecordID, field: String) throws {
        let slot = SlotKey(record: record, field: field)
        let edits = self.textCache.editsSinceSnapshot[slot] ?? 0
        try TextPersistence.append(edit, number: edits, at: slot, isNew: self.textCache.documents[slot] == nil && edits == 0, in: self.db)
        self.textCache.documents[slot] = document
        self.textCache.editsSinceSnapshot[slot] = edits + 1
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
        return try Row.fetchAll(self.db, sql: "SELECT id, kind, author, seq, op, wall, counter FROM records ORDER BY id").map { try Self.header(from: $0, authors: authors) }
    }

    func forEachWrite(_ body: (SlotKey, FieldWrite) throws -> Void) throws {
        // Rows come in slot order; within a slot, tags are sorted by author key bytes (the
        // canonical order), which the local author numbers do not follow.
        let authors = try self.authors()
        let rows = try Row.fetchCursor(self.db, sql: """
            SELECT author, seq, op, wall, counter, value, record, field, element FROM writes
            ORDER BY record, CAST(field AS BLOB), element
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
        let statement = try self.db.cachedStatement(sql: "SELECT id, kind, author, seq, op, wall, counter FROM records WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [record.data]) else { return nil }
        return try Self.header(from: row, authors: try self.authors())
    }

    func hasWrites(record: RecordID, field: String) throws -> Bool {
        let statement = try self.db.cachedStatement(sql: "SELECT 1 FROM writes WHERE record = ? AND field = ? LIMIT 1")
        return try Row.fetchOne(statement, arguments: [record.data, field]) != nil
    }

    func authorityRecords() throws -> [RecordState] {
        let authors = try self.authors()
        let kinds = Roster.kinds.sorted()
        let marks = kinds.map { _ in "?" }.joined(separator: ", ")
        let headers = try Row.fetchAll(self.db, sql: "SELECT id, kind, author, seq, op, wall, counter FROM records WHERE kind IN (\(marks)) ORDER BY id",
                                       arguments: StatementArguments(kinds)).map { try Self.header(from: $0, authors: authors) }
        var writes: [RecordID: [(SlotKey, FieldWrite)]] = [:]
        let rows = try Row.fetchAll(self.db, sql: """
            SELECT w.author, w.seq, w.op, w.wall, w.counter, w.value, w.record, w.field, w.element
            FROM writes w JOIN records r ON r.id = w.record WHERE r.kind IN (\(marks))
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

    /// Decodes columns 0-5 `author, seq, op, wall, counter, value`.
    static func write(from row: Row, authors: AuthorNumbers) throws -> FieldWrite {
        FieldWrite(
            tag: WriteTag(author: try authors.key(for: try row.stored(0, "writes.author")), seq: try row.storedSeq(1, "writes.seq"), op: try row.storedUInt32(2, "writes.op")),
            timestamp: HybridTimestamp(wallMillis: try row.storedWall(3, "writes.wall"), counter: try row.storedUInt32(4, "writes.counter")),
            value: try Self.value(try row.storedBytes(5, "writes.value")))
    }

    /// Decodes columns 6-8 `record, field, element`.
    static func slot(from row: Row) throws -> SlotKey {
        SlotKey(record: try row.stored(RecordID.self, 6, "writes.record"), field: try row.stored(7, "writes.field"), element: try row.storedBytes(8, "writes.element"))
    }

    static func header(from row: Row, authors: AuthorNumbers) throws -> RecordHeader {
        RecordHeader(
            id: try row.stored(RecordID.self, 0, "records.id"), kind: try row.stored(1, "records.kind"),
            createdBy: WriteTag(author: try authors.key(for: try row.stored(2, "records.author")), seq: try row.storedSeq(3, "records.seq"), op: try row.storedUInt32(4, "records.op")),
            createdAt: HybridTimestamp(wallMillis: try row.storedWall(5, "records.wall"), counter: try row.storedUInt32(6, "records.counter")))
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

extension FixedBytes {
    var data: Data { Data(self.bytes) }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
