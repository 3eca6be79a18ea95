import EntenteCore
import EntenteNet
import Foundation

/// When a meeting ends by itself.
public struct MeetingBounds: Sendable, Equatable {
    /// The default seconds after which a meeting stops even if not converged.
    public static let defaultTimeout: TimeInterval = 120
    /// The default seconds every present replica must hold the same state before it counts.
    public static let defaultSettle: TimeInterval = 2

    /// Stop after this many seconds whatever happens (`--duration`, or the timeout).
    public var duration: TimeInterval
    /// Stop as soon as the present replicas converged (`--until-converged`).
    public var untilConverged: Bool
    /// With `untilConverged`: wait for at least this many other members (`--expect`).
    public var expectedPeers: Int
    /// With `untilConverged`: how long convergence must hold (a new peer may still arrive).
    public var settle: TimeInterval

    public init(duration: TimeInterval = MeetingBounds.defaultTimeout, untilConverged: Bool = false, expectedPeers: Int = 1,
                settle: TimeInterval = MeetingBounds.defaultSettle) {
        self.duration = duration
        self.untilConverged = untilConverged
        self.expectedPeers = max(1, expectedPeers)
        self.settle = settle
    }
}

/// Something that happened during a meeting, for the live summary.
public enum MeetingEvent: Sendable {
    case listening(port: UInt16, discovery: String)
    case arrived(name: String, endpoint: TCPEndpoint)
    case left(name: String)
    case synced(SyncSummary)
    /// `error` is a `SyncFailure`, or another error of the replica.
    case syncFailed(name: String, endpoint: TCPEndpoint, error: any Error)
    case converged(stateHash: String, peers: [String])
}

/// What a meeting reached.
public struct MeetingOutcome: Sendable {
    /// The members present (their author keys and names), this replica's member excluded.
    public var attendees: [(author: AuthorKey?, name: String)]
    /// Whether every present replica held ``stateHash`` when the meeting ended.
    public var converged: Bool
    /// The state reached (hex).
    public var stateHash: String
    /// This replica's log length when the meeting began: records created by changes at a
    /// later position arrived during the meeting.
    public var positionBefore: Int
    /// Each author's highest `seq` this replica held when the meeting ended.
    public var vectorAfter: VersionVector
    /// The endpoints the attendees serve on (to share the meeting record).
    public var endpoints: [TCPEndpoint]
}
