import EntenteCore
import Foundation
import GRDB

/// The `authors` table in memory: materialised rows name authors by a small local number
/// instead of their 32-byte key (`Protocol/STORE.md`).
final class AuthorNumbers {
    private var numbers: [AuthorKey: Int64] = [:]
    /// The keys of numbers 0 ..< ``directlyIndexed``, by number: read for every materialised
    /// row, where a dictionary lookup was a tenth of reading every record.
    private var indexed: [AuthorKey?] = []
    /// The keys of other numbers (only a damaged or hand-edited table has any).
    private var others: [Int64: AuthorKey] = [:]
    private static let directlyIndexed: Int64 = 1 << 16

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT number, key FROM authors") {
            let number: Int64 = try row.stored(0, "authors.number")
            guard let key = AuthorKey(validating: try row.storedBytes(1, "authors.key")) else {
                throw StoreError.notAReplica(path: "replica.sqlite", reason: "the authors table holds a malformed key; run `entente audit --rebuild`")
            }
            self.remember(key, number)
        }
    }

    private func remember(_ key: AuthorKey, _ number: Int64) {
        self.numbers[key] = number
        guard number >= 0, number < Self.directlyIndexed else {
            self.others[number] = key
            return
        }
        let slot = Int(number)
        if slot >= self.indexed.count { self.indexed.append(contentsOf: repeatElement(nil, count: slot - self.indexed.count + 1)) }
        self.indexed[slot] = key
    }

    /// The number of `key`, adding it to the table the first time.
    func number(for key: AuthorKey, in db: Database) throws -> Int64 {
        if let number = self.numbers[key] { return number }
        try db.execute(sql: "INSERT INTO authors (key) VALUES (?)", arguments: [key.data])
        let number = db.lastInsertedRowID
        self.remember(key, number)
        return number
    }

    func existingNumber(for key: AuthorKey) -> Int64? { self.numbers[key] }

    /// The key of an author number read from `column`; an unknown number is damage.
    func key(for number: Int64, _ column: @autoclosure () -> String = "an author number") throws -> AuthorKey {
        if number >= 0, number < self.indexed.count, let key = self.indexed[Int(number)] { return key }
        guard let key = self.others[number] else {
            throw StoredValue.damaged(column(), holds: "the unknown author \(number)")
        }
        return key
    }
}
