/// Size limits of the Noise channel, its framing and its record layer.
///
/// See HANDSHAKE.md section 9, "Limits summary", and Noise spec revision 34 §3 ("Message format").
public enum NoiseLimits {
    /// The largest Noise message, handshake or transport: 65535 bytes (Noise §3).
    /// Also the largest value of the 2-byte frame header.
    public static let maximumMessageLength = 65535

    /// The size of the ChaCha20-Poly1305 authentication tag appended to every ciphertext.
    public static let tagLength = 16

    /// The largest plaintext of one transport message: 65535 - 16 = 65519 bytes.
    public static let maximumTransportPayloadLength = maximumMessageLength - tagLength

    /// The application data carried by one record chunk: 65519 - 1 (flag byte) = 65518 bytes.
    /// Every non-final chunk carries exactly this many bytes.
    public static let recordChunkDataLength = maximumTransportPayloadLength - 1

    /// The largest application message the record layer carries: 16 MiB (16,777,216 bytes).
    public static let maximumApplicationMessageLength = 16 * 1024 * 1024

    /// The length of Curve25519 keys and of the pre-shared key.
    public static let keyLength = 32

    /// The length of the SHA-256 handshake hash.
    public static let hashLength = 32
}
