import EntenteCore
import Foundation
import GRDB

/// What each device has signed, as this replica holds it.
public struct DeviceActivity: Sendable, Hashable {
    public var author: AuthorKey
    /// How many of its changes this replica holds.
    public var changes: Int
    /// The wall time (milliseconds) of its newest change here.
    public var lastChangeMillis: UInt64
}

extension Replica {
    /// Per device key, the changes this replica holds and when the newest was signed.
    public func deviceActivity() throws -> [AuthorKey: DeviceActivity] {
        try Self.wrap("reading each device's changes") {
            try self.pool.read { db in
                var result: [AuthorKey: DeviceActivity] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT a.key, COUNT(*), MAX(c.wall) FROM changes c JOIN authors a ON a.number = c.author GROUP BY c.author
                    """)
                while let row = try rows.next() {
                    guard let key: Data = row[0], let author = AuthorKey(validating: key.bytes) else { continue }
                    let count: Int64 = row[1] ?? 0, wall: Int64 = row[2] ?? 0
                    result[author] = DeviceActivity(author: author, changes: Int(clamping: count), lastChangeMillis: UInt64(max(0, wall)))
                }
                return result
            }
        }
    }
}
