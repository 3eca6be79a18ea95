import Testing
@testable import EntenteText

// MARK: - TextDiff

@Suite("TextDiff")
struct TextDiffTests {
    @Test(arguments: Array(UInt64(1) ... 200))
    func randomPairsRoundTrip(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        var old = ""
        for _ in 0 ..< Int.random(in: 0 ... 30, using: &g) { old += RandomText.pieces.randomElement(using: &g)! }
        // Either an unrelated string or a few random edits of `old`.
        var new = old
        if seed % 4 == 0 {
            new = ""
            for _ in 0 ..< Int.random(in: 0 ... 30, using: &g) { new += RandomText.pieces.randomElement(using: &g)! }
        } else {
            for _ in 0 ..< Int.random(in: 1 ... 3, using: &g) {
                new = applyPlain([RandomText.patch(&g, count: new.unicodeScalars.count)], to: new)
            }
        }
        let patches = TextDiff.patches(from: old, to: new)
        #expect(applyPlain(patches, to: old).unicodeScalars.elementsEqual(new.unicodeScalars), "seed \(seed)")
        // Word-aligned scripts are no longer minimal, but never larger than replacing the
        // differing middle, and every patch starts and ends between words and characters.
        let cost = patches.reduce(0) { $0 + $1.deleteCount + $1.insert.unicodeScalars.count }
        #expect(cost <= old.unicodeScalars.count + new.unicodeScalars.count, "seed \(seed)")
        #expect(unalignedEnds(patches, old: old, new: new).isEmpty, "seed \(seed)")
        // The patches also apply as local CRDT edits.
        var doc = TextDocument()
        _ = try? doc.applyLocal([TextPatch(position: 0, insert: old)], by: TraceLoader.agent(1))
        _ = try? doc.applyLocal(patches, by: TraceLoader.agent(2))
        #expect(doc.text.unicodeScalars.elementsEqual(new.unicodeScalars), "seed \(seed)")
    }

    /// A one-letter fix replaces its word; an inserted separator stays one scalar.
    @Test func smallEditsGiveSmallScripts() {
        let old = String(repeating: "Le chat dort sur le canapé. ", count: 200)
        var scalars = Array(old.unicodeScalars)
        scalars.insert("!", at: 2_000)
        scalars.remove(at: 10)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let new = String(view)
        let patches = TextDiff.patches(from: old, to: new)
        // "dort" loses its "r" (replaced whole by "dot", with the space before it); "!" follows another "dort".
        #expect(patches == [TextPatch(position: 7, deleteCount: 5, insert: " dot"),
                            TextPatch(position: 1_999, deleteCount: 0, insert: "!")])
        #expect(applyPlain(patches, to: old) == new)
        #expect(TextDiff.patches(from: "same", to: "same").isEmpty)
        #expect(TextDiff.patches(from: "", to: "été") == [TextPatch(position: 0, deleteCount: 0, insert: "été")])
        #expect(TextDiff.patches(from: "abc", to: "") == [TextPatch(position: 0, deleteCount: 3, insert: "")])
        #expect(TextDiff.patches(from: "e\u{301}", to: "e") == [TextPatch(position: 0, deleteCount: 2, insert: "e")])
    }

    @Test func largeDifferencesStayCorrect() {
        var g = SplitMix64(seed: 77)
        let old = String((0 ..< 5_000).map { _ in Character(Unicode.Scalar(UInt8.random(in: 97 ... 122, using: &g))) })
        let new = String((0 ..< 5_000).map { _ in Character(Unicode.Scalar(UInt8.random(in: 97 ... 122, using: &g))) })
        let patches = TextDiff.patches(from: old, to: new)
        #expect(applyPlain(patches, to: old) == new)
    }
}
