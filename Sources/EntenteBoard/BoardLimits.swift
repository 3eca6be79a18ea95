/// The board's limits, each named and tested on both sides.
public enum BoardLimits {
    /// The largest form a browser may post (the vision statement is the largest field).
    public static let maximumFormBytes = 256 * 1024
    /// How often the live-update stream looks for new changes, in milliseconds.
    public static let pollMilliseconds: UInt64 = 500
    /// The most live-update streams open at once (tabs); more are answered 503.
    public static let maximumStreams = 16
    /// How long a stopping board (Ctrl-C, SIGTERM) lets its connections finish what they are
    /// doing: live streams end at their next poll, idle connections at once; whatever is
    /// still running then is cancelled.
    public static let stopDeadline: Duration = .seconds(3)
    /// How many of the newest changes the log view shows.
    public static let logEntries = 50
    /// The most characters of a member's text a list shows (then "…"); the record's page
    /// (`/record/ID`) shows it whole. A list of a thousand records of the longest texts stays
    /// a page to read, and quick to draw (BENCHMARKS.md, `entente-bench texts`).
    public static let excerptCharacters = 280
}
