import Crypto
import Foundation

/// The collective secret sealed to one device (`Protocol/VISION.md`, "`secret`"): HPKE
/// (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to the
/// device's X25519 `noiseKey`, with info = `"entente/2 secret" ‖ collective id`.
///
/// Bytes (112): device author key (32) ‖ encapsulated key (32) ‖ ciphertext of the 32-byte
/// secret with its tag (48).
public struct SealedSecret: Hashable, Sendable {
    public static let length = 112
    static let label = Array("entente/2 secret".utf8)
    static var ciphersuite: HPKE.Ciphersuite { .Curve25519_SHA256_ChachaPoly }

    /// The device (its author key) that can open it.
    public var device: AuthorKey
    public var encapsulatedKey: [UInt8]
    public var ciphertext: [UInt8]

    public init(device: AuthorKey, encapsulatedKey: [UInt8], ciphertext: [UInt8]) {
        self.device = device
        self.encapsulatedKey = encapsulatedKey
        self.ciphertext = ciphertext
    }

    /// Seals `secret` to `device`, whose X25519 key is `noiseKey`; `nil` for a noise key that
    /// is not a valid X25519 public key.
    public static func seal(_ secret: [UInt8], to device: AuthorKey, noiseKey: [UInt8], collective: CollectiveID) -> SealedSecret? {
        guard let recipient = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: noiseKey),
              var sender = try? HPKE.Sender(recipientKey: recipient, ciphersuite: Self.ciphersuite, info: Self.info(collective)),
              let ciphertext = try? sender.seal(secret)
        else { return nil }
        return SealedSecret(device: device, encapsulatedKey: Array(sender.encapsulatedKey), ciphertext: Array(ciphertext))
    }

    /// The secret, opened with the device's X25519 private key; `nil` when it does not open
    /// (another device's, altered, or sealed to a wrong key) or is not 32 bytes.
    public func open(with privateKey: Curve25519.KeyAgreement.PrivateKey, collective: CollectiveID) -> [UInt8]? {
        guard var recipient = try? HPKE.Recipient(privateKey: privateKey, ciphersuite: Self.ciphersuite, info: Self.info(collective),
                                                  encapsulatedKey: Data(self.encapsulatedKey)),
              let secret = try? recipient.open(self.ciphertext), secret.count == 32
        else { return nil }
        return Array(secret)
    }

    static func info(_ collective: CollectiveID) -> Data { Data(Self.label + collective.bytes) }

    public var encoded: [UInt8] { self.device.bytes + self.encapsulatedKey + self.ciphertext }

    /// The entries of a `sealed` field; none when its length is not a whole number of entries,
    /// is zero, or holds more than `maximumCount`.
    public static func decodeAll(_ bytes: [UInt8], maximumCount: Int = SecretRotation.maximumRecipients) -> [SealedSecret] {
        guard !bytes.isEmpty, bytes.count % Self.length == 0, bytes.count / Self.length <= maximumCount else { return [] }
        return stride(from: 0, to: bytes.count, by: Self.length).map { start in
            SealedSecret(device: AuthorKey(unchecked: Array(bytes[start..<start + 32])),
                         encapsulatedKey: Array(bytes[start + 32..<start + 64]),
                         ciphertext: Array(bytes[start + 64..<start + Self.length]))
        }
    }
}

/// What names a collective secret in the log without revealing it:
/// SHA-256(`"entente/2 secret check"` ‖ secret)[0..16].
public enum SecretCheck {
    public static let length = 16
    public static func of(_ secret: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array("entente/2 secret check".utf8) + secret).prefix(Self.length))
    }
}
