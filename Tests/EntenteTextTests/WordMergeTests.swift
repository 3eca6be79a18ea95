import Testing
@testable import EntenteText

// MARK: - Concurrent rewrites through the local-edit path

@Suite("Word-aligned merges")
struct WordMergeTests {
    /// The two replicas of a concurrent edit and what came of merging them.
    struct Merge {
        var base: String
        var a: String
        var b: String
        var operationA: TextOperation
        var operationB: TextOperation
        /// Base + A's operation + B's, and base + B's + A's.
        var mergedAB: String
        var mergedBA: String
    }

    static let agentA = TraceLoader.agent(0xA0)
    static let agentB = TraceLoader.agent(0xB0)

    /// Makes `base` with one agent, then A's and B's edits offline, each computed as Entente
    /// does for a text field (``TextDiff`` then ``TextDocument/applyLocal(_:by:)``), and
    /// delivers each operation to the other replica through its binary encoding.
    static func merge(base: String, a: String, b: String) throws -> Merge {
        var origin = TextDocument()
        _ = try origin.applyLocal(TextDiff.patches(from: "", to: base), by: TraceLoader.agent(0x01))
        var replicaA = origin
        var replicaB = origin
        let operationA = try replicaA.applyLocal(TextDiff.patches(from: base, to: a), by: agentA)
        let operationB = try replicaB.applyLocal(TextDiff.patches(from: base, to: b), by: agentB)
        #expect(replicaA.text.unicodeScalars.elementsEqual(a.unicodeScalars))
        #expect(replicaB.text.unicodeScalars.elementsEqual(b.unicodeScalars))
        try replicaA.apply(TextOperation(decoding: operationB.encoded()))
        try replicaB.apply(TextOperation(decoding: operationA.encoded()))
        return Merge(base: base, a: a, b: b, operationA: operationA, operationB: operationB,
                     mergedAB: replicaA.text, mergedBA: replicaB.text)
    }

    /// The maximal words of `merged` that are not concatenations of whole words of the base,
    /// A's text or B's text: fragments nobody typed.
    static func fragments(of merge: Merge) -> [String] {
        var known = Set<[Unicode.Scalar]>()
        for text in [merge.base, merge.a, merge.b] { known.formUnion(WordText.words(text)) }
        return WordText.words(merge.mergedAB)
            .filter { !WordText.isConcatenation($0, of: known) }
            .map(scalarString)
    }

    /// The report: Bob and Chloé both rewrote "les désaccords tôt."; the merge used to read
    /// "…dès qu'ils apparaissenen face, jamais par courriel." Now both rewritten phrases are
    /// intact, whatever the order.
    @Test func reportedCaseKeepsBothPhrasesIntact() throws {
        let report = WordDiffTests.Report.self
        let merge = try Self.merge(base: report.base, a: report.bob, b: report.chloe)
        #expect(merge.mergedAB.unicodeScalars.elementsEqual(merge.mergedBA.unicodeScalars))
        #expect(containsScalars(merge.mergedAB, "dès qu'ils apparaissent"), "\(merge.mergedAB)")
        #expect(containsScalars(merge.mergedAB, "en face, jamais par courriel."), "\(merge.mergedAB)")
        #expect(containsScalars(merge.mergedAB, "Quand un malaise naît, nous nous engageons à en parler "))
        #expect(!containsScalars(merge.mergedAB, "apparaissenen"))
        #expect(!containsScalars(merge.mergedAB, "tôt"))
        #expect(Self.fragments(of: merge).isEmpty)
        // Both deleted "tôt": the operations overlap, which the core reports as a conflict.
        #expect(merge.operationA.deletesAny(of: merge.operationB))
    }

    // MARK: Property

    /// Words of the shared base, and words only A or only B ever types. They share many
    /// letters, so a scalar diff would be tempted to keep some of them.
    enum Vocabulary {
        static let base = ["les", "désaccords", "tôt", "parler", "en", "nous", "voulons", "partager",
                           "décisions", "ensemble", "chaque", "mois", "peut-être", "aujourd’hui",
                           "e\u{301}te\u{301}", "café", "qu'on", "projet", "tard", "accord"]
        static let a = ["désaccord", "parlons", "voulions", "partageons", "décision", "ensembles",
                        "moisson", "peut", "aujourd'hui", "étés", "cafés", "qu'un", "projets",
                        "tardif", "accordé", "les-uns", "tôtif"]
        static let b = ["dès", "qu'ils", "apparaissent", "face-à-face", "accords", "parlerons",
                        "voulez", "partagé", "décidons", "semble", "moi", "être", "jour",
                        "e\u{301}tage", "cafetière", "projette", "tardent"]
        static let separators = [" ", " ", " ", " ", ", ", ". ", " ; ", " — ", "\n"]
    }

    /// A text as words and the separator after each.
    struct Passage {
        var words: [String]
        var separators: [String]

        var text: String {
            zip(words, separators).map { $0 + $1 }.joined()
        }
    }

