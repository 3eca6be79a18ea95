import Foundation

/// Timeouts and limits of the TCP side of sync (`Protocol/SYNC.md`, "Limits").
public enum SyncNetLimits {
    /// The most sessions a server runs at once; a peer over the limit is told `busy`.
    public static let maximumConnections = 32
    /// Seconds a connection may stay silent before it is closed (per read or write).
    public static let idleTimeout: TimeInterval = 30
    /// Seconds to open a connection.
    public static let connectTimeout: TimeInterval = 10
    /// The default TCP port of `entente serve`.
    public static let defaultPort: UInt16 = 7420
    /// The most bytes read from the socket at once.
    public static let readChunk = 65_536
}
