import EntenteCore
import Foundation
import GRDB

/// What `entente repair` did.
public struct RepairReport: Sendable {
    /// Changes read back from the damaged file, their signatures verified.
    public var recovered = 0
    /// Log rows that could not be read or did not verify.
    public var lost = 0
    /// Where the damaged file was moved.
    public var damagedCopy: String
}

extension Replica {
    /// Rebuilds a damaged replica from the changes its file still holds: every readable,
    /// verified change of its log is merged into a fresh database, which replaces the file;
    /// the damaged file is kept beside it. Keys and the other files of the folder stay.
    /// Changes that could not be read come back with the next sync.
    public static func repair(_ folder: ReplicaFolder, now: Date = Date()) throws -> RepairReport {
        guard folder.exists else { throw StoreError.replicaMissing(path: folder.url.path) }
        let identity = try SigningIdentity(rawSeed: try folder.readSecret(folder.identityKey))
        let secret = try folder.readSecret(folder.collectiveSecret)
        var configuration = Configuration()
        configuration.readonly = true
        var changes: [SignedChange] = []
        var lost = 0
        do {
            let queue = try DatabaseQueue(path: folder.database.path, configuration: configuration)
            defer { try? queue.close() }
            try queue.inDatabase { db in
                // Row by row with the C API; a damaged page ends the read, what came before stays.
                let statement = FastStatement(try db.makeStatement(sql: "SELECT signed FROM changes ORDER BY position"))
                do {
                    try statement.forEachRow(db) { row in
                        if let signed = try? SignedChange(decoding: Column.bytes(row, 0)), signed.verifySignature() {
                            changes.append(signed)
                        } else {
                            lost += 1
                        }
                    }
                } catch {
                    lost += 1
                }
            }
        } catch where !changes.isEmpty {
            lost += 1  // the damage ended the read; what came before is kept
        } catch {
            throw StoreError.notAReplica(path: folder.database.path, reason: "not even its log can be read (\(error)); restore it from a backup, or join again with an invite")
        }
        // The collective is that of the founding change every replica holds.
        guard let collective = changes.first?.change.collective else {
            throw StoreError.notAReplica(path: folder.database.path, reason: "no verified change could be read from it; restore it from a backup, or join again with an invite")
        }
        changes = changes.filter { $0.change.collective == collective }
        let scratch = ReplicaFolder(folder.url.appendingPathComponent(".repair-\(Int(now.timeIntervalSince1970))"))
        try? FileManager.default.removeItem(at: scratch.url)
        let fresh = try Replica.create(scratch, collective: collective, secret: secret, identity: identity)
        try fresh.receive(changes)
        try fresh.close()
        let damaged = folder.url.appendingPathComponent("replica.sqlite.damaged-\(Int(now.timeIntervalSince1970))")
        do {
            try FileManager.default.moveItem(at: folder.database, to: damaged)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.database.path + suffix) }
            try FileManager.default.moveItem(at: scratch.database, to: folder.database)
            try? FileManager.default.removeItem(at: scratch.url)
        } catch {
            throw StoreError.unreadable(path: folder.url.path, reason: "could not put the rebuilt database in place (\(error)); the rebuilt copy is in \(scratch.url.path)")
        }
        return RepairReport(recovered: changes.count, lost: lost, damagedCopy: damaged.path)
    }
}
