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

    /// `e` after a past participle that agrees with a feminine noun (« enregistrée »).
    public static func agreement(feminine: Bool) -> String { feminine ? "e" : "" }
}

/// English counts, for symmetry: « 1 item », « 0 items ».
public enum English {
    public static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
