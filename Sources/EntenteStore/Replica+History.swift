import EntenteCore
import Foundation
import GRDB

/// One operation on a record, with who made it and whether it still shows.
public struct HistoryEntry: Hashable, Sendable {
    public var change: ChangeID
    public var author: AuthorKey
    public var seq: UInt64
    public var timestamp: HybridTimestamp
    public var message: String
    public var operation: ChangeOperation
    /// Whether this write still survives in the state (a register sibling or a set tag).
    public var current: Bool
}

extension Replica {
    /// The field-level history of `record`: every operation on it, oldest first.
    public func history(of record: RecordID) throws -> [HistoryEntry] {
        try Self.wrap("reading the history") {
            try self.pool.read { db in
                var surviving = Set<String>()
                let tags = try Row.fetchAll(db, sql: "SELECT c.id, w.op FROM writes w JOIN changes c ON c.position = w.position WHERE w.record = ?",
                                            arguments: [record.data])
                for row in tags {
                    surviving.insert("\(try row.stored(ChangeID.self, 0, "changes.id").hex)/\(try row.storedUInt32(1, "writes.op"))")
                }
                var entries: [HistoryEntry] = []
                for signed in try Self.loadChanges(db, missingFrom: HistorySummary()) {
                    let change = signed.change
                    for (index, operation) in change.operations.enumerated() where operation.record == record {
                        let current: Bool
                        switch operation {
                        case .create, .text: current = true
                        default: current = surviving.contains("\(signed.id.hex)/\(index)")
                        }
                        entries.append(HistoryEntry(
                            change: signed.id, author: change.author, seq: change.seq, timestamp: change.timestamp,
                            message: change.message, operation: operation, current: current))
                    }
                }
                return entries
            }
        }
    }
}

extension Replica {
    /// The applied changes whose id starts with `prefix` (lowercase hex, at least 4 digits).
    public func changes(idPrefix prefix: String) throws -> [SignedChange] {
        let lowered = prefix.lowercased()
        guard lowered.count >= 4, lowered.count <= 64, lowered.allSatisfy(\.isHexDigit) else { return [] }
        return try Self.wrap("finding a change") {
            try self.pool.read { db in
                let rows = try Data.fetchAll(db, sql: "SELECT signed FROM changes WHERE lower(hex(id)) LIKE ? ORDER BY position LIMIT 6",
                                             arguments: [lowered + "%"])
                return try rows.map { data in
                    do {
                        return try SignedChange(decoding: data.bytes)
                    } catch {
                        throw StoreError.notAReplica(path: self.folder.database.path, reason: "a stored change is damaged (\(error)); run `entente audit` on it")
                    }
                }
            }
        }
    }
}
