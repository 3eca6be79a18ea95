import EntenteCore

/// Finds a record from what a person types: a hex id prefix (like git, at least 4 digits)
/// or a name, title or text that matches exactly one record (case-insensitive).
public struct RecordResolver {
    public var records: [RecordState]
    /// The fields whose text can address a record of each kind.
    public var nameFields: [String] = ["name", "what", "title", "text", "description"]

    public init(records: [RecordState]) {
        self.records = records
    }

    /// - Throws: ``ActionError`` naming the candidates when nothing or several records match.
    public func resolve(_ query: String, kind: String? = nil) throws -> RecordState {
        let candidates = self.records.filter { kind == nil || $0.kind == kind }
        let noun = kind ?? "record"
        let lowered = query.lowercased()
        var matches: [RecordState] = []
        if lowered.count >= 4, Hex.isPrefix(lowered) {
            matches = candidates.filter { $0.id.hex.hasPrefix(lowered) }
        }
        if matches.isEmpty {
            matches = candidates.filter { record in
                self.nameFields.contains { record.string($0)?.lowercased() == lowered }
            }
        }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw ActionError(Phrase(
                "no \(noun) matches '\(query)'. List them with `entente \(kind ?? "show") list`, then use an id prefix (4+ hex digits) or the exact name",
                fr: "aucun·e \(noun) ne correspond à « \(query) ». Listez-les avec `entente \(kind ?? "show") list`, puis donnez un début d'identifiant (4 chiffres hexadécimaux ou plus) ou le nom exact"))
        default:
            let listed = matches.prefix(5).map { "\($0.id.short) \(self.label($0))" }.joined(separator: ", ")
            throw ActionError(Phrase(
                "'\(query)' is ambiguous: it matches \(matches.count) \(noun)s (\(listed)). Use a longer id prefix",
                fr: "« \(query) » est ambigu : \(matches.count) correspondent (\(listed)). Donnez un début d'identifiant plus long"))
        }
    }

    public func label(_ record: RecordState) -> String {
        for field in self.nameFields {
            if let text = record.string(field) { return text }
        }
        return record.kind
    }
}
