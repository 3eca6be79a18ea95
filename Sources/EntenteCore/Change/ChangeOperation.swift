import EntenteText

/// One edit inside a change. A change holds one or more, applied in order.
///
/// - `create` brings a record of a kind into existence. Its id must be
///   ``RecordID/derive(author:seq:opIndex:)`` of the change and the operation's index.
/// - `set` writes a multi-value register field: it supersedes the writes its author had seen.
/// - `add` and `remove` edit an add-wins set field: a remove only removes the adds it had seen.
///
/// - `text` edits a collaborative text field with a sequence-CRDT operation
///   (`Protocol/TEXT.md`); the operation's author must be the change's author.
///
/// Records are never deleted: archiving is a field (`archived = true`).
public enum ChangeOperation: Hashable, Sendable {
    case create(record: RecordID, kind: String)
    case set(record: RecordID, field: String, value: Value)
    case add(record: RecordID, field: String, element: Value)
    case remove(record: RecordID, field: String, element: Value)
    case text(record: RecordID, field: String, edit: TextOperation)

    public var record: RecordID {
        switch self {
        case .create(let record, _), .set(let record, _, _), .add(let record, _, _), .remove(let record, _, _),
             .text(let record, _, _):
            return record
        }
    }
}
