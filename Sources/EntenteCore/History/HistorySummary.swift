/// What a replica holds, in a few bytes per author: each author's *tips* (their changes that
/// none of their other held changes has seen; one per author, more after a fork), each named
/// by (a prefix of) the author key, its `seq` and (a prefix of) its id. A replica holds exactly
/// the tips and everything in their causal pasts, so two replicas with the same tips hold the
/// same changes; a peer that knows a tip knows everything the replica holds in its past.
///
/// Prefixes keep it small on the wire (`Protocol/SYNC.md`, `summary`); full keys and ids are
/// prefixes of themselves (the text form of `entente bundle export --print-vector`).
public struct HistorySummary: Hashable, Sendable {
    public struct Tip: Hashable, Comparable, Sendable {
        /// The author key, or its first bytes (1 to 32).
        public var author: [UInt8]
        public var seq: UInt64
        /// The change id, or its first bytes (1 to 32).
        public var head: [UInt8]

        public init(author: [UInt8], seq: UInt64, head: [UInt8]) {
            self.author = author
            self.seq = seq
            self.head = head
        }

        /// Author bytes, then `seq`, then head bytes.
        public static func < (lhs: Tip, rhs: Tip) -> Bool {
            if lhs.author != rhs.author { return lhs.author.lexicographicallyPrecedes(rhs.author) }
            if lhs.seq != rhs.seq { return lhs.seq < rhs.seq }
            return lhs.head.lexicographicallyPrecedes(rhs.head)
        }

        /// The tip cut to the prefixes sent on the wire.
        public func prefixed(author authorBytes: Int, head headBytes: Int) -> Tip {
            Tip(author: Array(self.author.prefix(authorBytes)), seq: self.seq, head: Array(self.head.prefix(headBytes)))
        }

        public func names(author key: AuthorKey) -> Bool { key.bytes.starts(with: self.author) }
        public func names(change id: ChangeID) -> Bool { id.bytes.starts(with: self.head) }
    }

    /// Ascending (``Tip/<``), without duplicates.
    public private(set) var tips: [Tip]

    /// The most tips a replica names for one author (an author with more branches, forked on
    /// purpose, is named by the highest; a peer then sends some of that author's changes again,
    /// which is harmless). Keeps the summary small whatever a device signed.
    public static let maximumTipsPerAuthor = 16

    public init(_ tips: [Tip] = []) {
        self.tips = Array(Set(tips)).sorted()
    }

    /// The summary of a replica holding `tips`: at most ``maximumTipsPerAuthor`` per author,
    /// the highest `seq` first, then the highest id.
    public static func holding(_ tips: [Tip]) -> HistorySummary {
        let kept = Dictionary(grouping: tips, by: \.author).values.flatMap { own in
            own.sorted { $0.seq != $1.seq ? $0.seq > $1.seq : $1.head.lexicographicallyPrecedes($0.head) }
                .prefix(Self.maximumTipsPerAuthor)
        }
        return HistorySummary(Array(kept))
    }

    /// The summary cut to the prefixes sent on the wire.
    public func prefixed(author authorBytes: Int, head headBytes: Int) -> HistorySummary {
        HistorySummary(self.tips.map { $0.prefixed(author: authorBytes, head: headBytes) })
    }

    /// The highest `seq` among the tips of the author named by `key` (0 when none).
    public func highestSeq(of key: AuthorKey) -> UInt64 {
        self.tips.filter { $0.names(author: key) }.map(\.seq).max() ?? 0
    }
}
