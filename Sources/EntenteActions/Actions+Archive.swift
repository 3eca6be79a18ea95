import EntenteCore
import EntenteStore

extension Workspace {
    /// Archives `record` (nothing is deleted: the record leaves the lists, its history stays)
    /// as one change; `summary` says it to the person who asked.
    func archive(_ record: RecordID, summary: Phrase) throws -> ActionOutcome {
        let change = try self.commit { change in
            change.set(record, CommonField.archived, .bool(true))
        }
        return ActionOutcome(change: change, summary: summary)
    }
}

/// Archiving and restoring any record, and the edits an archive had not seen.
extension Workspace {
    /// The passages of text two members rewrote at the same time, not yet settled.
    public func textRewrites() throws -> [TextRewrite] {
        try self.replica.textRewrites()
    }

    /// "Bob and Chloé rewrote the vision statement at the same time: …", in words.
    public func rewriteInWords(_ rewrite: TextRewrite) -> Phrase {
        let names = rewrite.authors.map { self.directory.name(of: $0) }.sorted()
        let who = Phrase(names.joined(separator: " and "), fr: names.joined(separator: " et "))
        let what = rewrite.field == Collective.Field.vision ? Phrase("the vision statement", fr: "l'énoncé de vision")
            : Phrase("\(ChangeWords.fieldName(rewrite.field).english) of \(rewrite.record.short)", fr: "\(ChangeWords.fieldName(rewrite.field).french) de \(rewrite.record.short)")
        return Phrase(
            "\(what.english.capitalizedFirst) was rewritten by \(who.english) at the same time: the text now holds both wordings run together; keep one with `entente vision keep NAME` or merge them with `entente vision edit`",
            fr: "\(what.french.capitalizedFirst) a été réécrit par \(who.french) en même temps : le texte contient pour l'instant les deux formulations à la suite ; gardez-en une avec `entente vision keep NOM` ou fusionnez-les avec `entente vision edit`")
    }

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
        return try self.archive(record.id, summary: Phrase(
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
        let change = try self.commit { change in
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
