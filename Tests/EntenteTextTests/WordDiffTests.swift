import Testing
@testable import EntenteText

// MARK: - TextDiff on words

@Suite("TextDiff words")
struct WordDiffTests {
    /// The sentence of the user report and its two concurrent rewrites.
    enum Report {
        static let base = "Quand un malaise naît, nous nous engageons à en parler les désaccords tôt."
        static let bob = "Quand un malaise naît, nous nous engageons à en parler dès qu'ils apparaissent."
        static let chloe = "Quand un malaise naît, nous nous engageons à en parler les désaccords en face, jamais par courriel."
        /// Scalar offset of "les" in the base.
        static let phrase = base.unicodeScalars.count - "les désaccords tôt.".unicodeScalars.count
    }

    /// Each rewrite of the reported phrase is one deletion of whole words and one insertion.
    @Test func reportedRewritesAreWholePhrases() {
        #expect(TextDiff.patches(from: Report.base, to: Report.bob)
            == [TextPatch(position: Report.phrase - 1, deleteCount: 19, insert: " dès qu'ils apparaissent")])
        #expect(TextDiff.patches(from: Report.base, to: Report.chloe)
            == [TextPatch(position: Report.phrase + 14, deleteCount: 4, insert: " en face, jamais par courriel")])
    }

    /// A one-letter fix inside a word replaces that word, wherever the letter is.
    @Test(arguments: [
        ("Le chat dort sur le canapé.", "Le chat dors sur le canapé.", TextPatch(position: 7, deleteCount: 5, insert: " dors")),
        ("Le chat dort sur le canapé.", "Le chat dort sur le canape.", TextPatch(position: 19, deleteCount: 7, insert: " canape")),
        ("Le chat dort sur le canapé.", "Le chat dort sur le canapés.", TextPatch(position: 19, deleteCount: 7, insert: " canapés")),
        ("Le chat dort sur le canapé.", "Le chat dort sur le anapé.", TextPatch(position: 19, deleteCount: 7, insert: " anapé")),
        ("Le chat dort sur le canapé.", "Le chat dort sur la canapé.", TextPatch(position: 16, deleteCount: 3, insert: " la")),
        ("chat", "chats", TextPatch(position: 0, deleteCount: 4, insert: "chats")),
        ("chats", "chat", TextPatch(position: 0, deleteCount: 5, insert: "chat")),
    ])
    func oneLetterFixReplacesTheWord(old: String, new: String, expected: TextPatch) {
        #expect(TextDiff.patches(from: old, to: new) == [expected])
    }

    /// Inserting whole words between unchanged ones inserts just them and a separator, even
    /// where a scalar diff would splice into a neighbour ("le c|hat c|hat"); deleting whole
    /// words deletes just them.
    @Test(arguments: [
        ("le chat dort", "le chat noir dort"),
        ("le chat dort", "le chat chat dort"),
        ("le chat dort", "le chat, le chat dort"),
        ("le chat dort", "le petit chat dort"),
        ("le chat dort", "le chat dort bien"),
        ("le chat dort", "alors le chat dort"),
        ("la salle est là", "la salle est salle là"),
    ])
    func insertingWordsInsertsJustThem(old: String, new: String) throws {
        let patches = TextDiff.patches(from: old, to: new)
        let added = new.unicodeScalars.count - old.unicodeScalars.count
        try #require(patches.count == 1, "\(patches)")
        #expect(patches[0].deleteCount == 0)
        #expect(patches[0].insert.unicodeScalars.count == added)
        #expect(unalignedEnds(patches, old: old, new: new).isEmpty)
        #expect(applyPlain(patches, to: old) == new)
        // And the other way round, the same words are deleted.
        let back = TextDiff.patches(from: new, to: old)
        try #require(back.count == 1, "\(back)")
        #expect(back[0].deleteCount == added && back[0].insert.isEmpty)
        #expect(unalignedEnds(back, old: new, new: old).isEmpty)
    }

    /// Separators between two changed words belong to the edit; a changed word next to an
    /// unchanged one keeps the separator between them.
    @Test func separatorsBetweenChangedWordsBelongToTheEdit() {
        #expect(TextDiff.patches(from: "il fait beau ici", to: "il pleut fort ici")
            == [TextPatch(position: 2, deleteCount: 10, insert: " pleut fort")])
        #expect(TextDiff.patches(from: "un, deux; trois", to: "une, deux; troie")
            == [TextPatch(position: 0, deleteCount: 2, insert: "une"), TextPatch(position: 10, deleteCount: 6, insert: " troie")])
        // A line break keeps two edits apart.
        #expect(TextDiff.patches(from: "fin\ndébut", to: "fins\ndébuts")
            == [TextPatch(position: 0, deleteCount: 3, insert: "fins"), TextPatch(position: 5, deleteCount: 5, insert: "débuts")])
    }

    /// Precomposed and decomposed accents, and combining marks, are part of their word.
    @Test func accentsAndCombiningMarksStayInTheirWord() {
        #expect(TextDiff.patches(from: "un café crème", to: "un cafe\u{301} crème")
            == [TextPatch(position: 2, deleteCount: 5, insert: " cafe\u{301}")])
        #expect(TextDiff.patches(from: "le resume", to: "le resume\u{301}")
            == [TextPatch(position: 2, deleteCount: 7, insert: " resume\u{301}")])
        #expect(TextDiff.patches(from: "o\u{308}l", to: "o\u{302}l")
            == [TextPatch(position: 0, deleteCount: 3, insert: "o\u{302}l")])
        #expect(TextDiff.patches(from: "été à Paris", to: "étés à Paris")
            == [TextPatch(position: 0, deleteCount: 4, insert: "étés ")])
    }

    /// Emoji are separators between words, but an emoji sequence is never split.
    @Test func emojiSequencesStayWhole() {
        #expect(TextDiff.patches(from: "Bravo 👍 à tous", to: "Bravo 👍🏽 à tous")
            == [TextPatch(position: 5, deleteCount: 2, insert: " 👍🏽")])
        #expect(TextDiff.patches(from: "👩‍👩‍👧 ici", to: "👩‍👩‍👦 ici")
            == [TextPatch(position: 0, deleteCount: 6, insert: "👩‍👩‍👦 ")])
        #expect(TextDiff.patches(from: "oui👍non", to: "oui👍nan")
            == [TextPatch(position: 4, deleteCount: 3, insert: "nan")])
        #expect(TextDiff.patches(from: "🇫🇷 et 🇧🇪", to: "🇫🇷 et 🇧🇷")
            == [TextPatch(position: 5, deleteCount: 3, insert: " 🇧🇷")])
        #expect(TextDiff.patches(from: "fin ❤️", to: "fin ❤")
            == [TextPatch(position: 3, deleteCount: 3, insert: " ❤")])
    }

    /// An apostrophe (' or ’) or a hyphen between letters is inside the word; elsewhere it
    /// separates words.
    @Test func apostrophesAndHyphensJoinLetters() {
        #expect(TextDiff.patches(from: "qu'ils viennent", to: "qu'elles viennent")
            == [TextPatch(position: 0, deleteCount: 7, insert: "qu'elles ")])
        #expect(TextDiff.patches(from: "l’été vient", to: "l’hiver vient")
            == [TextPatch(position: 0, deleteCount: 6, insert: "l’hiver ")])
        #expect(TextDiff.patches(from: "aujourd’hui", to: "aujourd'hui")
            == [TextPatch(position: 0, deleteCount: 11, insert: "aujourd'hui")])
        #expect(TextDiff.patches(from: "'oui' dit-il", to: "'non' dit-il")
            == [TextPatch(position: 1, deleteCount: 3, insert: "non")])
        #expect(TextDiff.patches(from: "peut-être demain", to: "peut-etre demain")
            == [TextPatch(position: 0, deleteCount: 10, insert: "peut-etre ")])
        #expect(TextDiff.patches(from: "oui - non", to: "oui - nan")
            == [TextPatch(position: 5, deleteCount: 4, insert: " nan")])
        // Splitting or joining a word changes it.
        #expect(TextDiff.patches(from: "peutêtre", to: "peut être")
            == [TextPatch(position: 0, deleteCount: 8, insert: "peut être")])
        #expect(TextDiff.patches(from: "peut être", to: "peut-être")
            == [TextPatch(position: 0, deleteCount: 9, insert: "peut-être")])
    }

    /// Ideographs are words of one scalar each (no spaces in such scripts).
    @Test func ideographsAreWordsOnTheirOwn() {
        #expect(TextDiff.patches(from: "漢字です", to: "漢語です")
            == [TextPatch(position: 1, deleteCount: 1, insert: "語")])
    }

    /// Empty texts and equal texts behave as before.
    @Test func emptyAndEqualTexts() {
        #expect(TextDiff.patches(from: "", to: "").isEmpty)
        #expect(TextDiff.patches(from: "mot", to: "mot").isEmpty)
        #expect(TextDiff.patches(from: "", to: "un mot") == [TextPatch(position: 0, insert: "un mot")])
        #expect(TextDiff.patches(from: "un mot", to: "") == [TextPatch(position: 0, deleteCount: 6)])
        // Canonically equivalent but different scalars are a change.
        #expect(TextDiff.patches(from: "é", to: "e\u{301}") == [TextPatch(position: 0, deleteCount: 1, insert: "e\u{301}")])
    }

    /// The boundaries themselves.
    @Test func boundaries() {
        let text = Array("qu'ils, peut-être 'a' e\u{301}👍🏽漢字".unicodeScalars)
        let cuts = (0 ... text.count).filter { !TextBoundaries.isBoundary(text, $0) }
        // q|u|'|i|l|s, p|e|u|t|-|ê|t|r|e, e|◌́, 👍|🏽; the quotes around "a" and the two
        // ideographs are separate.
        #expect(cuts == [1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 23, 25])
        #expect(TextBoundaries.isBoundary(Array("\r\n".unicodeScalars), 1) == false)
        #expect(TextBoundaries.isBoundary([], 0))
    }

    /// Random pairs of texts full of words, apostrophes, hyphens, marks and emoji: the patches
    /// rebuild `new` exactly, scalar for scalar, every end lies between words and characters,
    /// and they apply as local CRDT edits.
    @Test(arguments: Array(UInt64(1) ... 300))
    func randomWordPairsRoundTrip(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let old = WordText.string(&g, maxPieces: 40)
        var new = old
        if seed % 5 == 0 {
            new = WordText.string(&g, maxPieces: 40)
        } else {
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &g) {
                let count = new.unicodeScalars.count
                let position = Int.random(in: 0 ... count, using: &g)
                let deleteCount = Int.random(in: 0 ... min(4, count - position), using: &g)
                let insert = WordText.string(&g, maxPieces: 3)
                new = applyPlain([TextPatch(position: position, deleteCount: deleteCount, insert: insert)], to: new)
            }
        }
        let patches = TextDiff.patches(from: old, to: new)
        #expect(applyPlain(patches, to: old).unicodeScalars.elementsEqual(new.unicodeScalars), "seed \(seed)")
        #expect(unalignedEnds(patches, old: old, new: new).isEmpty, "seed \(seed): \(old.debugDescription) → \(new.debugDescription)")
        #expect(patches.allSatisfy { $0.deleteCount > 0 || !$0.insert.isEmpty }, "seed \(seed)")
        var doc = TextDocument()
        _ = try? doc.applyLocal([TextPatch(position: 0, insert: old)], by: TraceLoader.agent(1))
        _ = try? doc.applyLocal(patches, by: TraceLoader.agent(2))
        #expect(doc.text.unicodeScalars.elementsEqual(new.unicodeScalars), "seed \(seed)")
    }

    /// Beyond ``TextDiff/maximumEditDistance`` the middle is replaced whole, still on word
    /// boundaries; a small edit of a long text stays a small, local patch.
    @Test func longTextsStayCorrectAndLocal() {
        var g = SplitMix64(seed: 5)
        let words = ["le", "chat", "dort", "sur", "canapé", "qu'ils", "peut-être", "été"]
        func text(_ count: Int) -> String {
            (0 ..< count).map { _ in words.randomElement(using: &g)! }.joined(separator: " ")
        }
        let old = text(1_500)
        let new = text(1_500)
        let patches = TextDiff.patches(from: old, to: new)
        #expect(applyPlain(patches, to: old).unicodeScalars.elementsEqual(new.unicodeScalars))
        #expect(unalignedEnds(patches, old: old, new: new).isEmpty)

        var scalars = Array(old.unicodeScalars)
        let middle = scalars.count / 2
        let letter = (middle ..< scalars.count).first { TextBoundaries.isWordScalar(scalars[$0]) } ?? middle
        scalars[letter] = "X"
        let fixed = scalarString(scalars)
        let local = TextDiff.patches(from: old, to: fixed)
        #expect(local.count == 1)
        #expect(local.allSatisfy { $0.deleteCount <= 9 && $0.insert.unicodeScalars.count <= 9 })
        #expect(applyPlain(local, to: old).unicodeScalars.elementsEqual(fixed.unicodeScalars))
    }
}
