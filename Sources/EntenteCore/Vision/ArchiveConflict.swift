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

    /// The conflict of `record` with the change `archiving` whose write archives it (`past`:
    /// that change's causal past); `nil` when that change had seen every surviving register
    /// write of the record (or is not the change that archives it).
    public static func find(_ record: RecordState, archiving change: SignedChange, past: CausalPast) throws -> ArchiveConflict? {
        guard let archive = self.archiveWrite(of: record), archive.tag.change == change.id else {
            return nil
        }
        var edits: [Edit] = []
        for field in record.registers.keys.sorted() where field != CommonField.archived {
            for write in record.registers[field] ?? [] where write.tag.change != change.id {
                guard try !past.contains(write.position) else { continue }
                edits.append(Edit(field: field, write: write))
            }
        }
        return edits.isEmpty ? nil : ArchiveConflict(record: record.id, kind: record.kind, archive: archive, edits: edits)
    }
}
