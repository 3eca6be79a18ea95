import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

#if canImport(Glibc)
import Glibc
#endif

/// What `entente repair` did.
public struct RepairReport: Sendable {
    /// Changes read back from the damaged file (its log and its waiting changes), their
    /// signatures verified.
    public var recovered = 0
    /// Log rows (and waiting changes) that could not be read or did not verify.
    public var lost = 0
    /// Recovered changes that wait for one that was lost (they name it as a head): they take
    /// effect once a sync brings it back.
    public var waiting = 0
    /// Where the damaged file is kept.
    public var damagedCopy: String
}

extension Replica {
    /// The draft folder of a repair, inside the replica folder.
    static func repairDraft(_ folder: ReplicaFolder) -> ReplicaFolder { ReplicaFolder(folder.url.appendingPathComponent(".repair")) }

    /// `repair.pending`: written once the rebuilt database is complete, removed once it is in
    /// place; it names the file the damaged database is kept as.
    static func repairMarker(_ folder: ReplicaFolder) -> URL { folder.url.appendingPathComponent("repair.pending") }

    /// Rebuilds a damaged replica from the changes its file still holds: every readable,
    /// verified change of its log (read row by row, so a damaged page loses only its own rows)
    /// and of its waiting changes is merged into a fresh database, which replaces the file; the
    /// damaged file is kept beside it. Keys and the other files of the folder stay. Changes
    /// that could not be read come back with the next sync.
    ///
    /// Holds the replica's lock exclusive throughout (``ReplicaLock``): refused with
    /// ``StoreError/busy(path:repairing:)`` while `serve`, the board or a command has it open,
    /// and they are refused while it runs. It can be cut short at any point: the file stays in
    /// place, and the next command finishes putting the rebuilt one there, or drops the draft
    /// (``finishInterruptedRepair(_:)``).
    public static func repair(_ folder: ReplicaFolder, now: Date = Date(), stopAfter: RepairStep? = nil) throws -> RepairReport {
        try Self.finishInterruptedRepair(folder)
        guard folder.exists else { throw StoreError.replicaMissing(path: folder.url.path) }
        let lock = try ReplicaLock.acquire(folder, .exclusive)
        defer { lock.release() }
        let identity = try SigningIdentity(rawSeed: try folder.readSecret(folder.identityKey))
        let secret = try folder.readSecret(folder.collectiveSecret)
        var (changes, lost) = try Self.salvage(folder)
        // The collective is that of the founding change every replica holds (its signature
        // checked here: the merge below checks the others, once each, on every core).
        let founding = changes.first { Founding.isFounding($0.change) && $0.verifySignature() } ?? changes.first { $0.verifySignature() }
        guard let collective = founding?.change.collective else {
            throw StoreError.notAReplica(path: folder.database.path, reason: "no verified change could be read from it; restore it from a backup, or join again with an invite")
        }
        let foreign = changes.count
        changes = changes.filter { $0.change.collective == collective }
        lost += foreign - changes.count
        // The rebuilt database is made in a draft folder, whole, before anything is moved.
        let draft = Self.repairDraft(folder)
        try? FileManager.default.removeItem(at: draft.url)
        let fresh = try Replica.create(draft, collective: collective, secret: secret, identity: identity)
        let (merged, invalid) = try fresh.receive(changes, droppingInvalid: true)
        try fresh.close()
        let recovered = changes.count - invalid
        lost += invalid
        if stopAfter == .rebuilt { return RepairReport(recovered: recovered, lost: lost, waiting: merged.pending, damagedCopy: "") }
        let damaged = "replica.sqlite.damaged-\(Int(now.timeIntervalSince1970))"
        try Self.writeAtomically(Data(damaged.utf8), to: Self.repairMarker(folder))
        if stopAfter == .marked { return RepairReport(recovered: recovered, lost: lost, waiting: merged.pending, damagedCopy: "") }
        try Self.installRepair(folder, damagedName: damaged)
        return RepairReport(recovered: recovered, lost: lost, waiting: merged.pending, damagedCopy: folder.url.appendingPathComponent(damaged).path)
    }

    /// Where a test stops a repair, as a kill would.
    public enum RepairStep: Sendable {
        /// The rebuilt database is complete in its draft folder; nothing else was done.
        case rebuilt
        /// ...and `repair.pending` says so; the file is not replaced yet.
        case marked
    }

