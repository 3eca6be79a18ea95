import Crypto
import EntenteCore

/// A single-use invitation to join a collective (`Protocol/SYNC.md`, "Invite codes"):
/// everything a newcomer needs to connect to the inviter and prove the invitation.
///
/// Text form: `entente1:` followed by the lowercase RFC 4648 base32 (no padding) of
///
/// ```
/// version (1 byte, 0x02) ‖ collective id (16) ‖ invite key (32)
/// ‖ expires (u64 big-endian, Unix seconds) ‖ port (u16 big-endian)
/// ‖ uvarint host length (1...255) ‖ host (UTF-8) ‖ checksum (first 4 bytes of SHA-256 of all before)
/// ```
///
/// The code holds no long-term secret: its key opens one join session with the inviter while
/// the invite is open (not used, revoked or expired), and nothing once it is closed. It is
/// still shown once and should travel by a private channel: until it is used, whoever reads
/// it can join in the newcomer's place.
public struct InviteCode: Equatable, Sendable {
    public static let prefix = "entente1:"
    public static let version: UInt8 = 2
    public static let maximumHostBytes = 255
    static let checksumLength = 4

    public var collective: CollectiveID
    /// The invite's own random key (32 bytes). It is not the collective secret: the psk and
    /// token of the join handshake derive from it, and the collective secret is handed over
    /// only inside the session that admits the newcomer.
    public var key: [UInt8]
    /// Unix time in seconds after which the inviter refuses the token.
    public var expires: UInt64
    public var host: String
    public var port: UInt16

    public init(collective: CollectiveID, key: [UInt8], expires: UInt64, host: String, port: UInt16) {
        self.collective = collective
        self.key = key
        self.expires = expires
        self.host = host
        self.port = port
    }

    /// The binary form, checksum included.
    public func encodedBytes() -> [UInt8] {
        var writer = ByteWriter(capacity: 96)
        writer.write(Self.version)
        writer.writeRaw(self.collective)
        writer.writeRaw(self.key)
        writer.write(self.expires)
        writer.write(self.port)
        let host = Array(self.host.utf8)
        writer.writeVarint(host.count)
        writer.writeRaw(host)
        writer.writeRaw(SHA256Digest.hash(writer.bytes).prefix(Self.checksumLength))
        return writer.bytes
    }

    /// The text form: `entente1:` + base32.
    public var text: String { Self.prefix + Base32.encode(self.encodedBytes()) }

    /// Parses the text form (case-insensitive; spaces and line breaks are ignored).
    /// - Throws: `InviteCodeError` saying what is wrong.
    public init(text: String) throws {
        let compact = text.filter { !$0.isWhitespace }.lowercased()
        guard compact.hasPrefix(Self.prefix) else { throw InviteCodeError.notAnInvite }
        guard let bytes = Base32.decode(String(compact.dropFirst(Self.prefix.count))) else { throw InviteCodeError.damaged }
        try self.init(bytes: bytes)
    }

    public init(bytes: [UInt8]) throws {
        guard bytes.count > Self.checksumLength else { throw InviteCodeError.damaged }
        let body = Array(bytes.dropLast(Self.checksumLength))
        guard Array(SHA256Digest.hash(body).prefix(Self.checksumLength)) == Array(bytes.suffix(Self.checksumLength)) else {
            throw InviteCodeError.damaged
        }
        var reader = ByteReader(body)
        do {
            let version = try reader.readUInt8("invite version")
            guard version == Self.version else { throw InviteCodeError.unsupportedVersion(version) }
            self.collective = CollectiveID(unchecked: try reader.readRaw(CollectiveID.byteCount, "collective id"))
            self.key = try reader.readRaw(NoiseLimits.keyLength, "invite key")
            self.expires = try reader.readUInt64("expiry")
            self.port = try reader.readUInt16("port")
            let length = try reader.readCount("host length", limit: Self.maximumHostBytes)
            guard let host = String(validating: try reader.readRaw(length, "host"), as: UTF8.self), !host.isEmpty else {
                throw InviteCodeError.damaged
            }
            self.host = host
            try reader.expectEnd("the invite")
        } catch let error as InviteCodeError {
            throw error
        } catch {
            throw InviteCodeError.damaged
        }
    }
}

/// Why an invite code cannot be used.
extension InviteCode {
    /// The psk of the join handshake: HKDF-SHA256(key, salt: collective id, info: "entente/1 invite psk"), 32 bytes.
    public var psk: [UInt8] { Self.derive(self.key, collective: self.collective, info: "entente/1 invite psk", length: NoiseLimits.keyLength) }

    /// The token the join request carries: HKDF-SHA256(key, salt: collective id, info: "entente/1 invite token"), 16 bytes.
    public var token: [UInt8] { Self.derive(self.key, collective: self.collective, info: "entente/1 invite token", length: HandshakePayload.tokenLength) }

    /// A fresh random invite key.
    public static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<NoiseLimits.keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func derive(_ key: [UInt8], collective: CollectiveID, info: String, length: Int) -> [UInt8] {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: key), salt: collective.bytes, info: Array(info.utf8), outputByteCount: length)
            .withUnsafeBytes { Array($0) }
    }
}

public enum InviteCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAnInvite
    case damaged
    case unsupportedVersion(UInt8)

    public var description: String {
        switch self {
        case .notAnInvite:
            return "this is not an Entente invite code: it should start with '\(InviteCode.prefix)'; copy the whole code `entente invite` printed"
        case .damaged:
            return "the invite code is damaged (its checksum or layout is wrong); copy it again exactly as printed"
        case .unsupportedVersion(let version):
            return version < InviteCode.version
                ? "the invite code has format version \(version), from an earlier Entente; ask for a new code"
                : "the invite code has format version \(version), which this Entente does not know; upgrade Entente"
        }
    }
}

/// RFC 4648 base32, lowercase alphabet `a-z2-7`, no padding.
public enum Base32 {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(Self.alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(Self.alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes lowercase or uppercase base32 without padding; `nil` on any other character
    /// or non-zero leftover bits.
    public static func decode(_ text: String) -> [UInt8]? {
        var output = [UInt8]()
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.lowercased().utf8 {
            guard let value = Self.alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        guard bits < 5, buffer == 0 else { return nil }
        return output
    }
}
