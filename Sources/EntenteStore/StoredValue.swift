import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

// Reading columns without trusting the file. A damaged replica can hold anything where a
// column should be: a NULL, a text in an integer column, an integer in a blob column, a
// negative sequence number. GRDB's `row[i] as T` subscript traps on such a value, and so does
// `UInt64(someInt64)` on a negative one; a damaged file must give `StoreError.damaged` (what
// to run: `entente repair`), never a crash. Every read of a stored row goes through these.

extension Row {
    /// The value of column `index`, or `StoreError.damaged` naming `column` when the file holds
    /// something else there.
    func stored<Value: DatabaseValueConvertible>(_ index: Int, _ column: @autoclosure () -> String) throws -> Value {
        do {
            return try self.decode(Value.self, atIndex: index)
        } catch {
            throw StoredValue.damaged(column(), holds: Self.kind(of: self[index] as DatabaseValue))
        }
    }

    /// A nullable column: `nil` for NULL, `StoreError.damaged` for a value of another type.
    func storedIfPresent<Value: DatabaseValueConvertible>(_ index: Int, _ column: @autoclosure () -> String) throws -> Value? {
        do {
            return try self.decode(Value?.self, atIndex: index)
        } catch {
            throw StoredValue.damaged(column(), holds: Self.kind(of: self[index] as DatabaseValue))
        }
    }

    func storedBytes(_ index: Int, _ column: @autoclosure () -> String) throws -> [UInt8] {
        (try self.stored(index, column()) as Data).bytes
    }

    /// A key, hash or id of its exact length.
    func stored<Bytes: FixedBytes>(_ type: Bytes.Type, _ index: Int, _ column: @autoclosure () -> String) throws -> Bytes {
        let bytes = try self.storedBytes(index, column())
        guard let value = Bytes(validating: bytes) else {
            throw StoredValue.damaged(column(), holds: "\(bytes.count) bytes instead of \(Bytes.byteCount)")
        }
        return value
    }

    /// A sequence number (1 or more).
    func storedSeq(_ index: Int, _ column: @autoclosure () -> String) throws -> UInt64 {
        try StoredValue.seq(try self.stored(index, column()) as Int64, column())
    }

    /// A log position (1 or more).
    func storedPosition(_ index: Int, _ column: @autoclosure () -> String) throws -> Int {
        let value = try self.stored(index, column()) as Int64
        guard value >= 1, let position = Int(exactly: value) else { throw StoredValue.damaged(column(), holds: "the position \(value)") }
        return position
    }

    /// An operation index or a clock counter (0 to 2^32-1).
    func storedUInt32(_ index: Int, _ column: @autoclosure () -> String) throws -> UInt32 {
        try StoredValue.uint32(try self.stored(index, column()) as Int64, column())
    }

    /// A wall clock in milliseconds: stored as the bit pattern of the unsigned value.
    func storedWall(_ index: Int, _ column: @autoclosure () -> String) throws -> UInt64 {
        UInt64(bitPattern: try self.stored(index, column()) as Int64)
    }

    private static func kind(of value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return "the integer \(number)"
        case .double: return "a real number"
        case .string: return "a text"
        case .blob(let data): return "a blob of \(data.count) bytes"
        }
    }
}

/// Checked conversions of stored integers, shared by GRDB rows and the C API reads.
enum StoredValue {
    static func damaged(_ column: String, holds: String) -> StoreError {
        StoreError.damaged(path: "", detail: "the column \(column) holds \(holds)")
    }

    static func seq(_ value: Int64, _ column: @autoclosure () -> String) throws -> UInt64 {
        guard value >= 1 else { throw Self.damaged(column(), holds: "the sequence number \(value)") }
        return UInt64(value)
    }

    static func uint32(_ value: Int64, _ column: @autoclosure () -> String) throws -> UInt32 {
        guard let narrow = UInt32(exactly: value) else { throw Self.damaged(column(), holds: "the out-of-range number \(value)") }
        return narrow
    }
}

extension Column {
    /// A column read with the C API that must hold a text (not NULL, a number or a blob).
    static func storedText(_ statement: SQLiteStatement, _ index: Int32, _ column: @autoclosure () -> String) throws -> String {
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT else {
            throw StoredValue.damaged(column(), holds: "a value that is not a text")
        }
        return Column.text(statement, index)
    }

    /// A column read with the C API that must hold an integer (not NULL, text or blob).
    static func storedInt(_ statement: SQLiteStatement, _ index: Int32, _ column: @autoclosure () -> String) throws -> Int64 {
        guard sqlite3_column_type(statement, index) == SQLITE_INTEGER else {
            throw StoredValue.damaged(column(), holds: "a value that is not an integer")
        }
        return sqlite3_column_int64(statement, index)
    }
}