    /// A base passage of `count` words (ending with a period).
    static func basePassage<G: RandomNumberGenerator>(_ g: inout G, count: Int) -> Passage {
        let words = (0 ..< count).map { _ in Vocabulary.base.randomElement(using: &g)! }
        var separators = (0 ..< count).map { _ in Vocabulary.separators.randomElement(using: &g)! }
        separators[count - 1] = "."
        return Passage(words: words, separators: separators)
    }

    /// `passage` with the words from `start` (up to `length` of them) rewritten with words of
    /// `vocabulary`: each old word is kept, replaced or dropped, new words may be added; the
    /// rewritten stretch is sometimes a pure insertion or a pure deletion.
    static func rewrite<G: RandomNumberGenerator>(_ passage: Passage, from start: Int, length: Int,
                                                  with vocabulary: [String], _ g: inout G) -> Passage {
        let end = min(passage.words.count, start + length)
        var words: [String] = []
        var separators: [String] = []
        func add(_ word: String) {
            words.append(word)
            separators.append(Vocabulary.separators.randomElement(using: &g)!)
        }
        let mode = Int.random(in: 0 ..< 6, using: &g)
        for k in start ..< end {
            switch mode {
            case 0:  // pure deletion
                continue
            case 1:  // pure insertion before the stretch, which is kept
                if k == start { add(vocabulary.randomElement(using: &g)!) }
                words.append(passage.words[k])
                separators.append(passage.separators[k])
            default:
                switch Int.random(in: 0 ..< 10, using: &g) {
                case 0 ..< 3:
                    words.append(passage.words[k])
                    separators.append(passage.separators[k])
                case 3:
                    continue
                default:
                    add(vocabulary.randomElement(using: &g)!)
                    if Int.random(in: 0 ..< 4, using: &g) == 0 { add(vocabulary.randomElement(using: &g)!) }
                }
            }
        }
        if mode >= 2 && words.isEmpty { add(vocabulary.randomElement(using: &g)!) }
        var result = passage
        result.words.replaceSubrange(start ..< end, with: words)
        result.separators.replaceSubrange(start ..< end, with: separators)
        if let last = result.separators.indices.last { result.separators[last] = "." }
        return result
    }

    /// Two agents rewrite random, often overlapping passages of a common base offline; both
    /// replicas integrate the other's operation (in both orders): they converge, and every word
    /// of the merged text is made of whole words someone typed (never a fragment such as
    /// "apparaissen").
    @Test(.timeLimit(.minutes(1)), arguments: Array(UInt64(1) ... 400))
    func concurrentRewritesKeepWordsWhole(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let count = Int.random(in: 3 ... 24, using: &g)
        let base = Self.basePassage(&g, count: count)
        let startA = Int.random(in: 0 ..< count, using: &g)
        let startB = min(count - 1, max(0, startA + Int.random(in: -3 ... 3, using: &g)))
        let a = Self.rewrite(base, from: startA, length: Int.random(in: 1 ... 6, using: &g), with: Vocabulary.a, &g)
        let b = Self.rewrite(base, from: startB, length: Int.random(in: 1 ... 6, using: &g), with: Vocabulary.b, &g)
        let merge = try Self.merge(base: base.text, a: a.text, b: b.text)
        #expect(merge.mergedAB.unicodeScalars.elementsEqual(merge.mergedBA.unicodeScalars),
                "seed \(seed): \(merge.mergedAB.debugDescription) vs \(merge.mergedBA.debugDescription)")
        let fragments = Self.fragments(of: merge)
        #expect(fragments.isEmpty, """
            seed \(seed): fragments \(fragments) in \(merge.mergedAB.debugDescription)
            base \(merge.base.debugDescription)
            a    \(merge.a.debugDescription)
            b    \(merge.b.debugDescription)
            """)
    }

    /// Two members replace the same words at once: each brings its own space, so the merge
    /// reads both wordings as words ("apparaissent en face"), never glued ("apparaissenten").
    @Test(arguments: [
        ("Nous en parlons les désaccords tôt.", "Nous en parlons dès qu'ils apparaissent.", "Nous en parlons en face, jamais par courriel."),
        ("C'est trop gros pour un freelance seul.", "C'est trop gros pour un indépendant seul.", "C'est trop gros pour qui décroche seul."),
        ("Nous gagnons ensemble.", "Elles gagnent ensemble.", "Ils gagnent ensemble."),
        ("Le chat dort", "Le chat ronfle", "Le chat rêve"),
    ])
    func concurrentReplacementsOfOneWordNeverTouch(base: String, a: String, b: String) throws {
        let merge = try Self.merge(base: base, a: a, b: b)
        #expect(merge.mergedAB.unicodeScalars.elementsEqual(merge.mergedBA.unicodeScalars))
        let words = Set(merge.mergedAB.split { !$0.isLetter && $0 != "'" }.map(String.init))
        let typed = Set((base + " " + a + " " + b).split { !$0.isLetter && $0 != "'" }.map(String.init))
        #expect(words.isSubset(of: typed), "glued words in \(merge.mergedAB.debugDescription): \(words.subtracting(typed))")
    }
}
