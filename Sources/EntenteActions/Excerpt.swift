/// The beginning of a long text, for a list: at most `characters` characters, then "…"
/// (a list of a thousand records of the longest texts stays a page to read, and quick to draw).
public enum Excerpt {
    /// How much of a title a confirmation echoes ("Updated risk 3fa2 “Bob may leave…”").
    public static let confirmation = 60

    public static func of(_ text: String, characters: Int) -> String {
        // No more bytes than the limit: no more characters either, kept without a walk.
        guard text.utf8.count > characters else { return text }
        var end = text.startIndex, count = 0
        while end < text.endIndex, count < characters {
            end = text.index(after: end)
            count += 1
        }
        return end == text.endIndex ? text : String(text[..<end]) + "…"
    }
}
