import EntenteCore
import GRDB

/// Who made the changes at some log positions: each one's id and author, read from the log in
/// position order.
///
/// Records and writes keep only the position of the change that made them (STORE.md). Joining
/// each of them to the log found its change at a random place of the largest table: for
/// 20,000 records and 60,000 writes, 80,000 seeks across the whole log, more than half of what
/// reading every record cost (BENCHMARKS.md, "Records read without a seek per write"). Read
/// once per position, in ascending order, the same pages are visited one after the other.
struct ChangeWriters {
    private var writers: [Int: WriteTag] = [:]

    /// The writers of `positions` (any order, repeats allowed). A position with no change in
    /// the log is left out: ``tag(at:op:)`` returns nil for it, and the caller names the column
    /// that held it as damaged.
    init(_ db: Database, positions: [Int], authors: AuthorNumbers) throws {
        var sorted = positions.sorted()
        sorted.removeDuplicates()
        self.writers.reserveCapacity(sorted.count)
        // One statement for all of them (a statement per position cost more in SQLite's setting
        // up and tearing down than in finding the rows): the positions go in as a JSON array.
        var list: [UInt8] = [UInt8(ascii: "[")]
        list.reserveCapacity(sorted.count * 8 + 2)
        var digits: [UInt8] = []
        for position in sorted {
            if list.count > 1 { list.append(UInt8(ascii: ",")) }
            // Positions are 1 or more: ``SQLiteStorage/position(_:_:_:)`` refused any other.
            var rest = position.magnitude
            digits.removeAll(keepingCapacity: true)
            repeat {
                digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            list.append(contentsOf: digits.reversed())
        }
        list.append(UInt8(ascii: "]"))
        var statement = FastStatement(try db.makeStatement(sql: "SELECT c.position, c.id, c.author FROM json_each(?) p CROSS JOIN changes c ON c.position = p.value"))
        statement.bind(String(decoding: list, as: UTF8.self))
        try statement.forEachRow(db) { row in
            guard let change = Column.fixed(row, 1, as: ChangeID.self) else {
                throw StoredValue.damaged("changes.id", holds: "a value that is not a change id")
            }
            let author = try authors.key(for: try Column.storedInt(row, 2, "changes.author"), "changes.author")
            self.writers[Int(Column.int(row, 0))] = WriteTag(author: author, change: change, op: 0)
        }
    }

    /// The tag of operation `op` of the change at `position`, or nil when the log has none there.
    func tag(at position: Int, op: UInt32) -> WriteTag? {
        guard var tag = self.writers[position] else { return nil }
        tag.op = op
        return tag
    }
}

extension Array where Element: Equatable {
    /// Removes each element equal to the one before it (in a sorted array: every repeat).
    mutating func removeDuplicates() {
        var kept = 0
        for index in self.indices where kept == 0 || self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        self.removeLast(self.count - kept)
    }
}
