/// The kinds of record in a collective's vision, and the field names each uses
/// (`Protocol/VISION.md` lists them; the names are part of the format).
public enum RecordKind {
    public static let collective = "collective"
    public static let member = "member"
    public static let commitment = "commitment"
}

/// Field names shared by several kinds.
public enum CommonField {
    /// `bool`: the record is archived (records are never deleted).
    public static let archived = "archived"
}
