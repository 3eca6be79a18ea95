/// The unit of authorship: what one author did in one command, before it is signed.
///
/// A change names its author, its place in the author's own history (`seq`), when it was made
/// (a hybrid logical clock reading), the changes its author had seen last (`heads`: the ids of
/// the changes its author's replica held that no other held change had seen, plus the author's
/// own latest changes), and its operations. Its causal past is every change reachable from its
/// heads. Its canonical encoding is specified byte by byte in `Protocol/CHANGES.md`.
public struct Change: Hashable, Sendable {
    public var collective: CollectiveID
    public var author: AuthorKey
    /// One more than the highest `seq` of the author's changes among `heads` (1 when none).
    public var seq: UInt64
    /// The changes this one follows, strictly ascending by id bytes.
    public var heads: [ChangeID]
    public var timestamp: HybridTimestamp
    /// The author's note; empty means none.
    public var message: String
    public var operations: [ChangeOperation]

    public init(
        collective: CollectiveID, author: AuthorKey, seq: UInt64, heads: [ChangeID],
        timestamp: HybridTimestamp, message: String = "", operations: [ChangeOperation]
    ) {
        self.collective = collective
        self.author = author
        self.seq = seq
        self.heads = Array(Set(heads)).sorted()
        self.timestamp = timestamp
        self.message = message
        self.operations = operations
    }

    /// The records this change creates, by the index of their `create` operation.
    public var createdRecords: [RecordID: Int] {
        var created: [RecordID: Int] = [:]
        for (index, operation) in self.operations.enumerated() {
            if case .create(let record, _) = operation, created[record] == nil { created[record] = index }
        }
        return created
    }
}

/// Which write made a value: operation `op` of the change `change`, signed by `author`.
///
/// Identified by the change id and the operation's index, which are unique whatever an author
/// signed (two copies of one device signing "the same" `seq` make two change ids); `author` is
/// the change's, carried along to say whose act it was.
public struct WriteTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var author: AuthorKey
    public var change: ChangeID
    public var op: UInt32

    public init(author: AuthorKey, change: ChangeID, op: UInt32) {
        self.author = author
        self.change = change
        self.op = op
    }

    /// Change id bytes, then operation index: a total, replica-independent order.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.change != rhs.change ? lhs.change < rhs.change : lhs.op < rhs.op
    }

    public var description: String { "\(self.change.short).\(self.op)" }
}
