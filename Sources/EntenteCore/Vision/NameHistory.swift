/// A member's name as one applied operation wrote it (the store keeps every one, not only the
/// surviving value, so an act can be told under the name its author had then).
public struct MemberName: Hashable, Sendable {
    public var member: RecordID
    public var timestamp: HybridTimestamp
    public var name: String
    /// The write: which change and operation (ties between equal timestamps).
    public var tag: WriteTag

    public init(member: RecordID, timestamp: HybridTimestamp, name: String, tag: WriteTag) {
        self.member = member
        self.timestamp = timestamp
        self.name = name
        self.tag = tag
    }
}

/// The names each member has had, so that `log`, `history` and the board tell an act under
/// the name its author had when they signed it: renaming later cannot move an act to someone
/// else (VISION.md, `member`).
public struct NameHistory: Sendable {
    /// Per member, its names in (timestamp, tag) order.
    private var names: [RecordID: [MemberName]] = [:]

    public init() {}

    public init(_ names: [MemberName]) {
        for name in names { self.names[name.member, default: []].append(name) }
        for member in self.names.keys {
            self.names[member]?.sort { ($0.timestamp, $0.tag) < ($1.timestamp, $1.tag) }
        }
    }

    /// The name `member` had at `time`: the latest written at or before it, else the first
    /// (an act stamped before the name was, by a skewed clock), else `nil`.
    public func name(of member: RecordID, at time: HybridTimestamp) -> String? {
        guard let names = self.names[member], let first = names.first else { return nil }
        // Binary search: the last name whose timestamp is not after `time`.
        var low = 0, high = names.count
        while low < high {
            let middle = low + (high - low) / 2
            if names[middle].timestamp <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? first.name : names[low - 1].name
    }
}
