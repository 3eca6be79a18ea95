import EntenteCore
import EntenteText

/// The shared vision statement, merged edit by edit.
extension Workspace {
    /// Records `text` as the new statement: one change holding the words that differ from the
    /// current one, as `entente vision edit` does (with the workspace's ``note``, if any).
    /// - Throws: ``ActionError`` when one edit would add more than
    ///   `TextLimits.maxContentBytesPerOperation` (1 MiB) of text, or the text holds too much.
    public func writeVision(_ text: String) throws -> ActionOutcome {
        let collective = try self.collective()
        let current = collective.vision ?? ""
        guard Array(text.unicodeScalars) != Array(current.unicodeScalars) else {
            return ActionOutcome(change: nil, summary: Phrase("No change.", fr: "Aucun changement."))
        }
        let change: SignedChange
        do {
            change = try self.commit { change in
                try Collective.setVision(text, on: collective.id, in: &change)
            }
        } catch TextError.limitExceeded(_, let maximum, let actual) {
            let most = Self.size(maximum), asked = Self.size(actual)
            throw ActionError(Phrase(
                "one edit of the vision statement can add at most \(most) of text, and this one adds \(asked) (\(actual) bytes): shorten it, or add it in several edits; nothing was changed",
                fr: "une modification de l'énoncé de vision peut ajouter au plus \(most) de texte, et celle-ci en ajoute \(asked) (\(actual) octets) : raccourcissez-le, ou ajoutez-le en plusieurs fois ; rien n'a été modifié"))
        }
        var inserted = 0, deleted = 0
        for case .text(_, _, let edit) in change.change.operations {
            inserted += edit.insertedScalarCount
            deleted += edit.deletions.reduce(0) { $0 + $1.count }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Recorded \(change.id.short): \(English.count(inserted, "character", "characters")) inserted, \(deleted) deleted.",
            fr: "Changement \(change.id.short) enregistré : \(French.count(inserted, "caractère inséré", "caractères insérés")), \(French.count(deleted, "supprimé", "supprimés"))."))
    }
}

extension Workspace {
    /// A byte count for people: "1 MiB", "19.1 MiB", "800 KiB" (the same units in French).
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576 {
            let tenths = bytes * 10 / 1_048_576
            return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
        }
        return bytes >= 1024 ? "\(bytes / 1024) KiB" : "\(bytes) bytes"
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
        let change = try self.commit { change in
            change.set(record.id, field, value)
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Resolved \(field) of \(record.id.short): kept \(value).",
            fr: "Conflit sur \(field) de \(record.id.short) résolu : « \(value) » est gardé."))
    }
}
