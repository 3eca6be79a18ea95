import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

/// Relay folders (issue "Between meetings"): bytes written to the folder per change against the
/// changes' encoded size (goal <= 1.2x), the time of a pass that imports one new file against
/// merging the same changes directly, and a folder after a simulated year of a collective.
///
///     swift run -c release entente-bench relay [--members 12] [--days 365] [--per-day 2]
func runRelayBenchmark(arguments: [String]) {
    func option(_ name: String, _ fallback: Int) -> Int {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else { return fallback }
        return value
    }
    do {
        try relayBytesPerChange()
        try relayImportTime()
        try relayYear(members: option("--members", 12), days: option("--days", 365), perDay: option("--per-day", 2))
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}

/// A collective of `count` members, each with a replica, all admitted by the first.
private func relayCollective(_ folder: BenchFolder, members count: Int) throws -> [Replica] {
    let first = try Replica.found(ReplicaFolder(folder.url.appendingPathComponent("m0")), collective: "Bench", founder: "Member 0")
    var replicas = [first]
    for index in 1..<max(1, count) {
        let replica = try Replica.create(ReplicaFolder(folder.url.appendingPathComponent("m\(index)")), collective: first.collective,
                                         secret: try first.secretChain().current)
        let key = replica.author, noise = try replica.noisePublicKey()
        try first.commit(message: "") { change in _ = Admission.admit(name: "Member \(index)", key: key, noiseKey: noise, into: &change) }
        replicas.append(replica)
    }
    for replica in replicas.dropFirst() { try replica.merge(from: first.folder.url) }
    return replicas
}

private func relayFolder(_ folder: BenchFolder, _ name: String) throws -> URL {
    let url = folder.url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func folderBytes(_ url: URL) throws -> (files: Int, bytes: Int) {
    var files = 0, bytes = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where RelayFileName.isRelayFile(name) {
        files += 1
        bytes += (try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path)[.size] as? NSNumber)?.intValue ?? 0
    }
    return (files, bytes)
}

private func relayBytesPerChange() throws {
    let folder = try BenchFolder("relay-bytes")
    defer { folder.remove() }
    let alice = try Replica.found(ReplicaFolder(folder.url.appendingPathComponent("alice")), collective: "Bench", founder: "Alice")
    let shared = try relayFolder(folder, "shared")
    let relay = RelayFolders(replica: alice)
    try relay.add(shared.path)
    _ = try relay.exchange(shared.path)
    var record: RecordID?
    let made = try alice.commit(message: "") { record = $0.create(RecordKind.commitment) }
    guard let id = record.map(made.resolve) else { return }
    _ = try relay.exchange(shared.path)
    print("== Relay files: bytes written to the folder vs the changes' encoded size (goal <= 1.2x)")
    print("changes a file   change bytes   unpadded file   file bytes (padded)   ratio")
    for batch in [1, 10, 100, 1000] {
        let before = try alice.summary()
        for index in 0..<batch {
            try alice.commit(message: "") { $0.set(id, "status", .string("step \(index)")) }
        }
        let changes = try alice.changes(missingFrom: before)
        let changeBytes = changes.reduce(0) { $0 + $1.encoded.count }
        let report = try relay.exchange(shared.path)
        guard let name = report.written, report.changesWritten == batch else { print("the pass did not write the batch"); return }
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: shared.appendingPathComponent(name).path)[.size] as? NSNumber)?.intValue ?? 0
        let unpadded = try ChangeBundle(collective: alice.collective, changes: changes).sealed(secret: try alice.secretChain().current).count
        print(String(format: "%14d   %12d   %13d   %19d   %.3fx", batch, changeBytes, unpadded, fileBytes, Double(fileBytes) / Double(changeBytes)))
    }
}

