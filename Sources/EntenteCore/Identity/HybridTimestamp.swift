/// A hybrid logical clock reading (Kulkarni et al., "Logical Physical Clocks", 2014):
/// wall-clock milliseconds since 1970 plus a logical counter.
///
/// Ordered by `(wallMillis, counter)`; used to pick the displayed winner among concurrent
/// writes and to show when something was written. It never decides *causality*: that is the
/// version vector's job.
public struct HybridTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var wallMillis: UInt64
    public var counter: UInt32

    public init(wallMillis: UInt64, counter: UInt32) {
        self.wallMillis = wallMillis
        self.counter = counter
    }

    public static let zero = HybridTimestamp(wallMillis: 0, counter: 0)

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.wallMillis, lhs.counter) < (rhs.wallMillis, rhs.counter)
    }

    public var description: String { "\(self.wallMillis).\(self.counter)" }
}

/// The clock state of one replica. Pure: the caller passes the physical time in.
public struct HybridClock: Sendable, Equatable {
    public private(set) var last: HybridTimestamp

    public init(last: HybridTimestamp = .zero) {
        self.last = last
    }

    /// A timestamp for a local event (a new change): `l' = max(l, pt)`, counter bumped on ties.
    public mutating func tick(now physicalMillis: UInt64) -> HybridTimestamp {
        if physicalMillis > self.last.wallMillis {
            self.last = HybridTimestamp(wallMillis: physicalMillis, counter: 0)
        } else {
            self.last.counter &+= 1
        }
        return self.last
    }

    /// Advances the clock past a received timestamp (the receive rule of the HLC paper).
    public mutating func observe(_ remote: HybridTimestamp, now physicalMillis: UInt64) {
        let wall = max(self.last.wallMillis, remote.wallMillis, physicalMillis)
        let counter: UInt32
        if wall == self.last.wallMillis && wall == remote.wallMillis {
            counter = max(self.last.counter, remote.counter) &+ 1
        } else if wall == self.last.wallMillis {
            counter = self.last.counter &+ 1
        } else if wall == remote.wallMillis {
            counter = remote.counter &+ 1
        } else {
            counter = 0
        }
        self.last = HybridTimestamp(wallMillis: wall, counter: counter)
    }
}
