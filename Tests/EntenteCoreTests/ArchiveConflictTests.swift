import EntenteCore
import Testing

/// Whether an archive had seen each edit of its record is decided from the archiving change's
/// causal past alone.
@Suite struct ArchiveConflictTests {
    static let alice = AuthorKey(unchecked: [UInt8](repeating: 1, count: 32))
    static let bob = AuthorKey(unchecked: [UInt8](repeating: 2, count: 32))
    static let archiveID = ChangeID(unchecked: [UInt8](repeating: 5, count: 32))

    static func tag(_ author: AuthorKey, _ change: UInt8, _ op: UInt32 = 0) -> WriteTag {
        WriteTag(author: author, change: ChangeID(unchecked: [UInt8](repeating: change, count: 32)), op: op)
    }

    /// A stage created by Alice (log position 1), its goal written at `goalAt` by `goalBy`,
    /// archived by Alice's change at position 5.
    func record(goalBy tag: WriteTag, at goalAt: Int, archived: Bool = true) -> RecordState {
        let id = RecordID.derive(change: ChangeID(unchecked: [UInt8](repeating: 1, count: 32)), opIndex: 0)
        let header = RecordHeader(id: id, kind: RecordKind.stage, createdBy: Self.tag(Self.alice, 1),
                                  createdAt: HybridTimestamp(wallMillis: 1, counter: 0), position: 1)
        return RecordState(header: header, registers: [
            Stage.Field.title: [FieldWrite(tag: Self.tag(Self.alice, 1, 1), timestamp: HybridTimestamp(wallMillis: 1, counter: 0), value: .string("Pilot"), position: 1)],
            Stage.Field.goal: [FieldWrite(tag: tag, timestamp: HybridTimestamp(wallMillis: 4, counter: 0), value: .string("Win the tender"), position: goalAt)],
            CommonField.archived: [FieldWrite(tag: WriteTag(author: Self.alice, change: Self.archiveID, op: 0), timestamp: HybridTimestamp(wallMillis: 5, counter: 0),
                                              value: .bool(archived), position: 5)],
        ])
    }

    /// The archiving change (position 5), which had not seen the positions in `unseen`.
    func archiving(unseen: [ClosedRange<Int>] = []) throws -> (SignedChange, CausalPast) {
        let identity = try SigningIdentity(rawSeed: [UInt8](repeating: 7, count: 32))
        let change = Change(collective: CollectiveID(unchecked: [UInt8](repeating: 9, count: 16)), author: identity.author, seq: 5,
                            heads: [ChangeID(unchecked: [UInt8](repeating: 4, count: 32))], timestamp: HybridTimestamp(wallMillis: 5, counter: 0),
                            operations: [.set(record: RecordID(unchecked: [UInt8](repeating: 3, count: 16)), field: "x", value: .null)])
        var signed = try SignedChange(signing: change, with: identity)
        signed = try SignedChange(decoding: signed.encoded)
        return (signed, CausalPast(position: 5, author: signed.author, seq: 5, heads: [4], summary: PastSummary(floor: 4, unseen: unseen),
                                   in: CausalIndex(reader: NoReader(), forked: [], memo: CausalMemo())))
    }

    struct NoReader: LogReader {
        func entry(at position: Int) throws -> LogEntry { throw MergeError.missingHead(.none) }
    }

    /// The record as archived by `change` (its archive write names that change).
    func archived(_ record: RecordState, by change: SignedChange) -> RecordState {
        var record = record
        record.registers[CommonField.archived] = record.registers[CommonField.archived]?.map { write in
            var write = write
            write.tag = WriteTag(author: change.author, change: change.id, op: 0)
            return write
        }
        return record
    }

    @Test func anEditTheArchiveHadNotSeenIsAConflict() throws {
        let (change, past) = try self.archiving(unseen: [3...3])
        let record = self.archived(self.record(goalBy: Self.tag(Self.bob, 3), at: 3), by: change)
        let conflict = try #require(try ArchiveConflict.find(record, archiving: change, past: past))
        #expect(conflict.edits.map(\.field) == [Stage.Field.goal])
        #expect(conflict.edits.first?.write.tag.author == Self.bob)
        #expect(conflict.archive.tag.change == change.id)
        // Alice's own title, written before the archive, is not listed.
        #expect(!conflict.edits.contains { $0.field == Stage.Field.title })
    }

    @Test func anEditInTheArchivesPastIsNone() throws {
        let (change, past) = try self.archiving()
        let record = self.archived(self.record(goalBy: Self.tag(Self.bob, 3), at: 3), by: change)
        #expect(try ArchiveConflict.find(record, archiving: change, past: past) == nil)
        let (_, otherPast) = try self.archiving(unseen: [2...2])
        #expect(try ArchiveConflict.find(record, archiving: change, past: otherPast) == nil)
    }

    @Test func aLaterEditIsUnseenAnEditOfTheSameChangeIsSeen() throws {
        let (change, past) = try self.archiving()
        let later = self.archived(self.record(goalBy: Self.tag(Self.alice, 6), at: 6), by: change)
        #expect(try ArchiveConflict.find(later, archiving: change, past: past)?.edits.count == 1)
        let same = self.archived(self.record(goalBy: WriteTag(author: change.author, change: change.id, op: 1), at: 5), by: change)
        #expect(try ArchiveConflict.find(same, archiving: change, past: past) == nil)
    }

    @Test func aRestoredRecordOrAnotherChangeIsNoConflict() throws {
        let (change, past) = try self.archiving(unseen: [3...3])
        let restored = self.archived(self.record(goalBy: Self.tag(Self.bob, 3), at: 3, archived: false), by: change)
        #expect(ArchiveConflict.archiveWrite(of: restored) == nil)
        #expect(try ArchiveConflict.find(restored, archiving: change, past: past) == nil)
        // A change that is not the one whose write archives the record.
        let archived = self.record(goalBy: Self.tag(Self.bob, 3), at: 3)
        #expect(try ArchiveConflict.find(archived, archiving: change, past: past) == nil)
    }
}
