/// The kinds of record in a collective's vision, and the field names each uses
/// (`Protocol/VISION.md` lists them; the names are part of the format).
public enum RecordKind {
    public static let collective = "collective"
    public static let member = "member"
    public static let commitment = "commitment"
    public static let expectation = "expectation"
    public static let complementarity = "complementarity"
    public static let stage = "stage"
    public static let engagement = "engagement"
    public static let phaseCheckIn = "phaseCheckIn"
    public static let risk = "risk"
    public static let contribution = "contribution"
    public static let valuation = "valuation"
}

/// Field names shared by several kinds.
public enum CommonField {
    /// `bool`: the record is archived (records are never deleted).
    public static let archived = "archived"
}

extension RecordKind {
    /// A device key admitted for a member (`DeviceField`).
    public static let device = "device"
    /// A proposal to archive or restore a member (`MotionField`).
    public static let motion = "motion"
    /// A member's consent to a motion (`ConsentField`).
    public static let consent = "consent"
}
