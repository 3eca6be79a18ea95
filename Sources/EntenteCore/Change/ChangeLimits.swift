/// Named limits of the change encoding (`Protocol/CHANGES.md`, "Limits").
///
/// A decoder checks each one *before* allocating; an encoder refuses to produce a change that
/// breaks one, so that every change it signs is one every peer accepts.
public enum ChangeLimits {
    /// The largest encoded signed change, in bytes.
    public static let maximumChangeBytes = 4 * 1024 * 1024
    /// The most operations one change may carry (at least one is required).
    public static let maximumOperations = 65_536
    /// The most heads a change may name (a writer with more concurrent branches in view names
    /// the newest ones).
    public static let maximumHeads = 1_024
    /// The longest commit message, in UTF-8 bytes.
    public static let maximumMessageBytes = 4_096
    /// The longest record kind name, in UTF-8 bytes.
    public static let maximumKindBytes = 64
    /// The longest field name, in UTF-8 bytes.
    public static let maximumFieldBytes = 128
    /// The longest string or byte-string value, in bytes.
    public static let maximumValueBytes = 1024 * 1024
}
