import Crypto
import EntenteCore

/// The proof that opens a connection (`Protocol/HANDSHAKE.md` §4.6): handshake message 1 is
/// followed, in its frame, by 16 bytes that only a holder of the session's psk (a collective
/// secret, or an open invite's key) can compute. A responder checks them on the first frame,
/// before it keeps any handshake state or gives the connection a thread, so connections from
/// outsiders, however many and from however many addresses, cost it a few bytes and a MAC.
///
/// After WireGuard's `mac1` (keyed by the responder's public key there; by the psk here, which
/// the two sides share and outsiders lack).
public enum Mac1 {
    public static let length = 16
    static let label = Array("entente/2 mac1".utf8)
    /// Message 1 of `Noise_XXpsk3` with its reserved empty payload: `e` (32) ‖ tag (16).
    public static let messageOneLength = 48
    /// The whole first frame: the 2-byte length, message 1, `mac1`.
    public static let firstFrameLength = 2 + messageOneLength + length

    /// HMAC-SHA256(key = psk, "entente/2 mac1" ‖ collective id (16) ‖ message 1)[0..16].
    public static func compute(psk: [UInt8], collective: CollectiveID, message: [UInt8]) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.label + collective.bytes + message, using: SymmetricKey(data: psk))
        return Array(Array(mac).prefix(Self.length))
    }

    /// Which of `psks` the first frame (as read from the connection: length, message 1,
    /// `mac1`) proves; `nil` for a frame of another length or a proof of none of them.
    public static func matching(firstFrame frame: [UInt8], psks: [[UInt8]], collective: CollectiveID) -> Int? {
        guard frame.count == Self.firstFrameLength,
              Int(frame[0]) << 8 | Int(frame[1]) == Self.messageOneLength + Self.length else { return nil }
        return self.matching(body: Array(frame.dropFirst(2)), psks: psks, collective: collective)
    }

    /// Which of `psks` the body of the first frame (message 1 ‖ `mac1`) proves, compared in
    /// constant time; `nil` when shorter or a proof of none of them.
    public static func matching(body: [UInt8], psks: [[UInt8]], collective: CollectiveID) -> Int? {
        // Longer than an honest one: the handshake refuses its payload as a protocol violation.
        guard body.count >= Self.messageOneLength + Self.length else { return nil }
        let message = Array(body.dropLast(Self.length))
        let proof = Array(body.suffix(Self.length))
        var found: Int?
        for (index, psk) in psks.enumerated() where Self.constantTimeEqual(Self.compute(psk: psk, collective: collective, message: message), proof) {
            found = found ?? index
        }
        return found
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
