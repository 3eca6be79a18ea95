@testable import EntenteText

// MARK: - Word-level test helpers

/// One patch of a sequential script, placed in the old text (`old`) and in the new text (`new`).
struct PatchSpan: Equatable {
    var old: Range<Int>
    var new: Range<Int>
}

/// Where sequential patches (in increasing positions) sit in the old and the new text; nil when
/// they overlap, touch or go backwards.
func patchSpans(_ patches: [TextPatch]) -> [PatchSpan]? {
    var spans: [PatchSpan] = []
    var shift = 0  // new offset minus old offset, before the current patch
    for patch in patches {
        let inserted = patch.insert.unicodeScalars.count
        if let last = spans.last, patch.position <= last.new.upperBound { return nil }
        let oldStart = patch.position - shift
        spans.append(PatchSpan(old: oldStart ..< oldStart + patch.deleteCount,
                               new: patch.position ..< patch.position + inserted))
        shift += inserted - patch.deleteCount
    }
    return spans
}

/// Scalar offsets where a character (extended grapheme cluster) of `text` starts or ends,
/// segmented over the whole text by Swift.
func characterBoundaries(_ text: String) -> Set<Int> {
    var offsets: Set<Int> = [0]
    var offset = 0
    for character in text {
        offset += character.unicodeScalars.count
        offsets.insert(offset)
    }
    return offsets
}

/// The ends of `patches` that cut a word (``TextBoundaries``) or a character (Swift's own
/// segmentation of the whole text), as descriptions; ["overlap"] when the patches are not in
/// increasing, separate positions.
func unalignedEnds(_ patches: [TextPatch], old: String, new: String) -> [String] {
    guard let spans = patchSpans(patches) else { return ["overlap"] }
    let a = Array(old.unicodeScalars)
    let b = Array(new.unicodeScalars)
    let aCharacters = characterBoundaries(old)
    let bCharacters = characterBoundaries(new)
    var cuts: [String] = []
    for span in spans {
        for end in [span.old.lowerBound, span.old.upperBound]
        where !TextBoundaries.isBoundary(a, end) || !aCharacters.contains(end) {
            cuts.append("old@\(end)")
        }
        for end in [span.new.lowerBound, span.new.upperBound]
        where !TextBoundaries.isBoundary(b, end) || !bCharacters.contains(end) {
            cuts.append("new@\(end)")
        }
    }
    return cuts
}

// MARK: - Words

enum WordText {
    /// Pieces for random texts with words, apostrophes, hyphens, marks, emoji and separators.
    static let pieces: [String] = [
        "le", "la", "chat", "chats", "dort", "qu", "ils", "été", "e\u{301}te\u{301}", "peut", "être",
        " ", " ", " ", ", ", ".", "'", "’", "-", "\n", "«", "»",
        "a", "e", "s", "t", "é", "\u{301}", "1", "½", "👍", "🏽", "\u{200D}", "👩", "🇫🇷", "漢", "字",
    ]

    /// A random text of up to `maxPieces` pieces.
    static func string<G: RandomNumberGenerator>(_ g: inout G, maxPieces: Int) -> String {
        var text = ""
        for _ in 0 ..< Int.random(in: 0 ... maxPieces, using: &g) { text += pieces.randomElement(using: &g)! }
        return text
    }

    /// The maximal words of `text` as scalar arrays: runs of letters, numbers and marks, with an
    /// apostrophe or hyphen between two of them (written independently of `TextBoundaries`;
    /// texts here have no ideographs).
    static func words(_ text: String) -> [[Unicode.Scalar]] {
        let scalars = Array(text.unicodeScalars)
        func isLetter(_ k: Int) -> Bool {
            guard k >= 0, k < scalars.count else { return false }
            return scalars[k].properties.isAlphabetic || scalars[k].properties.numericType != nil
                || isMark(scalars[k])
        }
        func isPart(_ k: Int) -> Bool {
            if isLetter(k) { return true }
            return ["'", "’", "-", "\u{2010}", "\u{2011}"].contains(scalars[k]) && isLetter(k - 1) && isLetter(k + 1)
        }
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for k in scalars.indices {
            if isPart(k) {
                current.append(scalars[k])
            } else if !current.isEmpty {
                words.append(current)
                current = []
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Whether `word` is a concatenation of one or more words of `known` (dynamic programming
    /// over the end offsets reachable from the start).
    static func isConcatenation(_ word: [Unicode.Scalar], of known: Set<[Unicode.Scalar]>) -> Bool {
        guard !word.isEmpty else { return false }
        let longest = known.map(\.count).max() ?? 0
        var reachable = [Bool](repeating: false, count: word.count + 1)
        reachable[0] = true
        for start in 0 ..< word.count where reachable[start] {
            for end in start + 1 ... min(word.count, start + longest)
            where !reachable[end] && known.contains(Array(word[start ..< end])) {
                reachable[end] = true
            }
        }
        return reachable[word.count]
    }
}

/// `scalars` as a string (scalar-exact).
func scalarString(_ scalars: [Unicode.Scalar]) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
}
