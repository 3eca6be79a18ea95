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
    ///
    /// The newest is read among the device's tips (its changes none of its others has seen):
    /// a device's clock runs ahead of every change it applied before signing (CHANGES.md §5,
    /// "Hybrid logical clock"), so a correct device's newest change is one of them. Counting
    /// reads only the index `(author, seq)`.
    public func deviceActivity() throws -> [AuthorKey: DeviceActivity] {
        try Self.wrap("reading each device's changes") {
            try self.pool.read { db in
                let authors = try AuthorNumbers(db)
                var result: [AuthorKey: DeviceActivity] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT author, COUNT(*) FROM changes GROUP BY author") {
                    let author = try authors.key(for: try row.stored(0, "changes.author"), "changes.author")
                    let count: Int64 = row[1] ?? 0
                    result[author] = DeviceActivity(author: author, changes: Int(clamping: count), lastChangeMillis: 0)
                }
                for row in try Row.fetchAll(db, sql: "SELECT t.author, c.signed FROM tips t JOIN changes c ON c.position = t.position") {
                    let author = try authors.key(for: try row.stored(0, "tips.author"), "tips.author")
                    let signed = try row.storedBytes(1, "changes.signed")
                    guard let wall = try? Change.timeAndMessage(of: signed).timestamp.wallMillis else {
                        throw StoredValue.damaged("changes.signed", holds: "a change that does not decode")
                    }
                    if let known = result[author], known.lastChangeMillis < wall { result[author]?.lastChangeMillis = wall }
                }
                return result
            }
        }
    }
}
