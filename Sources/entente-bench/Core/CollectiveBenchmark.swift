import EntenteCore
import EntenteStore
import EntenteSync
import EntenteText
import Foundation
import Logging

/// Issue "One history": a long-lived collective (40 devices, 200,000 changes, 20,000
/// records, a vision text of 50,000 edits, 3 forked devices) in the founder's replica; what
/// the replica file weighs against its changes, how long the everyday commands take through
/// the real binary (against the process start alone), and a newcomer's first sync of the
/// whole history over loopback.
func runCollectiveBenchmark(arguments: [String]) {
    do {
        let shape = LongLivedShape(
            devices: option("--devices", in: arguments, default: 40), changes: option("--changes", in: arguments, default: 200_000),
            records: option("--records", in: arguments, default: 20_000), textEdits: option("--text-edits", in: arguments, default: 50_000),
            forks: option("--forks", in: arguments, default: 3))
        let keep = arguments.firstIndex(of: "--keep").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let binary = arguments.firstIndex(of: "--entente").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("entente").path
        try benchmarkLongLivedCollective(shape, keep: keep, binary: binary)
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}

struct LongLivedShape {
    var devices: Int
    var changes: Int
    var records: Int
    var textEdits: Int
    var forks: Int
}

/// The history, made in memory: every device sees everything signed before it signs (the
/// collective syncs often), except the copied devices, whose copies sign a few changes that
/// the other copy never saw.
struct LongLivedHistory {
    var changes: [SignedChange] = []
    var collective: CollectiveID
    var forkedAuthors: [AuthorKey] = []
    var textScalars = 0
    var recordsCreated = 0

    init(_ shape: LongLivedShape, founder: SigningIdentity, founderNoiseKey: [UInt8], identities: [SigningIdentity]) throws {
        var random = BenchRandom(state: 0x10_C0_11EC)
        let salt = [UInt8](repeating: 7, count: Founding.saltBytes)
        self.collective = Founding.collectiveID(founder: founder.author, salt: salt)
        var world = MemoryStorage()
        world.keepsRoster = true
        var now: UInt64 = 1_700_000_000_000
        var members: [RecordID] = []
        var collectiveRecord: RecordID?
        let founding = try Merge.commit(collective: self.collective, identity: founder, message: "", now: now, into: &world) { change in
            Admission.found(collective: "Atelier au long cours", salt: salt, founder: "M0", key: founder.author, noiseKey: founderNoiseKey, into: &change)
            for index in 1..<identities.count {
                members.append(Admission.admit(name: "M\(index)", key: identities[index].author, noiseKey: [UInt8](repeating: 2, count: 32), into: &change))
            }
        }
        self.changes.append(founding)
        let directory = Directory(records: try world.authorityRecords())
        members = identities.map { directory.member(for: $0.author)?.id ?? RecordID(unchecked: [UInt8](repeating: 0, count: 16)) }
        collectiveRecord = try world.allRecords().first { $0.kind == RecordKind.collective }?.id
        guard let vision = collectiveRecord else { throw BenchFailure("the founding change made no collective record") }

        var own = [[RecordID]](repeating: [], count: identities.count)
        let words = ["partenaires ", "confiance ", "valeur ", "contrat ", "étape ", "crise ", "attentes ", "sortie ", "projet ", "nous "]
        let statuses = ["proposed", "done", "broken", "dropped"]
        let recordEvery = max(1, shape.changes / max(1, shape.records))
        let textEvery = max(1, shape.changes / max(1, shape.textEdits))
        let forkEvery = shape.forks > 0 ? shape.changes / (shape.forks + 1) : Int.max
        var texts = 0, forks = 0
        /// One change by device `author` on `storage`.
        func sign(_ author: Int, _ index: Int, into storage: inout MemoryStorage) throws -> SignedChange {
            now += 1000
            var created: RecordID?
            let wantsText = index % textEvery == 0 && texts < shape.textEdits
            let wantsRecord = !wantsText && (own[author].isEmpty || (index % recordEvery == 1 && self.recordsCreated < shape.records))
            let signed = try Merge.commit(collective: self.collective, identity: identities[author], message: "", now: now, into: &storage) { change in
                if wantsText {
                    let length = self.textScalars
                    let position = Int(random.next() % UInt64(length + 1))
                    if length > 200 && (length > 40_000 || random.next() % 3 == 0) {
                        let start = Int(random.next() % UInt64(length - 12))
                        try change.editText(vision, Collective.Field.vision, patches: [TextPatch(position: start, deleteCount: 12)])
                        self.textScalars -= 12
                    } else {
                        let word = words[Int(random.next() % UInt64(words.count))]
                        try change.editText(vision, Collective.Field.vision, patches: [TextPatch(position: position, insert: word)])
                        self.textScalars += word.unicodeScalars.count
                    }
                } else if wantsRecord {
                    let record = change.create(RecordKind.commitment)
                    change.set(record, Commitment.Field.what, .string("Commitment \(index) to the tender answer"))
                    change.set(record, Commitment.Field.by, .record(members[author]))
                    change.set(record, Commitment.Field.status, .string("proposed"))
                    created = record
                } else {
                    let record = own[author][Int(random.next() % UInt64(own[author].count))]
                    change.set(record, Commitment.Field.status, .string(statuses[Int(random.next() % 4)]))
                }
            }
            if wantsText { texts += 1 }
            if let created {
                own[author].append(signed.resolve(created))
                self.recordsCreated += 1
            }
            return signed
        }
        var index = 1
        while self.changes.count < shape.changes {
            let author = Int(random.next() % UInt64(identities.count))
            if index % forkEvery == 0 && forks < shape.forks && !own[author].isEmpty {
                // The device's folder was copied: the copy signs three changes the original never sees.
                forks += 1
                var copy = world
                var branch: [SignedChange] = []
                for step in 0..<3 { branch.append(try sign(author, index * 10 + step, into: &copy)) }
                self.changes.append(try sign(author, index, into: &world))
                now += 1000
                let report = try Merge.receive(branch, into: &world, now: now)
                guard report.applied.count == branch.count, !report.forks.isEmpty else { throw BenchFailure("a fork did not enter the history") }
                self.changes += branch
                self.forkedAuthors.append(identities[author].author)
            } else {
                self.changes.append(try sign(author, index, into: &world))
            }
            index += 1
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func benchmarkLongLivedCollective(_ shape: LongLivedShape, keep: String?, binary: String) throws {
    print("== A long-lived collective: \(shape.devices) devices, \(shape.changes) changes, \(shape.records) records, a vision text of \(shape.textEdits) edits, \(shape.forks) forked devices")
    var logger = Logger(label: "entente.bench")
    logger.logLevel = .error
    let folder = try BenchFolder("collective")
    defer { folder.remove() }
    let base = keep.map { URL(fileURLWithPath: $0) } ?? folder.url
    let identities = (0..<shape.devices).map { index in
        (try? SigningIdentity(rawSeed: [UInt8](repeating: 0x4C, count: 30) + [UInt8(index >> 8), UInt8(index & 0xff)])) ?? SigningIdentity()
    }
    // The founder's replica exists first: the founding change names its Noise key.
    let founderFolder = ReplicaFolder(base.appendingPathComponent("founder"))
    let salt = [UInt8](repeating: 7, count: Founding.saltBytes)
    let collective = Founding.collectiveID(founder: identities[0].author, salt: salt)
    let founder = try Replica.create(founderFolder, collective: collective, secret: nil, identity: identities[0])
    let (history, makeSeconds) = try BenchClock.time {
        try LongLivedHistory(shape, founder: identities[0], founderNoiseKey: try founder.noisePublicKey(), identities: identities)
    }
    let changeBytes = history.changes.reduce(0) { $0 + $1.encodedCount }
    print(String(format: "made %d signed changes (%.1f MB, %d records, a vision text of %d characters) in %.1f s",
                 history.changes.count, Double(changeBytes) / 1e6, history.recordsCreated, history.textScalars, makeSeconds))

    let (_, importSeconds) = try BenchClock.time {
        var start = 0
        while start < history.changes.count {
            let end = min(start + 1000, history.changes.count)
            try founder.receive(Array(history.changes[start..<end]))
            start = end
        }
    }
    let forks = try founder.forks().count
    print(String(format: "imported into the founder's replica in %.1f s; forks it reports: %d", importSeconds, forks))
    try founder.close()  // checkpoints the write-ahead log into the file
    let fileBytes = (try? FileManager.default.attributesOfItem(atPath: founderFolder.database.path)[.size] as? NSNumber)?.intValue ?? 0
    print(String(format: "replica file: %.1f MB for %.1f MB of signed changes: %.2fx (goal <= 1.5x)",
                 Double(fileBytes) / 1e6, Double(changeBytes) / 1e6, Double(fileBytes) / Double(max(1, changeBytes))))

    // Through the real binary: process start alone, then the everyday commands.
    if FileManager.default.isExecutableFile(atPath: binary) {
        print("through the binary (\(binary)), median of 5 runs, wall:")
        let home = folder.url.appendingPathComponent("home").path
        let start = try medianRun(binary, ["--version"], home: home)
        print("  " + "process start (--version)".padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%6.1f ms", start * 1000))
        let replica = ["--replica", founderFolder.url.path]
        for (name, command) in [("status", ["status"]), ("show", ["show"]), ("log --limit 50", ["log", "--limit", "50"]),
                                ("commitment list", ["commitment", "list"])] {
            let seconds = try medianRun(binary, command + replica, home: home)
            print("  " + name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "%6.1f ms  (%.1fx the process start; goal < 100 ms)", seconds * 1000, seconds / start))
        }
    } else {
        print("(no entente binary at \(binary): build it with `swift build -c release`, or pass --entente PATH)")
    }

    // A newcomer joins with an invite over loopback and receives the whole history.
    let served = try Replica.open(founderFolder)
    let server = SyncServer(replica: served, logger: logger)
    _ = try server.start(bind: "127.0.0.1", port: 0)
    let invite = try server.makeInvite(host: "127.0.0.1", lifetime: 600)
    let ((newcomer, _), joinSeconds) = try BenchClock.time {
        try SyncClient.join(invite: invite, name: "Newcomer", folder: ReplicaFolder(base.appendingPathComponent("newcomer")), logger: logger)
    }
    server.stop()
    let same = try newcomer.stateHash() == served.stateHash()
    print(String(format: "a newcomer's first sync (invite, join, the whole history over loopback): %.1f s (goal < 10 s); %@",
                  joinSeconds, same ? "same state as the founder" : "THE REPLICAS DIFFER"))
    if !same { exit(1) }
}

/// Runs the binary five times (posix_spawn, output to /dev/null: Foundation's `Process`
/// adds some 40 ms of its own); the median wall time.
func medianRun(_ binary: String, _ arguments: [String], home: String) throws -> Double {
    var times: [Double] = []
    for _ in 0..<5 {
        let (status, seconds) = try BenchClock.time { try spawnAndWait(binary, arguments, environment: ["HOME=\(home)", "ENTENTE_LANG=en", "PATH=/usr/bin:/bin"]) }
        guard status == 0 else { throw BenchFailure("`entente \(arguments.joined(separator: " "))` ended with status \(status)") }
        times.append(seconds)
    }
    return times.sorted()[times.count / 2]
}

/// Starts `binary` with its standard output and error going to /dev/null; waits for it.
func spawnAndWait(_ binary: String, _ arguments: [String], environment: [String]) throws -> Int32 {
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let code = posix_spawn(&pid, binary, &actions, nil, argv, envp)
    guard code == 0 else { throw BenchFailure("could not start \(binary) (error \(code))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status
}
