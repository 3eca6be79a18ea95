import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

/// Direct binding for the few statements on the hot path of applying a change.
///
/// GRDB's `StatementArguments` box every value; on the merge path that boxing cost more than
/// SQLite itself (see BENCHMARKS.md). This binds raw bytes and integers with the SQLite C API
/// on a statement GRDB prepared and caches, then steps it. Errors become `DatabaseError`.
struct FastStatement {
    let statement: Statement
    private var handle: SQLiteStatement { self.statement.sqliteStatement }
    private var index: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    mutating func bind(_ bytes: [UInt8]) {
        self.index += 1
        bytes.withUnsafeBytes { raw in
            // A zero-length blob must still be a blob, not NULL.
            _ = sqlite3_bind_blob(self.handle, self.index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), SQLITE_TRANSIENT_POINTER)
        }
    }

    /// Binds an id or a key without copying it into an array first.
    mutating func bind(_ value: some FixedBytes) {
        self.index += 1
        value.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(self.handle, self.index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), SQLITE_TRANSIENT_POINTER)
        }
    }

    mutating func bind(_ value: Int64) {
        self.index += 1
        sqlite3_bind_int64(self.handle, self.index, value)
    }

    mutating func bind(_ text: String) {
        self.index += 1
        _ = sqlite3_bind_text(self.handle, self.index, text, -1, SQLITE_TRANSIENT_POINTER)
    }

    /// Runs a statement that returns no row.
    func run(_ db: Database) throws {
        let code = sqlite3_step(self.handle)
        guard code == SQLITE_DONE else { throw self.error(code, db) }
    }

    /// Steps a query; calls `row` for every result row. When `row` throws (a damaged value),
    /// the statement is reset before the error goes on: a cached statement left half-stepped
    /// would keep its read open, and closing the replica would then fail ("table is locked").
    func forEachRow(_ db: Database, _ row: (SQLiteStatement) throws -> Void) throws {
        while true {
            let code = sqlite3_step(self.handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw self.error(code, db) }
            do {
                try row(self.handle)
            } catch {
                sqlite3_reset(self.handle)
                throw error
            }
        }
    }

    private func error(_ code: Int32, _ db: Database) -> DatabaseError {
        sqlite3_reset(self.handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: self.statement.sql)
    }
}

/// SQLite's "copy the bytes now" destructor.
let SQLITE_TRANSIENT_POINTER = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// Reading columns of the current row.
enum Column {
    static func bytes(_ statement: SQLiteStatement, _ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let base = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// How a blob column compares with `bytes`, as SQLite orders blobs (memcmp, then
    /// length): negative, zero or positive. Nothing is copied.
    static func compare(_ statement: SQLiteStatement, _ index: Int32, _ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { self.compare(statement, index, raw: $0) }
    }

    /// How a blob column compares with an id's bytes (as the one above).
    static func compare(_ statement: SQLiteStatement, _ index: Int32, _ id: some FixedBytes) -> Int {
        id.withUnsafeBytes { self.compare(statement, index, raw: $0) }
    }

    private static func compare(_ statement: SQLiteStatement, _ index: Int32, raw other: UnsafeRawBufferPointer) -> Int {
        let count = Int(sqlite3_column_bytes(statement, index))
        let base = sqlite3_column_blob(statement, index)
        let common = min(count, other.count)
        if common > 0, let base, let start = other.baseAddress {
            let order = memcmp(base, start, common)
            if order != 0 { return Int(order) }
        }
        return count - other.count
    }

    /// An id or key read in place, or nil when the column does not hold exactly its bytes.
    static func fixed<T: FixedBytes>(_ statement: SQLiteStatement, _ index: Int32, as type: T.Type = T.self) -> T? {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count == T.byteCount, let base = sqlite3_column_blob(statement, index) else { return nil }
        return T(validating: UnsafeRawBufferPointer(start: base, count: count))
    }

    static func int(_ statement: SQLiteStatement, _ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    static func text(_ statement: SQLiteStatement, _ index: Int32) -> String {
        guard let raw = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: raw, count: count), as: UTF8.self)
    }
}
