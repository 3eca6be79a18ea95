import EntenteLocking

/// Reads the entries of a replica's log by position, for walking a causal past.
public protocol LogReader {
    func entry(at position: Int) throws -> LogEntry
}

/// What a causal past needs of the replica it is read in: its log, the authors that forked in
/// it, and a memo of facts about changes shared by every past read there.
public struct CausalIndex {
    public var reader: any LogReader
    /// Authors holding two changes at one `seq` in this replica (CHANGES.md §5, "Forks").
    public var forked: Set<AuthorKey>
    public var memo: CausalMemo

    public init(reader: any LogReader, forked: Set<AuthorKey>, memo: CausalMemo) {
        self.reader = reader
        self.forked = forked
        self.memo = memo
    }
}

/// Facts about changes that never change (keyed by change id, so true in any replica): the
/// highest `seq` of an author in a change's causal past. Bounded: cleared past
/// ``maximumEntries``.
public final class CausalMemo: Sendable {
    struct Key: Hashable {
        var change: ChangeID
        var author: AuthorKey
    }

    public static let maximumEntries = 1_000_000
    private let highest = LockedValue<[Key: UInt64]>([:])

    public init() {}

    func highest(_ change: ChangeID, _ author: AuthorKey) -> UInt64? {
        self.highest.withLock { $0[Key(change: change, author: author)] }
    }

    func remember(_ change: ChangeID, _ author: AuthorKey, _ seq: UInt64) {
        self.highest.withLock { memo in
            if memo.count >= Self.maximumEntries { memo.removeAll(keepingCapacity: true) }
            memo[Key(change: change, author: author)] = seq
        }
    }
}

/// The changes a change had seen when its author made it: its heads and, recursively, theirs.
/// Authority is decided against this past only, never against what a replica happens to hold,
/// so every replica decides alike (`Protocol/VISION.md`, "Authority"); a register write
/// supersedes exactly the writes in it (`Protocol/CHANGES.md` §5).
///
/// Positions are this replica's log positions. Whether the change at a position is in the past
/// is answered, in turn, by the summary (below its floor); for an author that did not fork in
/// this replica, by `seq` (every change holds an own change at each lower `seq` in its past, so
/// a change of author *b* at `seq` *s* is in the past iff the past holds a change of *b* at a
/// `seq` ≥ *s*; the highest is found through the heads, and remembered); otherwise by walking
/// the heads down to the position asked about.
public struct CausalPast {
    private let position: Int?
    private let author: AuthorKey?
    private let seq: UInt64?
    private let heads: [Int]
    /// What the past holds, as far as its summary says.
    public let summary: PastSummary
    private let index: CausalIndex?
    private let answers = Answers()

    private final class Answers {
        var byPosition: [Int: Bool] = [:]
        var highest: [AuthorKey: UInt64] = [:]
    }

    /// The past of a change at `position` (not yet in the log, or in it) with these heads, by
    /// `author` at `seq` (`nil` for the past of a set of heads that is no change).
    public init(position: Int, author: AuthorKey?, seq: UInt64?, heads: [Int], summary: PastSummary, in index: CausalIndex) {
        self.position = position
        self.author = author
        self.seq = seq
        self.heads = heads
        self.summary = summary
        self.index = index
    }

    /// The past of an applied change.
    public init(of entry: LogEntry, in index: CausalIndex) {
        self.init(position: entry.position, author: entry.author, seq: entry.seq, heads: entry.heads, summary: entry.past, in: index)
    }

    private init() {
        self.position = nil
        self.author = nil
        self.seq = nil
        self.heads = []
        self.summary = PastSummary(floor: 0)
        self.index = nil
    }

    /// Everything a replica holds: the view used to show the current state.
    public static var everything: CausalPast { CausalPast() }

    /// Whether the change at log position `target` is in this past.
    public func contains(_ target: Int) throws -> Bool {
        guard let position = self.position, let index = self.index else { return true }
        guard target >= 1, target < position else { return false }
        if let known = self.summary.holds(target) { return known }
        if let known = self.answers.byPosition[target] { return known }
        let entry = try index.reader.entry(at: target)
        let found: Bool
        if index.forked.contains(entry.author) {
            found = try self.walk(to: target, index)
        } else if entry.author == self.author, let seq = self.seq {
            found = entry.seq < seq
        } else {
            found = try self.highestSeq(of: entry.author, index) >= entry.seq
        }
        self.answers.byPosition[target] = found
        return found
    }

    /// The highest `seq` of `author`'s changes in this past (0 when none).
    private func highestSeq(of author: AuthorKey, _ index: CausalIndex) throws -> UInt64 {
        if let known = self.answers.highest[author] { return known }
        var best: UInt64 = 0
        for head in self.heads {
            let entry = try index.reader.entry(at: head)
            best = max(best, entry.author == author ? entry.seq : try Self.highest(of: author, before: entry, index))
        }
        self.answers.highest[author] = best
        return best
    }

    /// The highest `seq` of `author` in the past of the applied change `entry` (not counting
    /// the change itself), computed from its heads' and remembered; iterative, since a history
    /// can be deep.
    static func highest(of author: AuthorKey, before entry: LogEntry, _ index: CausalIndex) throws -> UInt64 {
        if let known = index.memo.highest(entry.id, author) { return known }
        var computed: [ChangeID: UInt64] = [:]
        func known(_ change: ChangeID) -> UInt64? { computed[change] ?? index.memo.highest(change, author) }
        var stack = [entry]
        while let top = stack.last {
            if known(top.id) != nil {
                stack.removeLast()
                continue
            }
            var best: UInt64 = 0
            var waiting = false
            for head in top.heads {
                let parent = try index.reader.entry(at: head)
                if parent.author == author {
                    best = max(best, parent.seq)
                } else if let value = known(parent.id) {
                    best = max(best, value)
                } else {
                    stack.append(parent)
                    waiting = true
                }
            }
            if !waiting {
                computed[top.id] = best
                index.memo.remember(top.id, author, best)
                stack.removeLast()
            }
        }
        return computed[entry.id] ?? known(entry.id) ?? 0
    }

    /// Walks down the heads, never below `target` (a change's past lies below it).
    private func walk(to target: Int, _ index: CausalIndex) throws -> Bool {
        var stack = self.heads.filter { $0 >= target }
        var visited = Set<Int>()
        while let next = stack.popLast() {
            if next == target { return true }
            guard next > target, visited.insert(next).inserted else { continue }
            let entry = try index.reader.entry(at: next)
            if let known = entry.past.holds(target) {
                if known { return true }
                continue
            }
            stack.append(contentsOf: entry.heads.filter { $0 >= target })
        }
        return false
    }
}
