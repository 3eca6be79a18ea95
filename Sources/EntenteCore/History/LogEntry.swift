/// Where an applied change sits in one replica's history: its position in the replica's log
/// (1, 2, 3… in the order this replica applied changes, a causal order; local, never sent), its
/// identity, the positions of its heads, and a summary of its causal past.
public struct LogEntry: Hashable, Sendable {
    public var position: Int
    public var id: ChangeID
    public var author: AuthorKey
    public var seq: UInt64
    /// The positions of the change's heads (each below ``position``).
    public var heads: [Int]
    public var past: PastSummary

    public init(position: Int, id: ChangeID, author: AuthorKey, seq: UInt64, heads: [Int], past: PastSummary) {
        self.position = position
        self.id = id
        self.author = author
        self.seq = seq
        self.heads = heads
        self.past = past
    }
}

/// Which log positions a change's causal past holds, as far as a few intervals can say: every
/// position at or below ``floor`` is in the past unless an interval of ``unseen`` holds it.
/// Above the floor nothing is said (``CausalPast`` then walks the heads).
///
/// A change made with everything its replica held in view has `floor` = its position − 1 and
/// no interval; one made concurrently with others lists them. Computed from the heads' own
/// summaries alone (``init(position:heads:)``), so applying a change costs no walk.
public struct PastSummary: Hashable, Sendable {
    /// Positions at or below it are described exactly.
    public var floor: Int
    /// Closed intervals of positions, ascending and disjoint, at or below ``floor``, that the
    /// past does not hold.
    public var unseen: [ClosedRange<Int>]

    /// The most intervals a summary keeps; past them, the floor is lowered.
    public static let maximumIntervals = 32

    public init(floor: Int, unseen: [ClosedRange<Int>] = []) {
        self.floor = floor
        self.unseen = unseen
    }

    /// The summary of a past that holds everything below `position`.
    public static func everything(below position: Int) -> PastSummary { PastSummary(floor: position - 1) }

    /// What the summary says of `position`: `true` (in the past), `false` (not), `nil` (above
    /// the floor: unknown).
    public func holds(_ position: Int) -> Bool? {
        guard position <= self.floor else { return nil }
        return !self.unseenContains(position)
    }

    func unseenContains(_ position: Int) -> Bool {
        var low = 0, high = self.unseen.count
        while low < high {
            let middle = (low + high) / 2
            if self.unseen[middle].upperBound < position { low = middle + 1 } else { high = middle }
        }
        return low < self.unseen.count && self.unseen[low].contains(position)
    }

    /// The summary of the past of a change at `position` whose heads are `heads` (their
    /// entries): the past is the heads and their pasts.
    public init(position: Int, heads: [LogEntry]) {
        let below = position - 1
        // The common case, a change made with everything its replica held: a head just below
        // it whose past holds everything below that head. Nothing to intersect (the merge
        // computes this for every change it applies).
        if below >= 1, heads.contains(where: { $0.position == below && $0.past.floor == below - 1 && $0.past.unseen.isEmpty }) {
            self.init(floor: below)
            return
        }
        // One head whose summary describes everything below it (an author going on with their
        // own work while others' changes arrived in between): its past, then what came after it.
        if heads.count == 1, let head = heads.first, head.position >= 1, head.position <= below, head.past.floor == head.position - 1 {
            var unseen = head.past.unseen
            if head.position < below { unseen.append((head.position + 1)...below) }
            self.init(floor: below, unseen: unseen)
            self.truncate()
            return
        }
        self.init(computing: position, heads: heads)
    }

    /// ``init(position:heads:)`` without its shortcut: the heads' intervals intersected.
    init(computing position: Int, heads: [LogEntry]) {
        let below = position - 1
        guard below >= 1 else {
            self.init(floor: max(below, 0))
            return
        }
        // Positions below this change that no head is, or holds below its floor.
        var notIn: [ClosedRange<Int>] = [1...below]
        for head in heads {
            notIn = Intervals.intersection(notIn, head.notHeld(upTo: below))
        }
        // Of those, the ones some head does not describe (between its floor and itself) are
        // unknown: the floor goes below the lowest.
        var undescribed: [ClosedRange<Int>] = []
        for head in heads where head.past.floor + 1 <= head.position - 1 {
            undescribed.append((head.past.floor + 1)...(head.position - 1))
        }
        let unknown = Intervals.intersection(notIn, Intervals.union(undescribed))
        let floor = (unknown.first?.lowerBound ?? position) - 1
        self.init(floor: floor, unseen: Intervals.intersection(notIn, floor >= 1 ? [1...floor] : []))
        self.truncate()
    }

    /// Keeps at most ``maximumIntervals`` intervals, lowering the floor below the first one
    /// dropped.
    mutating func truncate() {
        guard self.unseen.count > Self.maximumIntervals else { return }
        self.floor = self.unseen[Self.maximumIntervals].lowerBound - 1
        self.unseen.removeLast(self.unseen.count - Self.maximumIntervals)
    }
}

extension LogEntry {
    /// The positions in `1...limit` that are neither this change nor held by its summary below
    /// its floor (ascending, disjoint).
    func notHeld(upTo limit: Int) -> [ClosedRange<Int>] {
        // The unseen intervals lie below the floor, below this change, at or below `limit`.
        var result = self.past.unseen
        if self.past.floor + 1 <= limit { result.append((self.past.floor + 1)...limit) }
        return Intervals.subtracting(Intervals.union(result), self.position)
    }
}

/// Sets of integers as ascending, disjoint closed ranges.
enum Intervals {
    /// The union of ranges given in any order.
    static func union(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, last.upperBound >= range.lowerBound - 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The intersection of two sets.
    static func intersection(_ a: [ClosedRange<Int>], _ b: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let low = max(a[i].lowerBound, b[j].lowerBound), high = min(a[i].upperBound, b[j].upperBound)
            if low <= high { result.append(low...high) }
            if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
        }
        return result
    }

    /// The set without one point.
    static func subtracting(_ ranges: [ClosedRange<Int>], _ point: Int) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges {
            guard range.contains(point) else {
                result.append(range)
                continue
            }
            if range.lowerBound < point { result.append(range.lowerBound...(point - 1)) }
            if point < range.upperBound { result.append((point + 1)...range.upperBound) }
        }
        return result
    }
}
