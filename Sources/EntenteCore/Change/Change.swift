/// The unit of authorship: what one author did in one command, before it is signed.
///
/// A change names its author, its place in the author's chain (`seq`, `previous`), when it was
/// made (a hybrid logical clock reading), what the author had seen (`context`), and its
/// operations. Its canonical encoding is specified byte by byte in `Protocol/CHANGES.md`.
public struct Change: Hashable, Sendable {
    public var collective: CollectiveID
    public var author: AuthorKey
    /// 1, 2, 3... per author.
    public var seq: UInt64
    /// The id of the author's change `seq - 1`, or ``ChangeID/none`` for `seq == 1`.
    public var previous: ChangeID
    public var timestamp: HybridTimestamp
    /// Highest sequence seen per *other* author when this change was made (the author's own
    /// entry is implied by `seq - 1` and is never encoded).
    public var context: VersionVector
    /// An optional commit message; empty means none.
    public var message: String
    public var operations: [ChangeOperation]

    public init(
        collective: CollectiveID, author: AuthorKey, seq: UInt64, previous: ChangeID,
        timestamp: HybridTimestamp, context: VersionVector, message: String = "", operations: [ChangeOperation]
    ) {
        self.collective = collective
        self.author = author
        self.seq = seq
        self.previous = previous
        self.timestamp = timestamp
        var context = context
        context[author] = 0
        self.context = context
        self.message = message
        self.operations = operations
    }

    /// The write tag of operation `index` of this change.
    public func tag(_ index: Int) -> WriteTag {
        WriteTag(author: self.author, seq: self.seq, op: UInt32(truncatingIfNeeded: index))
    }

    /// Whether this change's author had seen change `seq` of `author` (or it is this change).
    public func hasSeen(author: AuthorKey, seq: UInt64) -> Bool {
        author == self.author ? seq <= self.seq : self.context.includes(author: author, seq: seq)
    }
}

/// Which write made a value: a change (author, seq) and the operation's index inside it.
public struct WriteTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var author: AuthorKey
    public var seq: UInt64
    public var op: UInt32

    public init(author: AuthorKey, seq: UInt64, op: UInt32) {
        self.author = author
        self.seq = seq
        self.op = op
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.author != rhs.author { return lhs.author < rhs.author }
        return (lhs.seq, lhs.op) < (rhs.seq, rhs.op)
    }

    public var description: String { "\(self.author.short)#\(self.seq).\(self.op)" }
}
