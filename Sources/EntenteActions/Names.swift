import EntenteCore

/// Renders references for people: member names joined, "the collective" for an empty list.
public enum Names {
    public static func list(_ ids: [RecordID], _ vision: Vision, empty: String = "-") -> String {
        ids.isEmpty ? empty : ids.map { vision.name($0) }.joined(separator: ", ")
    }

    public static func stage(_ id: RecordID?, _ vision: Vision) -> String {
        guard let id else { return "-" }
        return vision.stage(id)?.title ?? "@" + id.short
    }

    /// `value (conflict)` when the record has fields in conflict, in the environment's language.
    public static func flagged(_ text: String, _ record: RecordState, language: Language = .current) -> String {
        record.conflictedFields.isEmpty ? text : text + Phrase(" (conflict)", fr: " (conflit)").text(language)
    }
}
