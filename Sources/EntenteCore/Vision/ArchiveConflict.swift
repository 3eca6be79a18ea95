/// An edit the archiving change had not seen: one member archived a record while another, at
/// the same time, changed it (`Protocol/VISION.md`, "Archived while edited"). The archive
/// stands, the record leaves the lists, but the edit is not dropped silently: it is shown as
/// a conflict until someone restores the record, or archives it again having seen the edit.
///
/// Pure: built from the record and the change whose write archives it.
public struct ArchiveConflict: Hashable, Sendable {
    /// A surviving register write the archiving change had not seen.
    public struct Edit: Hashable, Sendable {
        public var field: String
        public var write: FieldWrite
    }

    public var record: RecordID
    public var kind: String
    /// The write that archives the record (the winner of its `archived` field).
    public var archive: FieldWrite
    /// The edits the archive had not seen, by field name.
    public var edits: [Edit]

    /// The write that archives `record`, when it is archived.
    public static func archiveWrite(of record: RecordState) -> FieldWrite? {
        guard record.isArchived else { return nil }
        return record.registers[CommonField.archived]?.first
    }

    /// The conflict of `record` with the change `archiving` whose write archives it; `nil`
    /// when that change had seen every surviving register write of the record (or is not the
    /// change that archives it).
    public static func find(_ record: RecordState, archiving change: Change) -> ArchiveConflict? {
        guard let archive = self.archiveWrite(of: record), archive.tag.author == change.author, archive.tag.seq == change.seq else {
            return nil
        }
        var edits: [Edit] = []
        for field in record.registers.keys.sorted() where field != CommonField.archived {
            for write in record.registers[field] ?? [] where !change.hasSeen(write.tag) {
                edits.append(Edit(field: field, write: write))
            }
        }
        return edits.isEmpty ? nil : ArchiveConflict(record: record.id, kind: record.kind, archive: archive, edits: edits)
    }
}

extension Change {
    /// Whether the write `tag` is in this change's causal past, or in the change itself.
    public func hasSeen(_ tag: WriteTag) -> Bool {
        tag.author == self.author ? tag.seq <= self.seq : self.context.includes(author: tag.author, seq: tag.seq)
    }
}
