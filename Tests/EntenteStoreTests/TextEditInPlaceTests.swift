import EntenteCore
import EntenteStore
import EntenteTestSupport
import EntenteText
import Foundation
import Testing

/// A text field is edited in place (the merge takes the document from the store and gives it
/// back): an operation the text refuses must leave it exactly as it was.
@Suite("Text edits applied in place")
struct TextEditInPlaceTests {
    func vision(_ replica: Replica) throws -> String? {
        try #require(try replica.records(kind: RecordKind.collective).first).texts[Collective.Field.vision]
    }

    @Test func aTextOperationThatDoesNotApplyLeavesTheTextAsItWas() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let alice = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
        let collective = try #require(try alice.records(kind: RecordKind.collective).first).id
        try alice.commit(message: "") { try Collective.setVision("Nous partageons le travail.", on: collective, in: &$0) }

        // Deletes text of an agent no replica knows: the text refuses it, on every replica alike.
        let stranger = TextItemID(agent: TextAgent([UInt8](repeating: 9, count: 32)), counter: 0)
        let refused = TextOperation(author: .thisChange, startCounter: 0, insertions: [], deletions: [.init(start: stranger, count: 3)])
        let crafted = try alice.craftForTesting(extra: [.text(record: collective, field: Collective.Field.vision, edit: refused)]) { _ in }
        #expect(try alice.changes().contains { $0.id == crafted.id })
        #expect(try self.vision(alice) == "Nous partageons le travail.")

        // Still editable afterwards, and read alike from the file by a fresh process.
        try alice.commit(message: "") { try Collective.setVision("Nous partageons le travail et la valeur.", on: collective, in: &$0) }
        #expect(try self.vision(alice) == "Nous partageons le travail et la valeur.")
        let hash = try alice.stateHash()
        try alice.close()
        let reopened = try Replica.open(ReplicaFolder(directory.url.appendingPathComponent("alice")))
        #expect(try self.vision(reopened) == "Nous partageons le travail et la valeur.")
        #expect(try reopened.stateHash() == hash)

        // A replica that receives the same changes in one batch holds the same state.
        let bob = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("bob")), collective: reopened.collective,
                                     secret: try reopened.collectiveSecret())
        try bob.receive(try reopened.changes())
        #expect(try bob.stateHash() == hash)
        #expect(try self.vision(bob) == "Nous partageons le travail et la valeur.")
        // And so does the in-memory reference (which keeps no copy to fall back on).
        var memory = MemoryReplica(collective: reopened.collective)
        for change in try reopened.changes() { try memory.receive([change]) }
        #expect(try memory.stateHash() == hash)
        let text = try memory.storage.textDocument(record: collective, field: Collective.Field.vision)?.text
        #expect(text == "Nous partageons le travail et la valeur.")
    }
}
