/// For each author, the highest sequence number seen: a replica's causal frontier.
///
/// A change's *context* is the version vector its author had seen when writing it; the
/// change supersedes exactly the writes inside that context.
public struct VersionVector: Hashable, Sendable, Sequence {
    public private(set) var entries: [AuthorKey: UInt64]

    public init(_ entries: [AuthorKey: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    public subscript(author: AuthorKey) -> UInt64 {
        get { self.entries[author] ?? 0 }
        set { self.entries[author] = newValue == 0 ? nil : newValue }
    }

    /// Whether this vector has seen change `seq` of `author`.
    public func includes(author: AuthorKey, seq: UInt64) -> Bool {
        self[author] >= seq
    }

    /// Whether every entry of `other` is covered by this vector.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    public mutating func merge(_ other: VersionVector) {
        for (author, seq) in other.entries where seq > self[author] {
            self[author] = seq
        }
    }

    /// Entries in canonical order (ascending author key bytes).
    public var sorted: [(author: AuthorKey, seq: UInt64)] {
        self.entries.sorted { $0.key < $1.key }.map { (author: $0.key, seq: $0.value) }
    }

    public var count: Int { self.entries.count }
    /// The sum of the entries, saturating at `UInt64.max` (entries come from peers: an
    /// overflow must not trap).
    public var totalChanges: UInt64 {
        self.entries.values.reduce(0) { sum, seq in
            let (total, overflow) = sum.addingReportingOverflow(seq)
            return overflow ? .max : total
        }
    }

    public func makeIterator() -> some IteratorProtocol<(author: AuthorKey, seq: UInt64)> {
        self.sorted.makeIterator()
    }
}
