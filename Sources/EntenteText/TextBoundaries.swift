// MARK: - TextBoundaries

/// Where an edit may begin or end in a text of Unicode scalars: never inside a word, never
/// inside a user-perceived character. ``TextDiff`` aligns its patches on these boundaries
/// (TEXT.md §3, "Computing a local edit").
///
/// A **word** is a maximal run of letters, numbers and marks (Unicode general categories `L*`,
/// `N*`, `M*`); an apostrophe (U+0027 `'`, U+2019 `’`) or a hyphen (U+002D `-`, U+2010, U+2011)
/// between two such scalars belongs to the word ("qu'ils", "aujourd’hui", "peut-être").
/// Ideographs and hiragana, written without spaces, are words of one scalar each. Everything
/// else (spaces, punctuation, symbols, emoji) separates words. A **character** is an extended
/// grapheme cluster (UAX #29), found from a short window before the boundary, so an emoji
/// sequence or a letter with its combining marks is never split.
enum TextBoundaries {
    /// How far back the grapheme window reaches when no ASCII scalar starts it earlier.
    static let characterLookBack = 64

    /// Whether an edit may begin or end at scalar offset `index` of `text` (between
    /// `text[index - 1]` and `text[index]`): the ends of the text always qualify, otherwise
    /// the offset must lie neither inside a word nor inside a character.
    static func isBoundary(_ text: [Unicode.Scalar], _ index: Int) -> Bool {
        guard index > 0, index < text.count else { return true }
        return !isInsideWord(text, index) && !isInsideCharacter(text, index)
    }

    /// Whether `text[index - 1]` and `text[index]` belong to one word.
    static func isInsideWord(_ text: [Unicode.Scalar], _ index: Int) -> Bool {
        guard index > 0, index < text.count else { return false }
        guard isWordPart(text, index - 1), isWordPart(text, index) else { return false }
        return !standsAlone(text[index - 1]) && !standsAlone(text[index])
    }

    /// Whether `text[index]` is part of a word: a word scalar, or an apostrophe or hyphen
    /// between two word scalars.
    static func isWordPart(_ text: [Unicode.Scalar], _ index: Int) -> Bool {
        guard index >= 0, index < text.count else { return false }
        if isWordScalar(text[index]) { return true }
        guard isInnerPunctuation(text[index]), index > 0, index + 1 < text.count else { return false }
        return isWordScalar(text[index - 1]) && isWordScalar(text[index + 1])
    }

    /// Letters, numbers and marks.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x30 ... 0x39).contains(value) || (0x41 ... 0x5A).contains(value) || (0x61 ... 0x7A).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Apostrophes and hyphens, which join the letters around them into one word.
    static func isInnerPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2019, 0x2D, 0x2010, 0x2011: return true
        default: return false
        }
    }

    /// Scalars that are a word on their own (scripts written without spaces between words).
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x3040 else { return false }
        return (0x3040 ... 0x309F).contains(scalar.value) || scalar.properties.isIdeographic
    }

    /// Whether `text[index - 1]` and `text[index]` belong to one extended grapheme cluster.
    ///
    /// Grapheme rules only look backwards, so the answer comes from the scalars up to `index`,
    /// segmented from the nearest printable ASCII scalar before it (a cluster starts there) or
    /// from ``characterLookBack`` scalars back, whichever is nearer.
    static func isInsideCharacter(_ text: [Unicode.Scalar], _ index: Int) -> Bool {
        guard index > 0, index < text.count else { return false }
        let before = text[index - 1]
        let after = text[index]
        // Below U+0300 there are no extending, joining, prepended or regional scalars.
        if before.value < 0x300 && after.value < 0x300 {
            return before == "\r" && after == "\n"
        }
        let floor = max(0, index - characterLookBack)
        var start = index - 1
        while start > floor, !(0x20 ... 0x7E).contains(text[start].value) { start -= 1 }
        var window = String.UnicodeScalarView()
        window.append(contentsOf: text[start ... index])
        let offset = index - start
        var scalars = 0
        for character in String(window) {
            scalars += character.unicodeScalars.count
            if scalars == offset { return false }
            if scalars > offset { return true }
        }
        return true
    }
}
