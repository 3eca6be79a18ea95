// MARK: - TextItemID

/// The identity of one inserted Unicode scalar: its author and the author's scalar counter
/// (0 for the author's first inserted scalar, then 1, 2, ...).
public struct TextItemID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var agent: TextAgent
    public var counter: Int

    public init(agent: TextAgent, counter: Int) {
        self.agent = agent
        self.counter = counter
    }

    public static func < (lhs: TextItemID, rhs: TextItemID) -> Bool {
        lhs.agent != rhs.agent ? lhs.agent < rhs.agent : lhs.counter < rhs.counter
    }

    public var description: String { "\(agent)@\(counter)" }
}
