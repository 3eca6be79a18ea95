import Foundation

/// Names compared the way people type them: without regard to case, accents or the kind of
/// apostrophe, with runs of spaces as one ("Elodie Beranger" is "Élodie Béranger", "l’offre"
/// is "l'offre").
public enum NameMatching {
    static let locale = Locale(identifier: "en_US_POSIX")

    /// The form two names are compared in.
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Self.locale)
        // Every kind of apostrophe and quotation mark as the plain one, in one pass (`entente
        // log --grep` folds every line of the log).
        var plain = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "’", "‘", "ʼ", "`", "´", "′": plain.append("'")
            case "«", "»", "“", "”", "„": plain.append("\"")
            default: plain.append(scalar)
            }
        }
        return String(plain).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether two names are the same the way people type them.
    public static func same(_ a: String, _ b: String) -> Bool { self.fold(a) == self.fold(b) }

    /// Whether `query` (folded) starts `name` (folded) or one of its words.
    public static func isPrefix(_ query: String, of name: String) -> Bool {
        guard !query.isEmpty else { return false }
        if name.hasPrefix(query) { return true }
        return name.split(separator: " ").contains { $0.hasPrefix(query) }
    }

    /// Whether every word of `query` (folded) starts a word of `name` (folded), in any order:
    /// "budget prévisionnel" and "prévisionnel budget" are in "Valider le budget prévisionnel
    /// 2027"; "offre" is in "l'offre de Bruno".
    public static func hasWords(_ query: String, in name: String) -> Bool {
        let wanted = self.words(query)
        guard !wanted.isEmpty else { return false }
        let words = self.words(name)
        return wanted.allSatisfy { word in words.contains { $0.hasPrefix(word) } }
    }

    /// The shortest fragment looked for inside names (shorter ones match too much).
    public static let minimumFragmentLength = 3

    /// Whether `query` (folded, at least ``minimumFragmentLength`` characters) occurs inside
    /// `name` (folded): "prévision" in "budget prévisionnel".
    public static func isFragment(_ query: String, of name: String) -> Bool {
        query.count >= self.minimumFragmentLength && name.contains(query)
    }

    static func words(_ folded: String) -> [Substring] {
        folded.split { !$0.isLetter && !$0.isNumber }
    }

    /// The longest input compared for "did you mean" (longer ones are not suggested for).
    public static let maximumSuggestionLength = 200

    /// The candidates closest to `query` by edit distance, when close enough to be a typo: at
    /// most a third of the query's length (at least 1, at most 3).
    public static func suggestions(for query: String, among candidates: [String], limit: Int = 3) -> [String] {
        let folded = self.fold(query)
        guard !folded.isEmpty, folded.count <= self.maximumSuggestionLength else { return [] }
        let allowed = min(3, max(1, folded.count / 3))
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let name = self.fold(candidate)
            guard name.count <= self.maximumSuggestionLength else { return nil }
            let words = [name] + name.split(separator: " ").map(String.init)
            let distance = words.map { self.distance(folded, $0) }.min() ?? Int.max
            return distance <= allowed ? (candidate, distance) : nil
        }
        var seen = Set<String>()
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Levenshtein distance over characters (both inputs at most ``maximumSuggestionLength``).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
