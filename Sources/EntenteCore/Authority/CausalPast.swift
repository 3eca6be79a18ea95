/// The changes a change had seen when its author made it: its own earlier changes and its
/// causal context. Authority is decided against this past only, never against what a
/// replica happens to hold, so every replica decides alike (`Protocol/VISION.md`, "Authority").
public struct CausalPast: Sendable {
    private let change: Change?

    /// The past of `change` (excluding the change itself).
    public init(of change: Change) { self.change = change }

    private init() { self.change = nil }

    /// Everything a replica holds: the view used to show the current state.
    public static let everything = CausalPast()

    /// Whether the write `tag` (of another change) is in this past.
    public func contains(_ tag: WriteTag) -> Bool {
        guard let change = self.change else { return true }
        if tag.author == change.author { return tag.seq < change.seq }
        return change.context.includes(author: tag.author, seq: tag.seq)
    }
}
