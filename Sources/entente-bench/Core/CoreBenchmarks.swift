import EntenteActions
import EntenteCore
import EntenteStore
import Foundation
import GRDB
import GRDBSQLite

/// The replica core's benchmarks (issue "Replica core", BENCHMARKS.md).
func runCoreBenchmarks(arguments: [String]) {
    do {
        let writes = option("--writes", in: arguments, default: 100_000)
        let changes = option("--changes", in: arguments, default: 100_000)
        try benchmarkWriteOverhead(writes: writes, batch: 100)
        let keep = arguments.firstIndex(of: "--keep").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        try benchmarkMergeThroughput(changes: changes, keep: keep)
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}

// MARK: - Write overhead

/// `writes` field writes through the engine, in changes of `batch` operations, against the same
/// values inserted into a plain SQLite table in transactions of the same size.
func benchmarkWriteOverhead(writes: Int, batch: Int) throws {
    print("== Write overhead: \(writes) field writes, \(batch) per change / transaction")
    let folder = try BenchFolder("writes")
    defer { folder.remove() }
    let changes = writes / batch

    // Baseline: plain SQLite (GRDB opens it and prepares the statement, values are bound with
    // the C API, as the engine's hot path does), same file settings (WAL), same value bytes.
    let plain = try DatabasePool(path: folder.url.appendingPathComponent("plain.sqlite").path)
    try plain.write { try $0.execute(sql: "CREATE TABLE plain (record BLOB NOT NULL, field TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (record, field)) WITHOUT ROWID") }
    let records = (0..<changes).map { index in RecordID(unchecked: Array(SHA256Digest.hash(Array("r\(index)".utf8)).prefix(16))) }
    let fields = (0..<batch).map { "field\($0)" }
    let (_, plainSeconds) = try BenchClock.time {
        for change in 0..<changes {
            try plain.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO plain (record, field, value) VALUES (?, ?, ?)").sqliteStatement
                let record = records[change].bytes
                for field in fields {
                    sqlite3_reset(statement)
                    record.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), transient) }
                    _ = sqlite3_bind_text(statement, 2, field, -1, transient)
                    Value.int(Int64(change)).encoded.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 3, $0.baseAddress, Int32($0.count), transient) }
                    guard sqlite3_step(statement) == SQLITE_DONE else { throw DatabaseError(message: "plain insert failed") }
                }
            }
        }
    }

    // Entente: one signed change of `batch` writes per transaction.
    let replica = try Replica.found(ReplicaFolder(folder.url.appendingPathComponent("replica")), collective: "Bench", founder: "Alice")
    var placeholders: [RecordID] = []
    let made = try replica.commit(message: "records") { change in
        for _ in 0..<changes { placeholders.append(change.create("thing")) }
    }
    let targets = placeholders.map(made.resolve)
    let (_, engineSeconds) = try BenchClock.time {
        for change in 0..<changes {
            try replica.commit(message: "batch \(change)") { builder in
                for field in fields { builder.set(targets[change], field, .int(Int64(change))) }
            }
        }
    }
    print("plain SQLite inserts: \(BenchClock.ms(plainSeconds))  (\(String(format: "%.2f", plainSeconds * 1e6 / Double(writes))) µs/write)")
    print("Entente engine:       \(BenchClock.ms(engineSeconds))  (\(String(format: "%.2f", engineSeconds * 1e6 / Double(writes))) µs/write)")
    print("ratio engine / plain: \(BenchClock.ratio(engineSeconds, plainSeconds))   (cr-sqlite documents 2.5x; goal <= 1.5x)")
}

private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

// MARK: - Merge throughput

