import EntenteCore
import EntenteWire
import Foundation

/// Issue "One history": how big changes are as a collective grows, and how a gossip of many
/// replicas (some devices forked) converges. In memory (`MemoryStorage`), with the summary
/// rule of SYNC.md §5 for what each side sends.
func runHistoryBenchmarks(arguments: [String]) {
    do {
        let changes = option("--changes", in: arguments, default: 4_000)
        try benchmarkChangeSize(changes: changes)
        try benchmarkGossip(replicas: option("--replicas", in: arguments, default: 50),
                            each: option("--each", in: arguments, default: 20), forked: option("--forked", in: arguments, default: 3))
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}

/// A deterministic generator (SplitMix64), so runs compare.
struct BenchRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One device: its keys and its replica in memory.
struct BenchDevice {
    var identity: SigningIdentity
    var storage = MemoryStorage()
    var clock: UInt64

    mutating func commit(_ collective: CollectiveID, _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        self.clock += 1
        return try Merge.commit(collective: collective, identity: self.identity, message: "", now: self.clock, into: &self.storage, build)
    }

    /// Sends this device's changes `other` lacks, by `other`'s summary; returns the bytes on the
    /// wire for it (the changes, and the two summaries).
    mutating func push(to other: inout BenchDevice) throws -> (changes: Int, bytes: Int) {
        let summary = try other.storage.summary().prefixed(author: SyncLimits.summaryAuthorBytes, head: SyncLimits.summaryHeadBytes)
        let missing = try self.storage.changes(missingFrom: summary)
        other.clock += 1
        if !missing.isEmpty { _ = try Merge.receive(missing, into: &other.storage, now: other.clock) }
        return (missing.count, missing.reduce(0) { $0 + $1.encodedCount } + SyncMessage.summary(summary).encoded().count)
    }
}

/// A founded collective of `count` devices (the founding change admits every member).
func benchCollective(_ count: Int, seed: UInt8) throws -> (CollectiveID, [BenchDevice]) {
    let identities = (0..<count).map { index in (try? SigningIdentity(rawSeed: [UInt8](repeating: seed, count: 30) + [UInt8(index >> 8), UInt8(index & 0xff)])) ?? SigningIdentity() }
    let salt = [UInt8](repeating: seed, count: Founding.saltBytes)
    let collective = Founding.collectiveID(founder: identities[0].author, salt: salt)
    var devices = identities.enumerated().map { BenchDevice(identity: $1, clock: 1_700_000_000_000 + UInt64($0) * 1_000_000) }
    let founding = try devices[0].commit(collective) { change in
        Admission.found(collective: "Bench", salt: salt, founder: "M0", key: identities[0].author, noiseKey: [UInt8](repeating: 1, count: 32), into: &change)
        for index in 1..<count {
            Admission.admit(name: "M\(index)", key: identities[index].author, noiseKey: [UInt8](repeating: 2, count: 32), into: &change)
        }
    }
    for index in 1..<count { _ = try Merge.receive([founding], into: &devices[index].storage, now: devices[index].clock) }
    return (collective, devices)
}

/// What a member does in one change: a commitment (what, by, status), or another status.
func benchEdit(_ device: inout BenchDevice, _ collective: CollectiveID, _ random: inout BenchRandom, member: RecordID) throws -> SignedChange {
    let commitments = try device.storage.allRecords().filter { $0.kind == RecordKind.commitment && $0.createdBy.author == device.identity.author }.map(\.id)
    let statuses = ["proposed", "done", "broken", "dropped"]
    return try device.commit(collective) { change in
        if commitments.isEmpty || random.next() % 2 == 0 {
            let record = change.create(RecordKind.commitment)
            change.set(record, Commitment.Field.what, .string("Commitment \(random.next() % 100_000) to the tender answer"))
            change.set(record, Commitment.Field.by, .record(member))
            change.set(record, Commitment.Field.status, .string("proposed"))
        } else {
            let record = commitments[Int(random.next() % UInt64(commitments.count))]
            change.set(record, Commitment.Field.status, .string(statuses[Int(random.next() % 4)]))
        }
    }
}

// MARK: - Change size

func benchmarkChangeSize(changes: Int) throws {
    print("== Mean encoded change size: \(changes) changes, each author syncing with a random other after 30 % of its changes")
    print("authors   mean bytes   heads/change   ratio to 2 authors   format 2 would carry (context: 40 bytes per other author seen)")
    var baseline: Double?
    for authors in [2, 10, 40] {
        var random = BenchRandom(state: UInt64(authors))
        var (collective, devices) = try benchCollective(authors, seed: UInt8(authors))
        let members = try devices.map { device in
            Directory(records: try device.storage.authorityRecords()).member(for: device.identity.author).map(\.id) ?? RecordID(unchecked: [UInt8](repeating: 0, count: 16))
        }
        var bytes = 0, heads = 0, formerBytes = 0
        for _ in 0..<changes {
            let index = Int(random.next() % UInt64(authors))
            let signed = try benchEdit(&devices[index], collective, &random, member: members[index])
            bytes += signed.encodedCount
            heads += signed.change.heads.count
            // Format 2: `previous` (32) instead of the heads (32 each), and a context of 40 bytes
            // per other author this replica had applied a change of.
            let seen = Set(devices[index].storage.appliedOrder.map(\.author)).subtracting([signed.author]).count
            formerBytes += signed.encodedCount - 32 * signed.change.heads.count + 32 + 40 * seen
            if random.next() % 10 < 3 {
                var other = Int(random.next() % UInt64(authors))
                if other == index { other = (other + 1) % authors }
                var a = devices[index], b = devices[other]
                _ = try a.push(to: &b)
                _ = try b.push(to: &a)
                devices[index] = a
                devices[other] = b
            }
        }
        let mean = Double(bytes) / Double(changes)
        baseline = baseline ?? mean
        print(String(format: "%7d   %10.1f   %12.2f   %18.2fx   %.1f", authors, mean, Double(heads) / Double(changes), mean / (baseline ?? mean),
                     Double(formerBytes) / Double(changes)))
        collective = CollectiveID(unchecked: collective.bytes)
    }
}

// MARK: - Gossip

func benchmarkGossip(replicas count: Int, each: Int, forked: Int) throws {
    print("\n== Gossip: \(count) devices (\(forked) of them copied, both copies signing), \(each) changes each, then rounds of random pairwise syncs")
    var random = BenchRandom(state: 7)
    var (collective, devices) = try benchCollective(count, seed: 50)
    let members = try devices.map { device in
        Directory(records: try device.storage.authorityRecords()).member(for: device.identity.author).map(\.id) ?? RecordID(unchecked: [UInt8](repeating: 0, count: 16))
    }
    var memberOf = members
    // The copies: a second replica with the same keys, which goes on signing on its own.
    for index in 0..<forked {
        var copy = devices[index]
        copy.clock += 500
        devices.append(copy)
        memberOf.append(members[index])
    }
    var made: [[SignedChange]] = Array(repeating: [], count: devices.count)
    for index in devices.indices {
        for _ in 0..<each { made[index].append(try benchEdit(&devices[index], collective, &random, member: memberOf[index])) }
    }
    let everyBytes = made.joined().reduce(0) { $0 + $1.encodedCount }
    // The least a device can receive: every change it did not make.
    let minimum = devices.indices.map { everyBytes - made[$0].reduce(0) { $0 + $1.encodedCount } }
    var received = Array(repeating: 0, count: devices.count)
    var rounds = 0
    var converged = false
    let (_, seconds) = try BenchClock.time {
        while !converged && rounds < 50 {
            rounds += 1
            for index in devices.indices {
                var other = Int(random.next() % UInt64(devices.count))
                if other == index { other = (other + 1) % devices.count }
                var a = devices[index], b = devices[other]
                received[other] += try a.push(to: &b).bytes
                received[index] += try b.push(to: &a).bytes
                devices[index] = a
                devices[other] = b
            }
            let hashes = Set(try devices.map { try StateHash.compute($0.storage) })
            converged = hashes.count == 1
        }
    }
    let forks = devices[0].storage.forks.count
    let ratio = zip(received, minimum).map { Double($0) / Double(max($1, 1)) }
    print("converged: \(converged) after \(rounds) rounds (goal log2(\(count)) + 2 = \(String(format: "%.1f", log2(Double(count)) + 2))), \(BenchClock.ms(seconds))")
    print("changes: \(made.joined().count) (\(everyBytes) bytes), forks reported by every replica: \(forks)")
    print(String(format: "bytes received per device / the least it could: mean %.2fx, max %.2fx", ratio.reduce(0, +) / Double(ratio.count), ratio.max() ?? 0))
    collective = CollectiveID(unchecked: collective.bytes)
}
