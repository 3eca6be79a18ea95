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

/// Archiving and restoring any record, and the edits an archive had not seen.
extension Workspace {
    /// The archived records someone edited without having seen the archive.
    public func archiveConflicts() throws -> [ArchiveConflict] {
        try self.replica.archiveConflicts(in: self.records)
    }

    /// Archives the record `query` names; archiving it again after a conflict keeps it archived
    /// with the concurrent edits seen. Members leave by motion (`entente member archive`).
    public func archiveRecord(_ query: String) throws -> ActionOutcome {
        let record = try self.resolver.resolve(query)
        try Self.checkArchivable(record)
        let label = self.resolver.label(record), noun = ChangeWords.noun(record.kind).bare
        return try self.archive(record.id, message: "Archive \(record.kind) \(label)", summary: Phrase(
            "Archived the \(noun.english) “\(label)” (\(record.id.short)).",
            fr: "Archivé : \(noun.french) « \(label) » (\(record.id.short))."))
    }

    /// Restores an archived record: it is back in the lists, with every edit made meanwhile.
    public func restoreRecord(_ query: String) throws -> ActionOutcome {
        let record = try self.resolver.resolve(query)
        try Self.checkArchivable(record)
        let label = self.resolver.label(record), noun = ChangeWords.noun(record.kind).bare
        guard record.isArchived else {
            throw ActionError(Phrase("the \(noun.english) “\(label)” is not archived; nothing to restore",
                                     fr: "\(noun.french) « \(label) » n'est pas archivé ; rien à restaurer"))
        }
        let change = try self.commit(message: "Restore \(record.kind) \(label)") { change in
            change.set(record.id, CommonField.archived, .bool(false))
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Restored the \(noun.english) “\(label)” (\(record.id.short)).",
            fr: "Restauré : \(noun.french) « \(label) » (\(record.id.short))."))
    }

    /// Records that are archived by other means: members (by motion and consents) and records
    /// written whole once (decisions' stances, value rules, exit terms, keys).
    static func checkArchivable(_ record: RecordState) throws {
        switch record.kind {
        case RecordKind.member:
            throw ActionError(Phrase("a member is archived or restored by the others' consent: use `entente member archive` or `entente member restore`",
                                     fr: "un membre est archivé ou restauré avec l'accord des autres : utilisez `entente member archive` ou `entente member restore`"))
        case RecordKind.stance, RecordKind.valueRule, RecordKind.exitTerms, RecordKind.device, RecordKind.motion,
             RecordKind.consent, RecordKind.collective:
            throw ActionError(Phrase("a \(record.kind) record is written once and never archived; record a new one instead",
                                     fr: "un enregistrement de type \(record.kind) s'écrit une fois et ne s'archive pas ; enregistrez-en un nouveau"))
        default:
            return
        }
    }
}
