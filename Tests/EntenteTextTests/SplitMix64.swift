@testable import EntenteText

// MARK: - SplitMix64

/// A small seeded PRNG (Steele, Lea & Flood, 2014) so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Random text

enum RandomText {
    /// French, combining marks, emoji (ZWJ sequences, flags, skin tones) and ASCII.
    static let pieces: [String] = [
        "a", "b", "e", " ", "é", "è", "à", "ç", "ô", "œ", "É", "ù", "«", "»", "’",
        "e\u{301}", "o\u{308}", "n\u{303}", "👍", "👍🏽", "👩‍👩‍👧", "🇫🇷", "❤️", "漢", "\n",
    ]

    static func string<G: RandomNumberGenerator>(_ g: inout G, maxPieces: Int = 6) -> String {
        var s = ""
        for _ in 0 ..< Int.random(in: 1 ... maxPieces, using: &g) { s += pieces.randomElement(using: &g)! }
        return s
    }

    /// A random patch that fits a text of `count` scalars.
    static func patch<G: RandomNumberGenerator>(_ g: inout G, count: Int) -> TextPatch {
        let position = Int.random(in: 0 ... count, using: &g)
        let deleteCount = count > position && Bool.random(using: &g) ? Int.random(in: 0 ... min(5, count - position), using: &g) : 0
        let insert = deleteCount == 0 || Bool.random(using: &g) ? string(&g) : ""
        return TextPatch(position: position, deleteCount: deleteCount, insert: insert)
    }
}

/// Applies patches to a plain scalar array: the reference model.
func applyPlain(_ patches: [TextPatch], to text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    for p in patches {
        scalars.replaceSubrange(p.position ..< p.position + p.deleteCount, with: Array(p.insert.unicodeScalars))
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
}

/// Whether `needle`'s scalars occur contiguously in `haystack`'s scalars.
func containsScalars(_ haystack: String, _ needle: String) -> Bool {
    let h = Array(haystack.unicodeScalars)
    let n = Array(needle.unicodeScalars)
    guard n.count <= h.count else { return false }
    for start in 0 ... h.count - n.count where h[start ..< start + n.count].elementsEqual(n) { return true }
    return false
}
