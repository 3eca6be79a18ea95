/// An error of a sync session: what went wrong locally or on the wire, or the peer's refusal.
///
/// Like `NoiseError`, the kinds are open-ended: compare `.kind`. `description` is written for
/// a person and says what to do where something can be done.
public struct SyncError: Error, CustomStringConvertible, Equatable, Sendable {
    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// How the detail of a `channel` error begins when the peer closed the connection during
    /// the handshake (front ends tell it in other languages by this).
    public static let closedDuringHandshake = "the peer closed the connection during the handshake"
    /// A responder's reason for closing a connection whose first frame proves no psk it accepts.
    public static let unproven = "the first handshake message proves no collective secret or open invite (mac1): another collective, a removed member, or not an Entente peer"

    public var description: String {
        self.detail.isEmpty ? self.kind.explanation : "\(self.kind.explanation): \(self.detail)"
    }

    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { self.name }

        /// The secure channel failed (handshake, framing, decryption): wrong collective
        /// secret, tampering or a peer that does not speak `entente/1`.
        public static let channel = Kind("channel")
        /// The peer sent a message that is malformed or not allowed at this point.
        public static let protocolViolation = Kind("protocolViolation")
        /// The peer closed the session with a reason (`SyncRefusal`).
        public static let refusedByPeer = Kind("refusedByPeer")
        /// This side refused the peer (membership, invite or an invalid change).
        public static let refusedPeer = Kind("refusedPeer")
        /// The connection ended before the session finished.
        public static let truncated = Kind("truncated")
        /// A method was called in a state where it makes no sense (a bug in the driver).
        public static let misuse = Kind("misuse")

        var explanation: String {
            switch self {
            case .channel: return "the secure channel failed"
            case .protocolViolation: return "the peer broke the sync protocol"
            case .refusedByPeer: return "the peer closed the session"
            case .refusedPeer: return "the peer was refused"
            case .truncated: return "the connection ended before the sync finished; what arrived is kept, run the sync again to resume"
            case .misuse: return "the sync session was used out of order"
            default: return self.name
            }
        }
    }
}
