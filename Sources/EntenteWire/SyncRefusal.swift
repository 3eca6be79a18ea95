/// Why a side ends a sync session early: sent to the peer in a `close` message
/// (`Protocol/SYNC.md`, "close") and logged on both sides.
public struct SyncRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The machine-readable reason (one byte on the wire).
    public var code: Code
    /// A sentence for a person (at most `SyncLimits.maximumReasonBytes` bytes of UTF-8).
    public var reason: String

    /// How the reason begins when the peer's identity is not signed for this collective
    /// (front ends tell it in other languages by this).
    public static let foreignIdentity = "the peer's identity is not signed for this collective"

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(self.code): \(self.reason)" }

    /// The `close` codes. Unknown codes received from a newer peer are kept as they are.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The peer's keys are not those of any member of this collective.
        public static let notAMember = Code(rawValue: 1)
        /// The peer's member record is archived: they left the collective.
        public static let archivedMember = Code(rawValue: 2)
        /// The peer sent a change that failed verification (signature, chain, author, collective).
        public static let invalidChange = Code(rawValue: 3)
        /// The peer broke the protocol (malformed or unexpected message).
        public static let protocolViolation = Code(rawValue: 4)
        /// The invite token is unknown, already used or expired.
        public static let inviteRefused = Code(rawValue: 5)
        /// The server is at its connection limit; try again later.
        public static let busy = Code(rawValue: 6)
        /// The side closing failed locally (its replica could not be read or written).
        public static let internalError = Code(rawValue: 7)
        /// The side closing is shutting down.
        public static let shuttingDown = Code(rawValue: 8)
        /// Nothing arrived from the peer within the idle timeout: slow or frozen, not wrong.
        public static let timedOut = Code(rawValue: 9)
        /// The peer's device was revoked (lost or stolen): its key speaks for nobody.
        public static let revokedDevice = Code(rawValue: 10)

        public var description: String {
            switch self {
            case .notAMember: return "not-a-member"
            case .archivedMember: return "archived-member"
            case .invalidChange: return "invalid-change"
            case .protocolViolation: return "protocol-violation"
            case .inviteRefused: return "invite-refused"
            case .busy: return "busy"
            case .internalError: return "internal-error"
            case .shuttingDown: return "shutting-down"
            case .timedOut: return "timed-out"
            case .revokedDevice: return "revoked-device"
            default: return "code-\(self.rawValue)"
            }
        }
    }
}
