import EntenteCore
import EntenteStore
import Foundation

/// What pulling changes from elsewhere did (`entente merge`, `entente bundle import`): the
/// merge's report, and the renewal of the collective secret it made due, if any.
public struct MergeOutcome: Sendable {
    public var report: Merge.Report
    /// What to tell about the collective secret (renewed, or why not), when changes arrived
    /// that make a renewal due (an archiving, a departure, a revoked device).
    public var secretRenewal: Phrase?
}

/// Pulling every change a replica lacks from another replica's folder or a bundle file,
/// without the network.
public enum Merging {
    /// Merges from `path`: a bundle file (`entente bundle export`) or another replica's folder.
    /// - Throws: the store's errors (nothing readable there, a bundle of another collective or
    ///   damaged; nothing is stored then), or the replica's after the merge.
    public static func merge(into replica: Replica, from path: String) throws -> MergeOutcome {
        try self.outcome(replica, try replica.merge(from: URL(fileURLWithPath: path)))
    }

    /// Imports the bundle file at `path`.
    /// - Throws: the store's errors (not a bundle, another collective's, damaged).
    public static func importBundle(into replica: Replica, from path: String) throws -> MergeOutcome {
        try self.outcome(replica, try replica.importBundle(from: URL(fileURLWithPath: path)))
    }

    /// After changes arrived, the collective secret is renewed if they made it due.
    private static func outcome(_ replica: Replica, _ report: Merge.Report) throws -> MergeOutcome {
        guard !report.applied.isEmpty else { return MergeOutcome(report: report, secretRenewal: nil) }
        return MergeOutcome(report: report, secretRenewal: try Workspace(replica).renewSecretIfDue())
    }
}
