import EntenteCore
import Foundation
import GRDB

/// ``ReplicaStorage`` over one open SQLite transaction. Created inside `write { db in }` and
/// dropped before it ends; every statement is cached, so a batch costs one prepare per SQL.
struct SQLiteStorage: ReplicaStorage {
    let db: Database
    private var cachedVector: VersionVector?

    init(_ db: Database) {
        self.db = db
    }

    // MARK: - Change log

    func head(of author: AuthorKey) throws -> (seq: UInt64, id: ChangeID)? {
        let statement = try self.db.cachedStatement(sql: "SELECT seq, id FROM heads WHERE author = ?")
        guard let row = try Row.fetchOne(statement, arguments: [author.data]) else { return nil }
        return (UInt64(row[0] as Int64), ChangeID(unchecked: (row[1] as Data).bytes))
    }

    func containsChange(_ id: ChangeID) throws -> Bool {
        let statement = try self.db.cachedStatement(sql: "SELECT 1 FROM changes WHERE id = ?")
        return try Bool.fetchOne(statement, arguments: [id.data]) != nil
    }

    func changeID(author: AuthorKey, seq: UInt64) throws -> ChangeID? {
        let statement = try self.db.cachedStatement(sql: "SELECT id FROM changes WHERE author = ? AND seq = ?")
        return try Data.fetchOne(statement, arguments: [author.data, Int64(seq)]).map { ChangeID(unchecked: $0.bytes) }
    }

    func versionVector() throws -> VersionVector {
        if let cached = self.cachedVector { return cached }
        return try Self.loadVersionVector(self.db)
    }

    static func loadVersionVector(_ db: Database) throws -> VersionVector {
        var entries: [AuthorKey: UInt64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT author, seq FROM heads") {
            entries[AuthorKey(unchecked: (row[0] as Data).bytes)] = UInt64(row[1] as Int64)
        }
        return VersionVector(entries)
    }

    mutating func appendChange(_ change: SignedChange) throws {
        let insert = try self.db.cachedStatement(sql: """
            INSERT INTO changes (id, author, seq, wall, counter, message, signed) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            change.id.data, change.author.data, Int64(change.seq),
            Int64(bitPattern: change.change.timestamp.wallMillis), Int64(change.change.timestamp.counter),
            change.change.message, Data(change.encoded),
        ])
        let head = try self.db.cachedStatement(sql: "INSERT OR REPLACE INTO heads (author, seq, id) VALUES (?, ?, ?)")
        try head.execute(arguments: [change.author.data, Int64(change.seq), change.id.data])
        var vector = try self.versionVector()
        vector[change.author] = change.seq
        self.cachedVector = vector
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

    // MARK: - Clock

    func clock() throws -> HybridClock {
        guard let raw = try Data.fetchOne(self.db, sql: "SELECT value FROM meta WHERE key = 'clock'") else { return HybridClock() }
        var reader = ByteReader(raw.bytes)
        return HybridClock(last: HybridTimestamp(wallMillis: try reader.readUInt64("clock"), counter: try reader.readUInt32("clock")))
    }

    mutating func setClock(_ clock: HybridClock) throws {
        var writer = ByteWriter(capacity: 12)
        writer.write(clock.last.wallMillis)
        writer.write(clock.last.counter)
        let statement = try self.db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)")
        try statement.execute(arguments: [Data(writer.bytes)])
    }

    // MARK: - Materialised state

    mutating func createRecord(_ header: RecordHeader) throws {
        let statement = try self.db.cachedStatement(sql: """
            INSERT OR IGNORE INTO records (id, kind, author, seq, op, wall, counter) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            header.id.data, header.kind, header.createdBy.author.data, Int64(header.createdBy.seq),
            Int64(header.createdBy.op), Int64(bitPattern: header.createdAt.wallMillis), Int64(header.createdAt.counter),
        ])
    }

    func writes(at slot: SlotKey) throws -> [FieldWrite] {
        let statement = try self.db.cachedStatement(sql: """
            SELECT author, seq, op, wall, counter, value FROM writes WHERE record = ? AND field = ? AND element = ?
            """)
        return try Row.fetchAll(statement, arguments: [slot.record.data, slot.field, Data(slot.element)]).map(Self.write(from:))
    }

    mutating func deleteWrites(at slot: SlotKey, tags: [WriteTag]) throws {
        let statement = try self.db.cachedStatement(sql: """
            DELETE FROM writes WHERE record = ? AND field = ? AND element = ? AND author = ? AND seq = ? AND op = ?
            """)
        for tag in tags {
            try statement.execute(arguments: [slot.record.data, slot.field, Data(slot.element), tag.author.data, Int64(tag.seq), Int64(tag.op)])
        }
    }

    mutating func insertWrite(_ write: FieldWrite, at slot: SlotKey) throws {
        let statement = try self.db.cachedStatement(sql: """
            INSERT OR REPLACE INTO writes (record, field, element, author, seq, op, wall, counter, value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            slot.record.data, slot.field, Data(slot.element), write.tag.author.data, Int64(write.tag.seq),
            Int64(write.tag.op), Int64(bitPattern: write.timestamp.wallMillis), Int64(write.timestamp.counter),
            Data(write.value.encoded),
        ])
    }

    func allRecords() throws -> [RecordHeader] {
        try Row.fetchAll(self.db, sql: "SELECT id, kind, author, seq, op, wall, counter FROM records ORDER BY id").map(Self.header(from:))
    }

    func forEachWrite(_ body: (SlotKey, FieldWrite) throws -> Void) throws {
        let rows = try Row.fetchCursor(self.db, sql: """
            SELECT record, field, element, author, seq, op, wall, counter, value FROM writes
            ORDER BY record, CAST(field AS BLOB), element, author, seq, op
            """)
        while let row = try rows.next() {
            let slot = SlotKey(record: RecordID(unchecked: (row[0] as Data).bytes), field: row[1], element: (row[2] as Data).bytes)
            let write = FieldWrite(
                tag: WriteTag(author: AuthorKey(unchecked: (row[3] as Data).bytes), seq: UInt64(row[4] as Int64), op: UInt32(row[5] as Int64)),
                timestamp: HybridTimestamp(wallMillis: UInt64(bitPattern: row[6] as Int64), counter: UInt32(row[7] as Int64)),
                value: try Value(decoding: (row[8] as Data).bytes))
            try body(slot, write)
        }
    }

    // MARK: - Row decoding

    static func write(from row: Row) throws -> FieldWrite {
        FieldWrite(
            tag: WriteTag(author: AuthorKey(unchecked: (row[0] as Data).bytes), seq: UInt64(row[1] as Int64), op: UInt32(row[2] as Int64)),
            timestamp: HybridTimestamp(wallMillis: UInt64(bitPattern: row[3] as Int64), counter: UInt32(row[4] as Int64)),
            value: try Value(decoding: (row[5] as Data).bytes))
    }

    static func header(from row: Row) -> RecordHeader {
        RecordHeader(
            id: RecordID(unchecked: (row[0] as Data).bytes), kind: row[1],
            createdBy: WriteTag(author: AuthorKey(unchecked: (row[2] as Data).bytes), seq: UInt64(row[3] as Int64), op: UInt32(row[4] as Int64)),
            createdAt: HybridTimestamp(wallMillis: UInt64(bitPattern: row[5] as Int64), counter: UInt32(row[6] as Int64)))
    }
}

extension FixedBytes {
    var data: Data { Data(self.bytes) }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
