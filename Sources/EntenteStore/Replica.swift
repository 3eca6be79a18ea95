import Crypto
import EntenteCore
import EntenteLocking
import Foundation
import GRDB

/// A member's local replica of the collective's vision: a SQLite file plus this device's keys.
///
/// Every write happens in one transaction: the change is appended to the log and the
/// materialised state and version vector are updated together, so a crash never leaves them
/// out of step.
public final class Replica: Sendable {
    public let folder: ReplicaFolder
    public let identity: SigningIdentity
    public let collective: CollectiveID
    let pool: DatabasePool
    /// `replica.lock`, held shared while this replica is open (``ReplicaLock``).
    let lock: ReplicaLock
    /// Decoded collaborative texts, reused by successive writes (see ``TextCache``).
    let textCache = TextCache()
    /// The writer connection's `data_version` when the file last passed `quick_check`.
    private let checkedDataVersion = LockedValue<Int?>(nil)
    /// The secrets this device holds, kept until a rotation arrives (see ``secretChain()``).
    let secretCache = SecretChainCache()

    /// Physical time in milliseconds.
    public let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }

    private init(folder: ReplicaFolder, identity: SigningIdentity, collective: CollectiveID, pool: DatabasePool, lock: ReplicaLock) {
        self.folder = folder
        self.identity = identity
        self.collective = collective
        self.pool = pool
        self.lock = lock
    }

    public var author: AuthorKey { self.identity.author }

    // MARK: - Opening

    /// Opens an existing replica.
    /// - Throws: ``StoreError/replicaMissing(path:)`` when the folder holds none, key errors
    ///   when a key file is missing, damaged or readable by others.
    public static func open(_ folder: ReplicaFolder) throws -> Replica {
        // A repair cut short is finished (or its draft dropped) before anything reads the file.
        try Self.finishInterruptedRepair(folder)
        guard folder.exists else { throw StoreError.replicaMissing(path: folder.url.path) }
        let identity = try SigningIdentity(rawSeed: try folder.readSecret(folder.identityKey))
        try Self.checkFiles(folder)
        let lock = try ReplicaLock.acquire(folder, .shared)
        let pool = try Self.openDatabase(folder)
        let collective = try Self.wrap("reading the replica's collective") {
            try pool.read { db -> CollectiveID? in
                guard let raw = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'collective'") else { return nil }
                return CollectiveID(validating: raw.bytes)
            }
        }
        guard let collective else {
            throw StoreError.notAReplica(path: folder.database.path, reason: "it names no collective")
        }
        try Self.checkFormat(pool, folder)
        return Replica(folder: folder, identity: identity, collective: collective, pool: pool, lock: lock)
    }

    /// Creates an empty replica of `collective` in `folder` with fresh device keys.
    ///
    /// The collective's `secret` (its pre-shared key) is written next to the database; pass
    /// `nil` to generate a new one (when founding a collective).
    public static func create(
        _ folder: ReplicaFolder, collective: CollectiveID, secret: [UInt8]?, identity: SigningIdentity = SigningIdentity()
    ) throws -> Replica {
        guard !folder.exists else { throw StoreError.replicaExists(path: folder.url.path) }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try folder.writeSecret(identity.rawSeed, to: folder.identityKey)
        try folder.writeSecret(Array(Curve25519.KeyAgreement.PrivateKey().rawRepresentation), to: folder.noiseKey)
        let secretBytes = secret ?? Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        try folder.writeSecret(secretBytes, to: folder.collectiveSecret)
        let lock = try ReplicaLock.acquire(folder, .shared)
        // The database is made beside its place and moved there whole, naming its collective:
        // a process killed meanwhile (a join cut short) leaves no half-made replica that the
        // same command could not finish, only keys, which the next attempt writes anew.
        let draft = folder.url.appendingPathComponent("replica.sqlite.new")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: draft.path + suffix) }
        try Self.wrap("initialising the replica") {
            let pool = try Self.openDatabase(path: draft.path)
            try pool.write { db in
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('collective', ?)", arguments: [collective.data])
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?)", arguments: [Schema.format])
            }
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try pool.close()
        }
        do {
            // No database here yet: any -wal or -shm beside its name belongs to none.
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.database.path + suffix) }
            try FileManager.default.moveItem(at: draft, to: folder.database)
        } catch {
            throw StoreError.unwritable(path: folder.database.path, reason: "\(error)")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: draft.path + suffix) }
        return Replica(folder: folder, identity: identity, collective: collective, pool: try Self.openDatabase(folder), lock: lock)
    }

    /// Refuses, before SQLite touches it, a database file that was emptied (opening it would
    /// silently give it a fresh schema) and a folder this user cannot write (SQLite would only
    /// say "unable to open database file").
    static func checkFiles(_ folder: ReplicaFolder) throws {
        let manager = FileManager.default
        let size = (try? manager.attributesOfItem(atPath: folder.database.path)[.size] as? NSNumber)?.intValue
        if size == 0 {
            throw StoreError.notAReplica(path: folder.database.path, reason: "the database file is empty (0 bytes): it was truncated. Restore it from a backup, or join again with an invite; the keys in the folder are intact")
        }
        guard manager.isWritableFile(atPath: folder.url.path), size == nil || manager.isWritableFile(atPath: folder.database.path) else {
            throw StoreError.readOnly(path: folder.url.path)
        }
    }

    /// Refuses a replica made by an earlier, incompatible Entente.
    static func checkFormat(_ pool: DatabasePool, _ folder: ReplicaFolder) throws {
        let format = try Self.wrap("reading the replica's format") {
            try pool.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") }
        }
        guard format == Schema.format else {
            throw StoreError.oldFormat(path: folder.url.path, found: format)
        }
    }

    static func openDatabase(_ folder: ReplicaFolder) throws -> DatabasePool {
        try Self.openDatabase(path: folder.database.path)
    }

    static func openDatabase(path: String) throws -> DatabasePool {
        try Self.wrap("opening \(path)") {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // Durable before acknowledged: every commit is synced to disk (WAL included), so a
            // power cut never makes this device sign an old sequence number again (STORE.md).
            // Pages are read through a memory map (up to 256 MiB) rather than a system call
            // each: a fifth of reading every record of a large replica was `pread`. SQLite
            // writes as before (mapped pages are only read).
            // A new file gets its page size before anything is written to it (on an existing
            // one the setting does nothing). A connection keeps up to `Schema.cacheKiB` of pages
            // (SQLite's default, 2 MiB, made a large import write pages out to the WAL and read
            // them back many times over; BENCHMARKS.md).
            configuration.prepareDatabase { db in
                try db.execute(sql: """
                    PRAGMA page_size = \(Schema.pageSize); PRAGMA synchronous = FULL; PRAGMA mmap_size = 268435456;
                    PRAGMA cache_size = -\(Schema.cacheKiB)
                    """)
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            // A replica of another format is refused before any migration touches it.
            let found = try pool.read { db -> Int64?? in
                guard try db.tableExists("meta") else { return .none }
                return .some(try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'"))
            }
            if case .some(let format) = found, format != Schema.format, !(format.map(Schema.upgradable.contains) ?? false) {
                throw StoreError.oldFormat(path: (path as NSString).deletingLastPathComponent, found: format)
            }
            try Schema.migrator.migrate(pool)
            return pool
        }
    }

    /// SQLite's `synchronous` setting on this replica's connections (2 = FULL: see STORE.md).
    public func synchronousSetting() throws -> Int {
        try Self.wrap("reading the durability setting") { try self.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } }
    }

    /// The device's X25519 static key for the secure channel.
    public func noiseKey() throws -> Curve25519.KeyAgreement.PrivateKey {
        let raw = try self.folder.readSecret(self.folder.noiseKey)
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
            throw StoreError.malformedKey(path: self.folder.noiseKey.path)
        }
        return key
    }

    /// The collective's pre-shared key.
    public func collectiveSecret() throws -> [UInt8] {
        try self.folder.readSecret(self.folder.collectiveSecret)
    }

    /// Replaces the collective's pre-shared key with the one a member handed over when
    /// admitting this replica (SYNC.md §7).
    public func adoptCollectiveSecret(_ secret: [UInt8]) throws {
        guard secret.count == 32 else { throw StoreError.malformedKey(path: self.folder.collectiveSecret.path) }
        try self.folder.writeSecret(secret, to: self.folder.collectiveSecret)
    }

    // MARK: - Writing

    /// Commits one local change built by `build`, in one transaction.
    @discardableResult
    public func commit(message: String, _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        let now = self.now()
        return try Self.wrap("committing a change") {
            try self.writeWithTexts { db in
                try self.checkIntegrity(db)
                var storage = SQLiteStorage(db, textCache: self.textCache)
                return try Merge.commit(collective: self.collective, identity: self.identity, message: message, now: now, into: &storage, build)
            }
        }
    }

    /// Verifies and merges changes from another replica, a bundle or a peer.
    ///
    /// All or nothing: if any change is from another collective or carries a bad signature,
    /// nothing is imported and the error names it. Signatures are checked on every core, ahead
    /// of the part being applied (`SignatureChecks`), inside one transaction.
    @discardableResult
    public func receive(_ changes: [SignedChange]) throws -> Merge.Report {
        try self.receive(changes, droppingInvalid: false).report
    }

    /// ``receive(_:)``, or with `droppingInvalid`, a change whose signature does not verify is
    /// left out (and counted) rather than refusing them all: what a repair does with the
    /// changes it salvaged, each signature checked once, on every core.
    func receive(_ changes: [SignedChange], droppingInvalid: Bool) throws -> (report: Merge.Report, invalid: Int) {
        if let foreign = changes.first(where: { $0.change.collective != self.collective }) {
            throw StoreError.foreignCollective(expected: self.collective, found: foreign.change.collective)
        }
        let checks = SignatureChecks(changes)
        defer { checks.stop() }
        let now = self.now()
        return try Self.wrap("merging changes") {
            try self.writeWithTexts { db in
                var storage = SQLiteStorage(db, textCache: self.textCache)
                var report = Merge.Report()
                var dropped = 0
                let parts = checks.parts
                for (index, part) in parts.enumerated() {
                    let invalid = checks.invalid(in: part)
                    if let first = invalid.first, !droppingInvalid {
                        throw StoreError.invalidChange(.badSignature(changes[first].id, author: changes[first].author))
                    }
                    let doomed = Set(invalid)
                    let valid = doomed.isEmpty ? checks[part] : part.filter { !doomed.contains($0) }.map { changes[$0] }
                    dropped += doomed.count
                    // The texts' snapshots and visible texts are written once, after the last part.
                    let merged = try Merge.receive(valid, into: &storage, now: now, finishing: index == parts.count - 1)
                    report.applied += merged.applied
                    report.duplicates += merged.duplicates
                    report.forks += merged.forks
                    report.strangers += merged.strangers
                    report.misnumbered += merged.misnumbered
                    report.refusals += merged.refusals
                    report.pending = merged.pending
                }
                return (report, dropped)
            }
        }
    }

    /// A damaged file never grows: before this device signs a change, SQLite's `quick_check`
    /// runs over the whole file, once per replica opened and again whenever another process
    /// wrote it (measured: 47 ms on a 43 MB replica of 100,000 changes; BENCHMARKS.md).
    func checkIntegrity(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
        if let version, version == self.checkedDataVersion.withLock({ $0 }) { return }
        let findings = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard findings == ["ok"] else {
            throw StoreError.damaged(path: self.folder.database.path, detail: findings.prefix(2).joined(separator: "; "))
        }
        self.checkedDataVersion.withLock { $0 = version }
    }

    /// A write transaction whose failure also drops the text cache (it may hold edits that
    /// were rolled back).
    func writeWithTexts<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try self.pool.write(body)
        } catch {
            self.textCache.clear()
            throw error
        }
    }

    // MARK: - Errors

    static func wrap<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            throw StoreError.damaged(path: "", detail: "\(what): \(error.message ?? error.description)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull(what)
        } catch let error as DatabaseError {
            throw StoreError.database("\(what): \(error.message ?? error.description)")
        }
    }
}

