import EntenteText
import Foundation
import Testing

@testable import EntenteCore

/// The pure rewriting of a forked key's work under a fresh key (CHANGES.md, "Recovering a fork").
@Suite struct ResignedWorkTests {
    static let old = SigningIdentity()
    static let new = SigningIdentity()
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 7, count: 16))

    /// Two changes of the old key: one creates a record and writes a text, the next refers to
    /// the record and edits the text it wrote.
    static func sources() throws -> [Change] {
        var first = ChangeBuilder(author: old.author, seq: 4)
        let record = first.create("commitment")
        first.set(record, "title", .string("draft"))
        try first.setText(record, "notes", to: "early")
        var document = TextDocument()
        for case .text(_, _, let edit) in first.operations { try document.apply(edit) }
        var second = ChangeBuilder(author: old.author, seq: 5) { _, _ in document }
        let decision = second.create("decision")
        second.add(decision, "links", .record(record))
        try second.setText(record, "notes", to: "early and kind")
        return [first, second].enumerated().map { index, builder in
            Change(collective: collective, author: old.author, seq: UInt64(4 + index), previous: .none,
                   timestamp: HybridTimestamp(wallMillis: 1, counter: 0), context: VersionVector(), message: "", operations: builder.operations)
        }
    }

    @Test func idsAndReferencesFollowTheNewKey() throws {
        let work = ResignedWork(sources: try Self.sources(), from: Self.old.author, to: Self.new.author)
        #expect(work.chunks == [[0, 1]])
        let chunk = work.chunk(0, firstSeq: 1)
        #expect(chunk.operations.count == 6)
        let created = RecordID.derive(author: Self.new.author, seq: 1, opIndex: 0)
        #expect(chunk.operations[0] == .create(record: created, kind: "commitment"))
        #expect(chunk.operations[1] == .set(record: created, field: "title", value: .string("draft")))
        #expect(chunk.operations[4] == .add(record: RecordID.derive(author: Self.new.author, seq: 1, opIndex: 3), field: "links", element: .record(created)))
        // The texts' items now belong to the new key, and the second edit names them so.
        var document = TextDocument()
        for case .text(let record, _, let edit) in chunk.operations {
            #expect(record == created)
            #expect(edit.author == TextAgent(Self.new.author.bytes))
            try document.apply(edit)
        }
        #expect(document.text == "early and kind")
        #expect(work.chunk(0, firstSeq: 1).operations == chunk.operations)  // pure
    }

    @Test func aDroppedCreationTakesItsRecordsOperationsWithIt() throws {
        let work = ResignedWork(sources: try Self.sources(), from: Self.old.author, to: Self.new.author)
        let chunk = work.chunk(0, firstSeq: 1, dropped: [ResignedWork.Piece(source: 0, operation: 0)])
        // Only the decision is left: its creation and its link (a value, not a target).
        #expect(chunk.operations.count == 2)
        #expect(chunk.pieces == [ResignedWork.Piece(source: 1, operation: 0), ResignedWork.Piece(source: 1, operation: 1)])
        #expect(chunk.operations[0] == .create(record: RecordID.derive(author: Self.new.author, seq: 1, opIndex: 0), kind: "decision"))
    }

    @Test func chunksStayUnderTheLimitsAndCountTheirSeq() throws {
        let work = ResignedWork(sources: try Self.sources(), from: Self.old.author, to: Self.new.author, maximumOperations: 4)
        #expect(work.chunks == [[0], [1]])
        let second = work.chunk(1, firstSeq: 1)
        #expect(second.operations.first == .create(record: RecordID.derive(author: Self.new.author, seq: 2, opIndex: 0), kind: "decision"))
        #expect(work.chunk(2, firstSeq: 1).operations.isEmpty)
    }
}
