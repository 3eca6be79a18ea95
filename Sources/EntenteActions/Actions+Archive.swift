import EntenteCore

extension Workspace {
    /// Archives `record` (nothing is deleted: the record leaves the lists, its history stays)
    /// as one change with `message`; `summary` says it to the person who asked.
    func archive(_ record: RecordID, message: String, summary: Phrase) throws -> ActionOutcome {
        let change = try self.commit(message: message) { change in
            change.set(record, CommonField.archived, .bool(true))
        }
        return ActionOutcome(change: change, summary: summary)
    }
}
