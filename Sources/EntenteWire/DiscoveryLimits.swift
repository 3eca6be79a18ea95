/// The fixed sizes and limits of a discovery announcement (`Protocol/DISCOVERY.md`, "Limits").
public enum DiscoveryLimits {
    /// Every version-2 announcement is exactly this many bytes (header 32, sealed device key,
    /// state hash and signature 128, AEAD tag 16); shorter or longer datagrams are ignored.
    public static let packetLength = 176
    /// The bytes of the magic number, the version and the flags that identify a discovery
    /// datagram before its length is checked.
    public static let headerLength = 5
    /// How far (seconds, either way) the sender's clock may be from the receiver's. Older
    /// announcements are ignored: a recorded packet cannot be replayed for longer than this.
    public static let maximumClockSkew: UInt64 = 300
    /// The length of the random nonce that makes every announcement unlinkable to the last.
    public static let nonceLength = 16
    /// The largest datagram a discovery socket accepts; larger ones are dropped by the socket.
    public static let maximumDatagramSize = 512
}
