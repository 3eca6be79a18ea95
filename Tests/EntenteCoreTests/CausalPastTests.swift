@testable import EntenteCore
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

    /// A summary taken by a shortcut (a head just below whose past holds everything; a single
    /// head whose summary describes all below it) is the one the heads' intervals give, and
    /// each way is taken in these histories.
    @Test(arguments: [UInt64(1), 2, 3])
    func theShortcutGivesTheComputedSummary(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var (_, replicas) = try MemoryReplica.collective(3)
        var reader = MemoryReplica(collective: replicas[0].collective)
        try reader.receive(replicas[0].storage.appliedOrder)
        for _ in 0..<120 {
            let index = Int.random(in: 0..<3, using: &random)
            let change = try replicas[index].commit { $0.create("thing") }
            // Mostly in order (the shortcut), sometimes interleaved (intervals to intersect).
            if Bool.random(using: &random) { try reader.receive([change]) }
            if Int.random(in: 0..<5, using: &random) == 0 { try reader.receive(replicas[index].changes) }
            // Members syncing now and then: changes with several heads.
            if Int.random(in: 0..<8, using: &random) == 0 { try replicas[(index + 1) % 3].receive(replicas[index].changes) }
        }
        var linear = 0, afterOthers = 0, others = 0
        for storage in [reader.storage] + replicas.map(\.storage) {
            for position in stride(from: 1, to: try storage.nextPosition(), by: 1) {
                let entry = try storage.entry(at: position)
                let heads = try entry.heads.map { try storage.entry(at: $0) }
                let computed = PastSummary(computing: position, heads: heads)
                #expect(entry.past == computed, "position \(position)")
                #expect(PastSummary(position: position, heads: heads) == computed)
                if heads.contains(where: { $0.position == position - 1 && $0.past == .everything(below: position - 1) }) {
                    linear += 1
                } else if heads.count == 1, let head = heads.first, head.past.floor == head.position - 1 {
                    afterOthers += 1
                } else {
                    others += 1
                }
            }
        }
        #expect(linear > 100)
        #expect(afterOthers > 10)
        #expect(others > 10)
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
