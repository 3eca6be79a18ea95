import EntenteCore

/// The shared vision statement, merged edit by edit.
extension Workspace {
    /// Records `text` as the new statement: one change holding the smallest set of inserts
    /// and deletes from the current one, as `entente vision edit` does.
    public func writeVision(_ text: String, message: String? = nil) throws -> ActionOutcome {
        let collective = try self.collective()
        let current = collective.vision ?? ""
        guard Array(text.unicodeScalars) != Array(current.unicodeScalars) else {
            return ActionOutcome(change: nil, summary: Phrase("No change.", fr: "Aucun changement."))
        }
        let change = try self.commit(message: Self.optional(message) ?? "Edit the vision statement") { change in
            try Collective.setVision(text, on: collective.id, in: &change)
        }
        var inserted = 0, deleted = 0
        for case .text(_, _, let edit) in change.change.operations {
            inserted += edit.insertedScalarCount
            deleted += edit.deletions.reduce(0) { $0 + $1.count }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Recorded \(change.id.short): \(inserted) character(s) inserted, \(deleted) deleted.",
            fr: "Changement \(change.id.short) enregistré : \(inserted) caractère(s) inséré(s), \(deleted) supprimé(s)."))
    }
}

/// Concurrent edits of one field, and picking one of their values.
extension Workspace {
    /// Resolves a conflict by writing again the value at `index` of the field's concurrent
    /// values (as `entente conflicts` lists them); the new write has seen them all.
    public func resolveConflict(record query: String, field: String, pick index: Int) throws -> ActionOutcome {
        let record = try self.resolver.resolve(query)
        let siblings = record.registers[field] ?? []
        guard siblings.count > 1 else {
            throw ActionError(Phrase("\(field) of \(record.id.short) has no conflict to resolve",
                                     fr: "le champ \(field) de \(record.id.short) n'a pas de conflit à résoudre"))
        }
        guard siblings.indices.contains(index) else {
            throw ActionError(Phrase("pick one of the \(siblings.count) values (0 to \(siblings.count - 1)), not \(index)",
                                     fr: "choisissez une des \(siblings.count) valeurs (0 à \(siblings.count - 1)), pas \(index)"))
        }
        let value = siblings[index].value
        let change = try self.commit(message: "Resolve the conflict on \(field) of \(record.id.short): keep \(value)") { change in
            change.set(record.id, field, value)
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Resolved \(field) of \(record.id.short): kept \(value).",
            fr: "Conflit sur \(field) de \(record.id.short) résolu : « \(value) » est gardé."))
    }
}