private func relayImportTime() throws {
    let folder = try BenchFolder("relay-import")
    defer { folder.remove() }
    let replicas = try relayCollective(folder, members: 2)
    let (alice, bruno) = (replicas[0], replicas[1])
    let aliceFolder = try relayFolder(folder, "alice"), brunoFolder = try relayFolder(folder, "bruno")
    let aliceRelay = RelayFolders(replica: alice), brunoRelay = RelayFolders(replica: bruno)
    try aliceRelay.add(aliceFolder.path)
    try brunoRelay.add(brunoFolder.path)
    // Both hold 10,000 changes already.
    var record: RecordID?
    let made = try alice.commit(message: "") { record = $0.create(RecordKind.commitment) }
    guard let id = record.map(made.resolve) else { return }
    for index in 0..<10_000 { try alice.commit(message: "") { $0.set(id, "status", .string("old \(index)")) } }
    try bruno.merge(from: alice.folder.url)
    _ = try aliceRelay.exchange(aliceFolder.path)
    _ = try brunoRelay.exchange(brunoFolder.path)
    print("")
    print("== A pass that imports one new relay file, against merging its changes directly (replicas of 10,000 changes)")
    print("changes   direct merge   relay pass   ratio")
    let twin = try Replica.create(ReplicaFolder(folder.url.appendingPathComponent("twin")), collective: alice.collective, secret: try alice.secretChain().current)
    try twin.merge(from: bruno.folder.url)
    for batch in [1, 10, 100] {
        let before = try alice.summary()
        for index in 0..<batch { try alice.commit(message: "") { $0.set(id, "status", .string("new \(index)")) } }
        let changes = try alice.changes(missingFrom: before)
        let (_, direct) = try BenchClock.time { try twin.receive(changes) }
        let written = try aliceRelay.exchange(aliceFolder.path)
        guard let name = written.written else { return }
        try FileManager.default.copyItem(at: aliceFolder.appendingPathComponent(name), to: brunoFolder.appendingPathComponent(name))
        let (report, pass) = try BenchClock.time { try brunoRelay.exchange(brunoFolder.path, write: false) }
        guard report.changesApplied == batch else { print("the pass did not import the batch"); return }
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        print("\(right("\(batch)", 7))   \(right(BenchClock.ms(direct), 12))   \(right(BenchClock.ms(pass), 10))   \(BenchClock.ratio(pass, direct))")
    }
    print("(serve runs a pass every \(Int(RelayWatcher.interval)) s: a file is imported at most that long plus one pass after it lands)")
}

private func fileBytes(_ url: URL) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
}

private func relayYear(members: Int, days: Int, perDay: Int) throws {
    let folder = try BenchFolder("relay-year")
    defer { folder.remove() }
    let replicas = try relayCollective(folder, members: members)
    // One folder that the engine keeps identical for everyone: here, literally one folder.
    let shared = try relayFolder(folder, "shared")
    let relays = replicas.map { RelayFolders(replica: $0) }
    for relay in relays { try relay.add(shared.path) }
    var records: [RecordID] = []
    for replica in replicas {
        var record: RecordID?
        let made = try replica.commit(message: "") { record = $0.create(RecordKind.commitment) }
        if let id = record.map(made.resolve) { records.append(id) }
    }
    var peak = (files: 0, bytes: 0, day: 0)
    var writtenBytes = 0
    let (_, seconds) = try BenchClock.time {
        for day in 0..<days {
            for (index, replica) in replicas.enumerated() {
                for edit in 0..<perDay {
                    try replica.commit(message: "") { $0.set(records[index], "status", .string("day \(day) edit \(edit)")) }
                }
                let report = try relays[index].exchange(shared.path)
                if let name = report.written { writtenBytes += try fileBytes(shared.appendingPathComponent(name)) }
            }
            let size = try folderBytes(shared)
            if size.bytes > peak.bytes { peak = (size.files, size.bytes, day) }
        }
        for relay in relays { _ = try relay.exchange(shared.path) }
    }
    let all = try replicas[0].changes(missingFrom: HistorySummary())
    let changeBytes = all.reduce(0) { $0 + $1.encoded.count }
    let (files, bytes) = try folderBytes(shared)
    let hashes = Set(try replicas.map { try $0.stateHash() })
    print("")
    print("== A simulated year: \(members) members, \(perDay) changes a member a day, each syncing daily through one relay folder")
    let receipts = try FileManager.default.contentsOfDirectory(atPath: shared.path).filter(RelayFileName.isReceipt)
    let receiptBytes = try receipts.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: shared.appendingPathComponent($1).path)[.size] as? NSNumber)?.intValue ?? 0) }
    print(String(format: "changes %d (%d bytes encoded), %.1f s for the year (%.1f ms a pass)", all.count, changeBytes, seconds, seconds * 1000 / Double(days * members)))
    print("relay files at the end: \(files), \(bytes) bytes; largest at the end of a day: \(peak.files) files, \(peak.bytes) bytes (day \(peak.day + 1))")
    print("receipts: \(receipts.count), \(receiptBytes) bytes; every change written: \(changeBytes) bytes")
    print(String(format: "relay files written over the year (padded): %d bytes, %.3fx the changes' encoded size (goal <= 1.2x)",
                 writtenBytes, Double(writtenBytes) / Double(max(1, changeBytes))))
    print(hashes.count == 1 ? "(every replica holds the same state)" : "THE REPLICAS DIFFER")
}