extension Replica {
    /// Opens another member's replica folder to read its changes, without its keys.
    static func openReadOnly(_ folder: ReplicaFolder) throws -> ReplicaSource {
        try Self.finishInterruptedRepair(folder)
        let lock = try ReplicaLock.acquire(folder, .shared)
        let pool = try Self.openDatabase(folder)
        let collective = try Self.wrap("reading \(folder.database.path)") {
            try pool.read { db -> CollectiveID? in
                try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'collective'").flatMap { CollectiveID(validating: $0.bytes) }
            }
        }
        guard let collective else { throw StoreError.notAReplica(path: folder.database.path, reason: "it names no collective") }
        try Self.checkFormat(pool, folder)
        return ReplicaSource(pool: pool, collective: collective, lock: lock)
    }
}

// MARK: - Lifecycle and testing hooks

extension Replica {
    /// Closes the database (checkpointing the WAL into the main file). The replica must not
    /// be used afterwards.
    public func close() throws {
        try Self.wrap("closing the replica") {
            try self.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try self.pool.close()
        }
        self.lock.release()
    }

    /// Testing only: runs raw SQL against the replica, bypassing the merge rules, to simulate
    /// tampering. Never called by Entente itself.
    public func _executeForTesting(_ sql: String) throws {
        try Self.wrap("executing test SQL") { try self.pool.writeWithoutTransaction { try $0.execute(sql: sql) } }
    }
}

extension Replica {
    /// Founds a collective in a new replica: fresh device keys, a collective id bound to them
    /// (`Founding`), and the founding change admitting `founder` as the first member, with
    /// `message` (what the founder typed, if anything) as its message.
    public static func found(_ folder: ReplicaFolder, collective name: String, founder: String, message: String = "") throws -> Replica {
        let identity = SigningIdentity()
        let salt = Founding.randomSalt()
        let replica = try Self.create(folder, collective: Founding.collectiveID(founder: identity.author, salt: salt), secret: nil, identity: identity)
        let noiseKey = Array(try replica.noiseKey().publicKey.rawRepresentation)
        try replica.commit(message: message) { change in
            Admission.found(collective: name, salt: salt, founder: founder, key: identity.author, noiseKey: noiseKey, into: &change)
        }
        return replica
    }

    /// This device's X25519 public key, as written in its `device` record.
    public func noisePublicKey() throws -> [UInt8] { Array(try self.noiseKey().publicKey.rawRepresentation) }
}
