// MARK: - Item

/// A run of consecutive scalars by one agent, stored as one entry (never one object per
/// scalar). Scalar `k` of the run has id `(agent, counter + k)`, left origin
/// `(agent, counter + k - 1)` for `k > 0` (the run's ``leftAgent``/``leftCounter`` for `k == 0`),
/// and the run's right origin. The scalars themselves live in the per-agent content buffer.
struct Item: Sendable {
    /// Marks an absent origin in ``leftAgent`` / ``rightAgent``.
    static let none: UInt32 = .max

    var agent: UInt32
    var counter: UInt32
    var length: UInt32
    var deleted: Bool
    var leftAgent: UInt32
    var leftCounter: UInt32
    var rightAgent: UInt32
    var rightCounter: UInt32

    @inline(__always) var end: UInt32 { counter &+ length }
    @inline(__always) var visibleLength: Int { deleted ? 0 : Int(length) }

    /// Whether `next` continues this run exactly (same author, next counters, chained left
    /// origin, same right origin, same deletion state), so both can be stored as one.
    @inline(__always) func canAppend(_ next: Item) -> Bool {
        next.agent == agent && next.counter == end && next.leftAgent == agent
            && next.leftCounter == end &- 1 && next.rightAgent == rightAgent
            && next.rightCounter == rightCounter && next.deleted == deleted
    }

    /// The part of the run from `offset` on (`0 < offset < length`).
    @inline(__always) func suffix(from offset: UInt32) -> Item {
        Item(agent: agent, counter: counter &+ offset, length: length &- offset, deleted: deleted,
             leftAgent: agent, leftCounter: counter &+ offset &- 1,
             rightAgent: rightAgent, rightCounter: rightCounter)
    }
}

// MARK: - Leaf

/// A chunk of consecutive items in document order, with its visible scalar count.
struct Leaf: Sendable {
    /// Maximum items in a leaf before it splits in two.
    static let capacity = 64

    var id: UInt32
    var items: [Item]
    var visible: Int
}

/// Position of a scalar in the raw (tombstones included) order: leaf index, item index, offset.
struct RawPosition: Comparable {
    var leaf: Int
    var index: Int
    var offset: Int

    static let start = RawPosition(leaf: -1, index: 0, offset: 0)
    static let end = RawPosition(leaf: .max, index: 0, offset: 0)

    static func < (a: RawPosition, b: RawPosition) -> Bool {
        if a.leaf != b.leaf { return a.leaf < b.leaf }
        if a.index != b.index { return a.index < b.index }
        return a.offset < b.offset
    }
}
