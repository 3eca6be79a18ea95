import EntenteCore

/// A single-use invitation to join a collective (`Protocol/SYNC.md`, "Invite codes"):
/// everything a newcomer needs to connect to the inviter and prove the invitation.
///
/// Text form: `entente1:` followed by the lowercase RFC 4648 base32 (no padding) of
///
/// ```
/// version (1 byte, 0x01) ‖ collective id (16) ‖ collective secret (32) ‖ token (16)
/// ‖ expires (u64 big-endian, Unix seconds) ‖ port (u16 big-endian)
/// ‖ uvarint host length (1...255) ‖ host (UTF-8) ‖ checksum (first 4 bytes of SHA-256 of all before)
/// ```
///
/// The code holds the collective secret: whoever reads it can connect as the newcomer would,
/// so it is shown once and should travel by a private channel.
public struct InviteCode: Equatable, Sendable {
    public static let prefix = "entente1:"
    public static let version: UInt8 = 1
    public static let maximumHostBytes = 255
    static let checksumLength = 4

    public var collective: CollectiveID
    public var secret: [UInt8]
    public var token: [UInt8]
    /// Unix time in seconds after which the inviter refuses the token.
    public var expires: UInt64
    public var host: String
    public var port: UInt16

    public init(collective: CollectiveID, secret: [UInt8], token: [UInt8], expires: UInt64, host: String, port: UInt16) {
        self.collective = collective
        self.secret = secret
        self.token = token
        self.expires = expires
        self.host = host
        self.port = port
    }

    /// The binary form, checksum included.
    public func encodedBytes() -> [UInt8] {
        var writer = ByteWriter(capacity: 96)
        writer.write(Self.version)
        writer.writeRaw(self.collective.bytes)
        writer.writeRaw(self.secret)
        writer.writeRaw(self.token)
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
            self.secret = try reader.readRaw(NoiseLimits.keyLength, "collective secret")
            self.token = try reader.readRaw(HandshakePayload.tokenLength, "invite token")
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
            return "the invite code has format version \(version), which this Entente does not know; upgrade Entente"
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
