import EntenteCore
@testable import EntenteStore
import EntenteTestSupport
import EntenteText
import Foundation
import Testing

/// When a text field gets a new snapshot: after 256 edits in a short text, after a
/// thirty-second of its items in a long one (`TextPersistence.isSnapshotDue`), and whatever
/// the edits left beside the snapshot, the text read back is the one written.
@Suite("Text snapshots")
struct TextSnapshotTests {
    @Test func theRuleWeighsEditsAgainstTheTextsLength() {
        #expect(!TextPersistence.isSnapshotDue(edits: 255, items: 10))
        #expect(TextPersistence.isSnapshotDue(edits: 256, items: 10))
        #expect(TextPersistence.isSnapshotDue(edits: 256, items: 256 * 32 + 31))
        #expect(!TextPersistence.isSnapshotDue(edits: 256, items: 257 * 32))
        #expect(!TextPersistence.isSnapshotDue(edits: 3_124, items: 100_000))
        #expect(TextPersistence.isSnapshotDue(edits: 3_125, items: 100_000))
    }

    /// Edits of `replica`'s vision, one change each; the text written last.
    static func edit(_ replica: Replica, _ collective: RecordID, from text: String, times: Int) throws -> String {
        var vision = text
        for index in 0..<times {
            vision += " \(index)."
            try replica.commit(message: "") { try Collective.setVision(vision, on: collective, in: &$0) }
        }
        return vision
    }

    static func editsBesideTheSnapshot(_ replica: Replica) throws -> Int {
        try Int(SQLiteShell.run(replica.folder.database.path, "SELECT count(*) FROM text_edits").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func shown(_ replica: Replica) throws -> String? {
        try replica.records(kind: RecordKind.collective).first?.texts[Collective.Field.vision]
    }

    /// A collective founded in `directory`: its folder, replica and collective record.
    static func founded(in directory: TemporaryDirectory) throws -> (ReplicaFolder, Replica, RecordID) {
        let folder = ReplicaFolder(directory.url.appendingPathComponent("founder"))
        let replica = try Replica.found(folder, collective: "Atelier", founder: "Alice")
        return (folder, replica, try #require(try replica.records(kind: RecordKind.collective).first).id)
    }

    @Test func aShortTextGetsASnapshotEvery256Edits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, replica, collective) = try Self.founded(in: directory)
        let vision = try Self.edit(replica, collective, from: "Court.", times: 300)
        #expect(try Self.editsBesideTheSnapshot(replica) < TextPersistence.snapshotEvery)
        try replica.close()
        let reopened = try Replica.open(folder)
        // (Compared apart: on a failure, the check is named rather than the text printed.)
        let shownAfterReopening = try Self.shown(reopened) == vision
        #expect(shownAfterReopening)
        let documentAfterReopening = try reopened.textRuns(record: collective, field: Collective.Field.vision).map(\.text).joined() == vision
        #expect(documentAfterReopening)
    }

    @Test func aLongTextWaitsForAShareOfItsItems() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, replica, collective) = try Self.founded(in: directory)
        // A text of many items (a snapshot sorts and encodes items, not characters): one word
        // after another, then a letter put after each, in one change.
        let words = 9_000
        var vision = String(repeating: "mot ", count: words)
        try replica.commit(message: "") { try Collective.setVision(vision, on: collective, in: &$0) }
        try replica.commit(message: "") { change in
            try change.editText(collective, Collective.Field.vision, patches: (0..<words).map { TextPatch(position: $0 * 5 + 3, insert: "s") })
        }
        vision = String(repeating: "mots ", count: words)
        let items = try replica.pool.read { db in
            try SQLiteStorage(db).textDocument(record: collective, field: Collective.Field.vision)?.itemCount ?? 0
        }
        #expect(items > 500 * TextPersistence.snapshotShare, "\(items) items")
        vision = try Self.edit(replica, collective, from: vision, times: 400)
        let kept = try Self.editsBesideTheSnapshot(replica)
        #expect(kept > TextPersistence.snapshotEvery, "a long text was snapshotted after 256 edits")
        try replica.close()
        // Read back from the snapshot and the edits beside it, then edited on.
        let reopened = try Replica.open(folder)
        let shownAfterReopening = try Self.shown(reopened) == vision
        #expect(shownAfterReopening, "the text read back from the snapshot and its edits")
        let documentAfterReopening = try reopened.textRuns(record: collective, field: Collective.Field.vision).map(\.text).joined() == vision
        #expect(documentAfterReopening, "the document read back from the snapshot and its edits")
        vision = try Self.edit(reopened, collective, from: vision, times: 300)
        #expect(try Self.editsBesideTheSnapshot(reopened) < kept, "no snapshot after a thirty-second of the items")
        let shownAtTheEnd = try Self.shown(reopened) == vision
        #expect(shownAtTheEnd, "the text shown after the new snapshot")
        let documentAtTheEnd = try reopened.textRuns(record: collective, field: Collective.Field.vision).map(\.text).joined() == vision
        #expect(documentAtTheEnd, "the document after the new snapshot")
    }
}
