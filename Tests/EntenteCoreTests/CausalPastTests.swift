import EntenteCore
import EntenteTestSupport
import Testing

/// `CausalPast` answers "is this change in that change's past" from summaries, sequence
/// numbers, a memo and walks; each answer must be the one a plain search of the heads gives,
/// whatever the history: interleaved independent chains (summaries cut short), forks
/// (sequence numbers ambiguous), partial syncs.
@Suite("Causal pasts")
struct CausalPastTests {
    /// Everything reachable from `entry`'s heads, by a plain search.
    static func reachable(_ entry: LogEntry, _ storage: MemoryStorage) throws -> Set<Int> {
        var seen = Set<Int>()
        var stack = entry.heads
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += try storage.entry(at: next).heads
        }
        return seen
    }

    static func check(_ storage: MemoryStorage) throws -> Int {
        var checked = 0
        let count = try storage.nextPosition() - 1
        for position in stride(from: 1, through: count, by: 1) {
            let entry = try storage.entry(at: position)
            let truth = try Self.reachable(entry, storage)
            let past = CausalPast(of: entry, in: try storage.causalIndex())
            for target in 1...max(1, count) {
                let answer = try past.contains(target)
                #expect(answer == truth.contains(target), "position \(target) in the past of \(position)")
                checked += 1
            }
        }
        return checked
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func answersMatchAPlainSearch(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var (_, replicas) = try MemoryReplica.collective(4)
        // Two copies of device 1 (a fork).
        replicas.append(replicas[1])
        replicas[4].clock += 3
        for step in 0..<160 {
            let index = Int.random(in: 0..<replicas.count, using: &random)
            _ = try replicas[index].commit { $0.create("thing") }
            // Rare syncs: long independent chains, applied interleaved.
            if step % 17 == 0 {
                let other = Int.random(in: 0..<replicas.count, using: &random)
                try replicas[other].receive(replicas[index].changes)
            }
        }
        // One replica receives everything, change by change, in round-robin order of the
        // devices: the interleaving that cuts summaries short.
        var reader = MemoryReplica(collective: replicas[0].collective)
        let chains = replicas.map { $0.storage.appliedOrder }
        for offset in 0..<(chains.map(\.count).max() ?? 0) {
            for chain in chains where offset < chain.count { try reader.receive([chain[offset]]) }
        }
        #expect(!reader.storage.forks.isEmpty)
        #expect(try Self.check(reader.storage) > 0)
        #expect(try Self.check(replicas[0].storage) > 0)
    }

    /// The summary of an interleaved chain is cut at 32 intervals; the answers stay right.
    @Test func aSummaryCutShortLowersItsFloor() throws {
        var (_, replicas) = try MemoryReplica.collective(3)
        var reader = MemoryReplica(collective: replicas[0].collective)
        try reader.receive(replicas[0].storage.appliedOrder)
        for _ in 0..<60 {
            for index in 0..<3 { try reader.receive([try replicas[index].commit { $0.create("thing") }]) }
        }
        let last = try reader.storage.entry(at: try reader.storage.nextPosition() - 1)
        #expect(last.past.unseen.count == PastSummary.maximumIntervals)
        #expect(last.past.floor < last.position - 1)
        #expect(try Self.check(reader.storage) > 0)
    }
}
