/// Reads the entries of a replica's log by position, for walking a causal past.
public protocol LogReader {
    func entry(at position: Int) throws -> LogEntry
}

/// The changes a change had seen when its author made it: its heads and, recursively, theirs.
/// Authority is decided against this past only, never against what a replica happens to hold,
/// so every replica decides alike (`Protocol/VISION.md`, "Authority"); a register write
/// supersedes exactly the writes in it (`Protocol/CHANGES.md` §5).
///
/// Positions are this replica's log positions. The summary answers most questions at once;
/// above its floor, the heads are walked down to the position asked about.
public struct CausalPast {
    private let position: Int?
    private let heads: [Int]
    /// What the past holds, as far as its summary says.
    public let summary: PastSummary
    private let reader: (any LogReader)?
    private let memo = Memo()

    private final class Memo {
        var answers: [Int: Bool] = [:]
    }

    /// The past of a change at `position` (not yet in the log, or in it) with these heads.
    public init(position: Int, heads: [Int], summary: PastSummary, reader: any LogReader) {
        self.position = position
        self.heads = heads
        self.summary = summary
        self.reader = reader
    }

    /// The past of an applied change.
    public init(of entry: LogEntry, reader: any LogReader) {
        self.init(position: entry.position, heads: entry.heads, summary: entry.past, reader: reader)
    }

    private init() {
        self.position = nil
        self.heads = []
        self.summary = PastSummary(floor: 0)
        self.reader = nil
    }

    /// Everything a replica holds: the view used to show the current state.
    public static let everything = CausalPast()

    /// Whether the change at log position `target` is in this past.
    public func contains(_ target: Int) throws -> Bool {
        guard let position = self.position, let reader = self.reader else { return true }
        guard target >= 1, target < position else { return false }
        if let known = self.summary.holds(target) { return known }
        if let known = self.memo.answers[target] { return known }
        // Walk down the heads, never below `target` (a change's past lies below it).
        var stack = self.heads.filter { $0 >= target }
        var visited = Set<Int>()
        var found = false
        while let next = stack.popLast() {
            if next == target {
                found = true
                break
            }
            guard next > target, visited.insert(next).inserted else { continue }
            let entry = try reader.entry(at: next)
            if let known = entry.past.holds(target) {
                if known {
                    found = true
                    break
                }
                continue
            }
            stack.append(contentsOf: entry.heads.filter { $0 >= target })
        }
        self.memo.answers[target] = found
        return found
    }
}
