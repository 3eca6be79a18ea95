import EntenteCore

/// What a sync session moved, for logs, progress and the wire-overhead benchmark.
///
/// `bytesSent` / `bytesReceived` count every byte handed to or taken from the connection
/// (frame headers, handshake, tags, record flags, sync messages). `changeBytesSent` /
/// `changeBytesReceived` count only `SignedChange.encoded` of the changes carried, so
/// `(bytesSent + bytesReceived) / (changeBytes... + handshakeBytes...)` is the overhead ratio.
public struct SyncCounters: Equatable, Sendable {
    public var bytesSent = 0
    public var bytesReceived = 0
    /// The framed handshake messages (2-byte header included).
    public var handshakeBytesSent = 0
    public var handshakeBytesReceived = 0
    public var changesSent = 0
    public var changesReceived = 0
    public var changeBytesSent = 0
    public var changeBytesReceived = 0
    public var batchesSent = 0
    public var batchesReceived = 0

    public init() {}

    /// Bytes on the wire, both directions.
    public var wireBytes: Int { self.bytesSent + self.bytesReceived }
    /// The payload the wire had to carry: the changes plus the handshake, both directions.
    public var essentialBytes: Int {
        self.changeBytesSent + self.changeBytesReceived + self.handshakeBytesSent + self.handshakeBytesReceived
    }
    /// `wireBytes / essentialBytes` (1.0 when nothing was essential).
    public var overheadRatio: Double {
        self.essentialBytes == 0 ? 1 : Double(self.wireBytes) / Double(self.essentialBytes)
    }
}

/// The peer as the handshake authenticated it: its X25519 static key (proved by Noise) and
/// its handshake payload (signature already checked against that key and the collective).
public struct PeerHello: Equatable, Sendable {
    public let staticKey: [UInt8]
    public let payload: HandshakePayload
    /// Which of the responder's invite keys the peer's handshake used (`nil`: the collective
    /// secret). Set on the responder only.
    public let invite: Int?

    public init(staticKey: [UInt8], payload: HandshakePayload, invite: Int? = nil) {
        self.staticKey = staticKey
        self.payload = payload
        self.invite = invite
    }
}

/// What a `SyncSession` asks its driver to do, or tells it happened.
public enum SyncEvent: Equatable, Sendable {
    /// Decide whether this peer may sync: call `admitPeer(summary:)` or `refusePeer(_:)`.
    case peerAuthenticated(PeerHello)
    /// Our turn to send: call `provideChanges(_:)` with the changes a replica so summarised
    /// lacks, in log order.
    case changesNeeded(HistorySummary)
    /// Verify and store these, in order: then `acknowledge()` or `refuseChanges(_:)`.
    case changesReceived([SignedChange], last: Bool)
    /// The responder handed this newcomer the collective secret (joining sessions only):
    /// keep it; nothing to answer.
    case welcomed(secret: [UInt8])
    /// Both directions are complete; close the connection.
    case finished
    /// The peer closed the session with this reason.
    case closedByPeer(SyncRefusal)
    /// The session failed; if a reason could be sent to the peer it is in the output.
    case failed(SyncError)
}