/// Imports `count` single-operation changes from another replica, against the time to verify
/// the same number of Ed25519 signatures alone (the floor).
func benchmarkMergeThroughput(changes count: Int, keep: String?) throws {
    print("\n== Merge throughput: importing \(count) single-operation changes")
    let authors = (0..<4).map { _ in SigningIdentity() }
    let salt = Founding.randomSalt()
    let collective = Founding.collectiveID(founder: authors[0].author, salt: salt)
    var sources = authors.map { _ in MemoryStorage() }
    var produced: [SignedChange] = []
    produced.reserveCapacity(count + 1)
    // The founder founds the collective and admits the three others, who receive it first.
    let founding = try Merge.commit(collective: collective, identity: authors[0], message: "", now: 1_699_999_999_999, into: &sources[0]) { builder in
        Admission.found(collective: "Bench", salt: salt, founder: "A0", key: authors[0].author, noiseKey: Array(repeating: 1, count: 32), into: &builder)
        for (index, author) in authors.enumerated().dropFirst() {
            Admission.admit(name: "A\(index)", key: author.author, noiseKey: Array(repeating: UInt8(index + 1), count: 32), into: &builder)
        }
    }
    for index in 1..<authors.count { _ = try Merge.receive([founding], into: &sources[index], now: 1_699_999_999_999) }
    produced.append(founding)
    // Each author writes to the records it created (a write to a record its author never saw
    // would be refused).
    var records: [[RecordID]] = Array(repeating: [], count: authors.count)
    let (_, makeSeconds) = try BenchClock.time {
        for index in 0..<count {
            let writer = index % authors.count
            let signed = try Merge.commit(
                collective: collective, identity: authors[writer], message: "", now: UInt64(1_700_000_000_000 + index),
                into: &sources[writer]
            ) { builder in
                let own = records[writer]
                if own.isEmpty || (own.count < 250 && index % 100 < 4) {
                    records[writer].append(builder.create("commitment"))
                } else {
                    builder.set(own[index % own.count], "status", .int(Int64(index)))
                }
            }
            if let last = records[writer].last { records[writer][records[writer].count - 1] = signed.resolve(last) }
            produced.append(signed)
        }
    }
    print("(made \(count) signed changes in \(BenchClock.ms(makeSeconds)))")

    let (_, floorSeconds) = BenchClock.time {
        var valid = 0
        for change in produced where change.verifySignature() { valid += 1 }
        precondition(valid == produced.count, "benchmark data must verify")
    }
    let (_, parallelFloorSeconds) = BenchClock.time {
        precondition(Verification.firstInvalid(produced) == nil)
    }
    let folder = try BenchFolder("merge")
    defer { folder.remove() }
    let replicaFolder = ReplicaFolder(keep.map { URL(fileURLWithPath: $0) } ?? folder.url.appendingPathComponent("replica"))
    let replica = try Replica.create(replicaFolder, collective: collective, secret: nil)
    let batch = 1000
    let cpuBefore = BenchClock.cpu()
    let (_, importSeconds) = try BenchClock.time {
        var start = 0
        while start < produced.count {
            let end = min(start + batch, produced.count)
            try replica.receive(Array(produced[start..<end]))
            start = end
        }
    }
    print("verify \(count) signatures, 1 core (the floor):  \(BenchClock.ms(floorSeconds))")
    print("verify \(count) signatures, all cores:           \(BenchClock.ms(parallelFloorSeconds))")
    let importCores = (BenchClock.cpu() - cpuBefore) / importSeconds
    print("import through the replica (batches of \(batch)):  \(BenchClock.ms(importSeconds))  (\(String(format: "%.2f", importCores)) cores busy)")
    print("ratio import / 1-core floor:  \(BenchClock.ratio(importSeconds, floorSeconds))")
    print("ratio import / all-cores verification: \(BenchClock.ratio(importSeconds, parallelFloorSeconds))   (goal <= 1.3x)")

    // Reading a replica with that many changes.
    let (log, logSeconds) = try BenchClock.time { try replica.log() }
    let (lastFifty, tailSeconds) = try BenchClock.time { try replica.log(limit: 50) }
    let (listed, listSeconds) = try BenchClock.time { try replica.records(kind: "commitment") }
    precondition(log.count == count + 1 && lastFifty.count == min(50, count) && listed.count == records.map(\.count).reduce(0, +))
    print("\n== Reading a replica of \(count) changes")
    print("whole log (\(log.count) entries): \(BenchClock.ms(logSeconds)); last 50: \(BenchClock.ms(tailSeconds)); list \(listed.count) commitments: \(BenchClock.ms(listSeconds))")
    // What `entente log` does since the log tells each change from its operations
    // (ChangeWords): decode every change and build its sentence, against the plain log above.
    let all = try replica.records()
    let words = ChangeWords(records: all, directory: Directory(records: all))
    let (told, toldSeconds) = try BenchClock.time { try replica.log(describe: { words.change($0).english }) }
    precondition(told.count == log.count && told.allSatisfy { $0.summary?.isEmpty == false })
    print("whole log told in words (ChangeWords): \(BenchClock.ms(toldSeconds)); ratio told / plain log: \(BenchClock.ratio(toldSeconds, logSeconds))")
    if let keep {
        print("(replica kept in \(keep) for timing the binary: `entente log --replica \(keep)`)")
    }
}