    /// Every change the damaged file still yields (decoded; their signatures are checked by
    /// the merge that rebuilds the replica), and how many rows could not be read. The log is
    /// read one position at a time: a damaged page costs the rows it holds, not those after it.
    static func salvage(_ folder: ReplicaFolder) throws -> (changes: [SignedChange], lost: Int) {
        var configuration = Configuration()
        configuration.readonly = true
        var changes: [SignedChange] = []
        var lost = 0
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: folder.database.path, configuration: configuration)
        } catch {
            throw StoreError.notAReplica(path: folder.database.path, reason: "it cannot be opened (\(error)); restore it from a backup, or join again with an invite")
        }
        defer { try? queue.close() }
        try queue.inDatabase { db in
            // The last position: the log's own, else the newest the frontier names (the change
            // applied last is always on the frontier), else found by reading on.
            var last = 0
            for sql in ["SELECT max(position) FROM changes", "SELECT max(position) FROM frontier", "SELECT max(position) FROM tips"] {
                if let found = try? Int.fetchOne(db, sql: sql) { last = max(last, found) }
            }
            let statement = try db.makeStatement(sql: "SELECT signed FROM changes WHERE position = ?")
            var position = 1, misses = 0
            while position <= last || misses < Self.salvageLookahead {
                var row = FastStatement(statement)
                row.bind(Int64(position))
                var found = false
                do {
                    try row.forEachRow(db) { handle in
                        found = true
                        if let signed = try? SignedChange(decoding: Column.bytes(handle, 0)) {
                            changes.append(signed)
                        } else {
                            lost += 1
                        }
                    }
                } catch {
                    found = true  // the row is there, on a damaged page
                    lost += 1
                }
                if found { misses = 0 } else if position <= last { lost += 1 } else { misses += 1 }
                position += 1
            }
            // Changes that were waiting for their heads: kept too, as far as they read.
            let pending = FastStatement(try db.makeStatement(sql: "SELECT signed FROM pending"))
            do {
                try pending.forEachRow(db) { handle in
                    if let signed = try? SignedChange(decoding: Column.bytes(handle, 0)) {
                        changes.append(signed)
                    } else {
                        lost += 1
                    }
                }
            } catch {
                lost += 1
            }
        }
        return (changes, lost)
    }

    /// How many positions past the last known one a salvage still tries (when the log's
    /// own maximum could not be read).
    static let salvageLookahead = 1_000

    /// Puts a complete rebuilt database in place. Every step can be done again: a repair cut
    /// short anywhere in here is finished by the next command. `replica.sqlite` is never
    /// missing: the damaged file is first linked under its new name, then the rebuilt one is
    /// renamed over it (one atomic step); the damaged file's `-wal` is kept beside it.
    static func installRepair(_ folder: ReplicaFolder, damagedName: String) throws {
        let manager = FileManager.default
        let draft = Self.repairDraft(folder).database
        let damaged = folder.url.appendingPathComponent(damagedName)
        do {
            if manager.fileExists(atPath: draft.path) {
                if !manager.fileExists(atPath: damaged.path) { try Self.keep(folder.database, as: damaged) }
                let wal = URL(fileURLWithPath: folder.database.path + "-wal")
                let damagedWAL = URL(fileURLWithPath: damaged.path + "-wal")
                let walBytes = (try? manager.attributesOfItem(atPath: wal.path)[.size] as? NSNumber)?.intValue ?? 0
                if walBytes > 0, !manager.fileExists(atPath: damagedWAL.path) { try Self.keep(wal, as: damagedWAL) }
                // The old -wal and -shm belong to the damaged file: the rebuilt one must not read them.
                for suffix in ["-wal", "-shm"] { unlink(folder.database.path + suffix) }
                guard rename(draft.path, folder.database.path) == 0 else {
                    throw StoreError.unwritable(path: folder.database.path, reason: String(cString: strerror(errno)))
                }
            }
            try? manager.removeItem(at: Self.repairDraft(folder).url)
            unlink(Self.repairMarker(folder).path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unwritable(path: folder.url.path, reason: "could not put the rebuilt database in place (\(error)); run `entente repair` again")
        }
    }

    /// Finishes a repair that was cut short, or drops its draft: a complete rebuilt database
    /// (`repair.pending` written) is put in place; an unfinished draft is removed, the file
    /// stays as it was. Nothing to do, the usual case, costs two `stat`s.
    static func finishInterruptedRepair(_ folder: ReplicaFolder) throws {
        let manager = FileManager.default
        let marker = Self.repairMarker(folder)
        let draft = Self.repairDraft(folder)
        let marked = manager.fileExists(atPath: marker.path)
        guard marked || manager.fileExists(atPath: draft.url.path) else { return }
        // Alone: a repair running now holds the lock, and is not cut short.
        let lock = try ReplicaLock.acquire(folder, .exclusive)
        defer { lock.release() }
        if marked, let name = (try? String(contentsOf: marker, encoding: .utf8)).map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
           name.hasPrefix("replica.sqlite.damaged-"), !name.contains("/") {
            try Self.installRepair(folder, damagedName: name)
        } else {
            try? manager.removeItem(at: draft.url)
            unlink(marker.path)
        }
    }

    /// A second name for `file` (a hard link; a copy where links are not possible).
    private static func keep(_ file: URL, as kept: URL) throws {
        if link(file.path, kept.path) == 0 { return }
        try FileManager.default.copyItem(at: file, to: kept)
    }

    /// Writes `data` to `url` through a temporary file and a rename, synced to disk first.
    private static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = url.appendingPathExtension("tmp")
        let descriptor = Glibc.open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.unwritable(path: temporary.path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else { throw StoreError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
    }
}
