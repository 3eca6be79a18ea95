import EntenteCore
import Testing

/// Whether an archive had seen each edit of its record is decided from the archiving change's
/// causal context alone.
@Suite struct ArchiveConflictTests {
    static let alice = AuthorKey(unchecked: [UInt8](repeating: 1, count: 32))
    static let bob = AuthorKey(unchecked: [UInt8](repeating: 2, count: 32))
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 9, count: 16))

    /// A stage created by Alice (#1), its goal written by `goalBy`, archived by Alice's change #5.
    func record(goalBy tag: WriteTag, archived: Bool = true) -> RecordState {
        let id = RecordID.derive(author: Self.alice, seq: 1, opIndex: 0)
        let header = RecordHeader(id: id, kind: RecordKind.stage, createdBy: WriteTag(author: Self.alice, seq: 1, op: 0),
                                  createdAt: HybridTimestamp(wallMillis: 1, counter: 0))
        return RecordState(header: header, registers: [
            Stage.Field.title: [FieldWrite(tag: WriteTag(author: Self.alice, seq: 1, op: 1), timestamp: HybridTimestamp(wallMillis: 1, counter: 0), value: .string("Pilot"))],
            Stage.Field.goal: [FieldWrite(tag: tag, timestamp: HybridTimestamp(wallMillis: 4, counter: 0), value: .string("Win the tender"))],
            CommonField.archived: [FieldWrite(tag: WriteTag(author: Self.alice, seq: 5, op: 0), timestamp: HybridTimestamp(wallMillis: 5, counter: 0), value: .bool(archived))],
        ])
    }

    func archiving(seenOfBob: UInt64) -> Change {
        Change(collective: Self.collective, author: Self.alice, seq: 5, previous: .none, timestamp: HybridTimestamp(wallMillis: 5, counter: 0),
               context: VersionVector([Self.bob: seenOfBob]), operations: [])
    }

    @Test func anEditTheArchiveHadNotSeenIsAConflict() throws {
        let record = self.record(goalBy: WriteTag(author: Self.bob, seq: 3, op: 0))
        let conflict = try #require(ArchiveConflict.find(record, archiving: self.archiving(seenOfBob: 2)))
        #expect(conflict.edits.map(\.field) == [Stage.Field.goal])
        #expect(conflict.edits.first?.write.tag.author == Self.bob)
        #expect(conflict.archive.tag == WriteTag(author: Self.alice, seq: 5, op: 0))
        // Alice's own title, written before the archive, is not listed.
        #expect(!conflict.edits.contains { $0.field == Stage.Field.title })
    }

    @Test func anEditInTheArchivesPastIsNone() {
        let record = self.record(goalBy: WriteTag(author: Self.bob, seq: 3, op: 0))
        #expect(ArchiveConflict.find(record, archiving: self.archiving(seenOfBob: 3)) == nil)
        #expect(ArchiveConflict.find(record, archiving: self.archiving(seenOfBob: 9)) == nil)
    }

    @Test func theArchiversOwnLaterEditIsUnseenTheirEarlierOneIsSeen() {
        let later = self.record(goalBy: WriteTag(author: Self.alice, seq: 6, op: 0))
        #expect(ArchiveConflict.find(later, archiving: self.archiving(seenOfBob: 0))?.edits.count == 1)
        let same = self.record(goalBy: WriteTag(author: Self.alice, seq: 5, op: 1))
        #expect(ArchiveConflict.find(same, archiving: self.archiving(seenOfBob: 0)) == nil)
    }

    @Test func aRestoredRecordOrAnotherChangeIsNoConflict() {
        let restored = self.record(goalBy: WriteTag(author: Self.bob, seq: 3, op: 0), archived: false)
        #expect(ArchiveConflict.archiveWrite(of: restored) == nil)
        #expect(ArchiveConflict.find(restored, archiving: self.archiving(seenOfBob: 0)) == nil)
        let archived = self.record(goalBy: WriteTag(author: Self.bob, seq: 3, op: 0))
        let other = Change(collective: Self.collective, author: Self.alice, seq: 4, previous: .none, timestamp: .zero,
                           context: VersionVector(), operations: [])
        #expect(ArchiveConflict.find(archived, archiving: other) == nil)
    }
}
