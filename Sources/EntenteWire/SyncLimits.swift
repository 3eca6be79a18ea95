import EntenteCore

/// Size limits of the sync protocol (`Protocol/SYNC.md`, "Limits"). Every limit is checked
/// before anything is allocated for the data it bounds.
public enum SyncLimits {
    /// The most tips a `summary` may carry: one per author (device) of the collective, more
    /// for an author that forked.
    public static let maximumSummaryTips = 4096
    /// Bytes of an author key that name a tip's author in a `summary`.
    public static let summaryAuthorBytes = 8
    /// Bytes of a change id that name a tip in a `summary`.
    public static let summaryHeadBytes = 16

    /// The most changes one `changes` message may carry (receiver's limit).
    public static let maximumBatchChanges = 4096

    /// The largest signed change accepted on the wire: `ChangeLimits.maximumChangeBytes` (4 MiB).
    public static let maximumChangeBytes = ChangeLimits.maximumChangeBytes

    /// The most changes a sender puts in one batch: as many as a receiver accepts. Each batch
    /// is verified, merged and committed before it is acknowledged, and the receiver's cores
    /// wait between batches; with a quarter as many batches, a newcomer took the whole history
    /// of the generated collective in about a fifth less time (BENCHMARKS.md, "The merge's own
    /// work per change").
    public static let senderBatchChanges = 4096

    /// A sender closes a batch once its changes add up to this many bytes (4 MiB); a batch
    /// always holds at least one change, so a single large change still fits (at most 8 MiB
    /// then, within the 16 MiB of an application message).
    public static let senderBatchBytes = 4 * 1024 * 1024

    /// The most batches a sender keeps unacknowledged; a receiver refuses a peer that sends more.
    public static let window = 4

    /// The longest reason text of a `close` message, in UTF-8 bytes.
    public static let maximumReasonBytes = 1024

    /// The longest member name a newcomer may propose in a join request, in UTF-8 bytes.
    public static let maximumNameBytes = VisionLimits.maximumNameBytes
}
