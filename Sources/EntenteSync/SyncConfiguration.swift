import Foundation

/// Timeouts and limits of the TCP side of sync (`Protocol/SYNC.md`, "Limits").
public enum SyncNetLimits {
    /// The most sessions of authenticated members a server runs at once; a member over the
    /// limit is told `busy` (close code 6) right after the handshake.
    public static let maximumConnections = 32
    /// The most connections waiting to prove a psk with their first frame (HANDSHAKE.md
    /// §4.6), watched by one thread; a new one over the limit takes the place of the oldest.
    public static let maximumUnproven = 1024
    /// Seconds a connection has to send its whole first frame (66 bytes) with a valid mac1.
    public static let unprovenDeadline: TimeInterval = 2
    /// The most connections still in their handshake at once (after their first frame proved
    /// a psk). A new connection over the limit
    /// takes the place of the oldest one, so connections that never finish their handshake
    /// cannot keep a member out.
    public static let maximumHandshakes = 64
    /// The most connections in their handshake from one source address; more are closed at once.
    public static let maximumHandshakesPerAddress = 8
    /// Seconds a connection has to complete the whole handshake, however it trickles bytes.
    public static let handshakeDeadline: TimeInterval = 5
    /// Seconds a connection may stay silent before it is closed (per read or write).
    public static let idleTimeout: TimeInterval = 30
    /// Seconds a stopping server (`entente serve` told to stop) waits for its sessions to end
    /// once it closed their connections; one still running then (waiting for the replica's
    /// lock, say) is left to end with the process, and what it had not stored is sent again
    /// at the next sync.
    public static let stopDeadline: TimeInterval = 5
    /// Seconds to open a connection.
    public static let connectTimeout: TimeInterval = 10
    /// The most collectives one `entente serve` answers for on one port (`Protocol/SYNC.md` §3,
    /// "Several collectives"): a first frame is checked against each one's psks.
    public static let maximumHostedCollectives = 64
    /// The default TCP port of `entente serve`.
    public static let defaultPort: UInt16 = 7420
    /// The most bytes read from the socket at once.
    public static let readChunk = 65_536
}
