import Testing
@testable import EntenteText

/// The words an operation inserted and removed, read back from a field's operations.
@Suite struct TextWordingTests {
    static let alice = TextAgent([UInt8](repeating: 0xA1, count: 32))
    static let bob = TextAgent([UInt8](repeating: 0xB2, count: 32))
    static let carol = TextAgent([UInt8](repeating: 0xC3, count: 32))

    @Test func removedWordsAreReadFromTheOperationsThatInsertedThem() throws {
        let base = "Nous en parlons les désaccords tôt."
        var origin = TextDocument()
        let founding = try origin.applyLocal([TextPatch(position: 0, insert: base)], by: Self.alice)
        var bobs = origin, carols = origin
        let fromBob = try bobs.applyLocal(TextDiff.patches(from: base, to: "Nous en parlons dès qu'ils apparaissent."), by: Self.bob)
        let fromCarol = try carols.applyLocal(TextDiff.patches(from: base, to: "Nous en parlons en face."), by: Self.carol)
        var wording = TextWording()
        for operation in [founding, fromBob, fromCarol] { wording.record(operation) }
        #expect(wording.inserted(fromBob) == [" dès qu'ils apparaissent"])
        #expect(wording.removed(fromBob) == [" les désaccords tôt"])
        #expect(wording.removedByBoth(fromBob, fromCarol) == [" les désaccords tôt"])
        // Text this history never saw inserted reads as "?", never as someone else's words.
        #expect(TextWording().removed(fromBob) == [String(repeating: "?", count: 19)])
    }

    @Test func aCounterFarBeyondTheKnownTextIsNotStored() {
        var wording = TextWording()
        let far = TextOperation(author: Self.alice, startCounter: TextWording.maximumGap + 1,
                                insertions: [TextOperation.Insertion(originLeft: nil, originRight: nil, content: "x")], deletions: [])
        let near = TextOperation(author: Self.alice, startCounter: TextWording.maximumGap,
                                 insertions: [TextOperation.Insertion(originLeft: nil, originRight: nil, content: "y")], deletions: [])
        wording.record(far)
        wording.record(near)
        let deletes = { (counter: Int) in
            TextOperation(author: Self.bob, startCounter: 0, insertions: [],
                          deletions: [TextOperation.Deletion(start: TextItemID(agent: Self.alice, counter: counter), count: 1)])
        }
        #expect(wording.removed(deletes(TextWording.maximumGap)) == ["y"])
        #expect(wording.removed(deletes(TextWording.maximumGap + 1)) == ["?"])
    }
}
