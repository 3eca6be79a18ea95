import EntenteCore

/// Finds a record from what a person types: a hex id prefix (like git, at least 4 digits)
/// or a name, title or text that matches exactly one record (case-insensitive).
struct RecordResolver {
    var records: [RecordState]
    /// The fields whose text can address a record of each kind.
    var nameFields: [String] = ["name", "what", "title", "text", "description"]

    /// - Throws: ``CLIError`` naming the candidates when nothing or several records match.
    func resolve(_ query: String, kind: String? = nil) throws -> RecordState {
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
            throw CLIError("no \(noun) matches '\(query)'. List them with `entente \(kind ?? "show") list`, then use an id prefix (4+ hex digits) or the exact name")
        default:
            let listed = matches.prefix(5).map { "\($0.id.short) \(self.label($0))" }.joined(separator: ", ")
            throw CLIError("'\(query)' is ambiguous: it matches \(matches.count) \(noun)s (\(listed)). Use a longer id prefix")
        }
    }

    func label(_ record: RecordState) -> String {
        for field in self.nameFields {
            if let text = record.string(field) { return text }
        }
        return record.kind
    }
}
