import EntenteCore

/// French as a French reader writes it: « d'Alice » rather than « de Alice », « du statut »,
/// « 1 point », « 12 points » and « 0 point » rather than « 12 point(s) », agreement with the
/// noun's gender.
public enum French {
    /// Whether `word` elides the article before it: it starts with a vowel or an h (names:
    /// « d'Hélène »).
    public static func elides(_ word: String) -> Bool {
        guard let first = NameMatching.fold(String(word.prefix(1))).first else { return false }
        return "aeiouyh".contains(first)
    }

    /// « de » before `text`, contracted or elided: « du statut », « des heures », « d'Alice »,
    /// « d'euphorie », « de l'étape », « de la date », « de Bruno ».
    public static func de(_ text: String) -> String {
        if text.hasPrefix("le ") { return "du " + text.dropFirst(3) }
        if text.hasPrefix("les ") { return "des " + text.dropFirst(4) }
        return self.elides(text) ? "d'\(text)" : "de \(text)"
    }

    /// « à » before `text`, contracted: « au texte », « aux conditions », « à la date ».
    public static func à(_ text: String) -> String {
        if text.hasPrefix("le ") { return "au " + text.dropFirst(3) }
        if text.hasPrefix("les ") { return "aux " + text.dropFirst(4) }
        return "à " + text
    }



    /// « 0 point », « 1 point », « 12 points »: French counts 0 and 1 in the singular.
    public static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(abs(number) < 2 ? singular : plural)"
    }

    /// The no-break space French sets before « : » and inside « », so that a line never
    /// starts with the colon or the closing guillemet.
    public static let noBreakSpace: Unicode.Scalar = "\u{00A0}"
    /// The narrow no-break space French sets before « ; », « ! » and « ? ».
    public static let narrowNoBreakSpace: Unicode.Scalar = "\u{202F}"

    /// `text` set as French is printed: the space before « : » becomes a no-break space,
    /// the one before « ; », « ! » and « ? » a narrow no-break space, and the spaces inside
    /// « » no-break spaces. Only spaces already there change, and only before a mark that
    /// ends a word (`HÔTE:PORT`, `[::1]`, `14:05` and URLs are left alone). Setting text
    /// twice changes nothing more.
    public static func typeset(_ text: String) -> String {
        // Most texts have none of these marks: they are kept without a copy.
        guard text.unicodeScalars.contains(where: { Self.marks.contains($0) }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            guard scalar == " " else {
                out.append(scalar)
                continue
            }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let previous = index > 0 ? scalars[index - 1] : nil
            if previous == "«" {
                out.append(Self.noBreakSpace)
            } else if let next, Self.endsWord(scalars, at: index + 1) {
                switch next {
                case "»", ":": out.append(Self.noBreakSpace)
                case ";", "!", "?": out.append(Self.narrowNoBreakSpace)
                default: out.append(scalar)
                }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static let marks: Set<Unicode.Scalar> = [":", ";", "!", "?", "«", "»"]

    /// Whether the mark at `index` stands as punctuation: « » always; the others when what
    /// follows is the end, a space, a line break, a closing mark or another of them.
    private static func endsWord(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let mark = scalars[index]
        if mark == "»" { return true }
        guard Self.marks.contains(mark) else { return false }
        guard index + 1 < scalars.count else { return true }
        let after = scalars[index + 1]
        return after == " " || after == "\n" || after == "\t" || after == Self.noBreakSpace || after == Self.narrowNoBreakSpace
            || "»)]\"'.,!?".unicodeScalars.contains(after)
    }

    /// `e` after a past participle that agrees with a feminine noun (« enregistrée »).
    public static func agreement(feminine: Bool) -> String { feminine ? "e" : "" }
}

/// English counts, for symmetry: « 1 item », « 0 items ».
public enum English {
    public static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
