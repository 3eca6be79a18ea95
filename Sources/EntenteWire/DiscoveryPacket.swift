import Crypto
import EntenteCore

/// What a replica says about itself on the LAN (`Protocol/DISCOVERY.md`).
///
/// Sealed with ``DiscoveryKey/seal(_:signer:time:nonce:)`` into a 176-byte datagram in which
/// only the flags, port, time and nonce are in clear: the sender's device key, its state hash
/// and its signature over both are encrypted under a key only holders of the collective
/// secret can derive.
public struct DiscoveryAnnouncement: Hashable, Sendable {
    /// Bits of the flags byte.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The sender accepts sync connections on ``DiscoveryAnnouncement/port``.
        public static let serving = Flags(rawValue: 0x01)
        /// The sender runs `entente meet`.
        public static let meeting = Flags(rawValue: PresenceProof.meetingFlag)
        /// The sender's meeting has converged and ended; it keeps serving until the meeting
        /// record is shared (``DiscoveryAnnouncement/Flags-swift.struct/meeting`` is set too).
        public static let concluded = Flags(rawValue: 0x04)
        /// The sender writes a meeting record for the meeting that concluded (the scribe, or an
        /// attendee who gave decisions): attendees wait for it before they stop serving.
        public static let recording = Flags(rawValue: 0x08)
        /// The bits defined so far; receivers ignore the others.
        public static let known: Flags = [.serving, .meeting, .concluded, .recording]
    }

    public var flags: Flags
    /// The sender's sync TCP port (0 when not serving).
    public var port: UInt16
    /// The sender's state hash (32 bytes, `Protocol/CHANGES.md` "State hash").
    public var stateHash: [UInt8]

    public init(flags: Flags, port: UInt16, stateHash: [UInt8]) {
        self.flags = flags
        self.port = port
        self.stateHash = stateHash
    }
}

/// A received announcement that opened with the collective secret and whose presence
/// signature verified: it comes from the device ``author`` (whoever sent the datagram, only
/// that device could sign it).
public struct DiscoveryPacket: Hashable, Sendable {
    public var flags: DiscoveryAnnouncement.Flags
    public var port: UInt16
    /// The sender's clock, seconds since 1970.
    public var time: UInt64
    public var nonce: [UInt8]
    /// The device that signed the announcement.
    public var author: AuthorKey
    /// The sender's state hash (32 bytes).
    public var stateHash: [UInt8]
    /// The signed header and signature: what a meeting record keeps to show the sender was there.
    public var presence: PresenceProof

    /// Whether `author`'s device sent it.
    public func isFrom(_ author: AuthorKey) -> Bool { self.author == author }

    /// Whether the sender's state hash is `stateHash`.
    public func reports(stateHash: [UInt8]) -> Bool { self.stateHash == stateHash }

    public static func == (lhs: DiscoveryPacket, rhs: DiscoveryPacket) -> Bool {
        lhs.presence == rhs.presence && lhs.stateHash == rhs.stateHash
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.nonce)
        hasher.combine(self.author)
    }
}

/// Seals and opens discovery announcements of one collective.
///
/// The key is the collective secret (the sync psk), so only members can tell which collective
/// an announcement belongs to, who sent it and what state it holds; a fresh random nonce per
/// packet makes two announcements of one device unlinkable to outsiders. The sender signs
/// with its device key, so a member cannot announce another.
///
/// ```swift
/// let key = DiscoveryKey(secret: try replica.secretChain().current, collective: replica.collective)
/// let bytes = key.seal(announcement, signer: replica.identity, time: now, nonce: DiscoveryKey.randomNonce())
/// let packet = try key.open(bytes, now: now)   // DiscoveryError for anything else
/// ```
public struct DiscoveryKey: Sendable {
    public static let magic: [UInt8] = PresenceProof.magic
    public static let version: UInt8 = PresenceProof.version
    static let keyLabel = Array("entente/2 discovery".utf8)
    /// Author key, state hash, signature.
    static let plaintextLength = 32 + 32 + PresenceProof.signatureLength
    static let aeadTagLength = 16

    let secret: [UInt8]
    let collective: CollectiveID

    public init(secret: [UInt8], collective: CollectiveID) {
        self.secret = secret
        self.collective = collective
    }

    /// The 176-byte datagram announcing `announcement`, signed by `signer` (`Protocol/DISCOVERY.md` §2).
    /// - Parameters:
    ///   - time: seconds since 1970 (the receiver rejects more than
    ///     ``DiscoveryLimits/maximumClockSkew`` away from its clock).
    ///   - nonce: ``DiscoveryLimits/nonceLength`` fresh random bytes (other lengths are
    ///     padded with zeros or cut: callers pass `randomNonce()`).
    public func seal(_ announcement: DiscoveryAnnouncement, signer: SigningIdentity, time: UInt64, nonce: [UInt8]) -> [UInt8] {
        let nonce = Self.fit(nonce, DiscoveryLimits.nonceLength)
        let stateHash = Self.fit(announcement.stateHash, 32)
        var header = Self.magic
        header.append(Self.version)
        header.append(announcement.flags.rawValue)
        header += [UInt8(announcement.port >> 8), UInt8(announcement.port & 0xff)]
        for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8((time >> UInt64(shift)) & 0xff)) }
        header += nonce
        let proof = PresenceProof.sign(header: header, stateHash: stateHash, with: signer)
        let plaintext = signer.author.bytes + stateHash + proof.signature
        // The key is fresh for every nonce, so the AEAD nonce can be constant.
        guard let box = try? ChaChaPoly.seal(plaintext, using: self.packetKey(nonce), nonce: Self.aeadNonce, authenticating: header) else {
            return header  // sealing only fails on allocation failure; receivers ignore a bare header
        }
        return header + Array(box.ciphertext) + Array(box.tag)
    }

    /// Checks a datagram and returns its fields.
    /// - Parameter now: the receiver's clock, seconds since 1970.
    /// - Throws: ``DiscoveryError``, in this order of checks: `.truncated` (under 5 bytes),
    ///   `.notDiscovery`, `.unsupportedVersion`, `.truncated` / `.oversized` (not 176 bytes),
    ///   `.foreign` (does not open with this collective's key), `.stale` (clock skew),
    ///   `.invalidPort`, `.forged` (the presence signature does not verify).
    public func open(_ bytes: [UInt8], now: UInt64) throws -> DiscoveryPacket {
        guard bytes.count >= DiscoveryLimits.headerLength else {
            throw DiscoveryError(.truncated, "\(bytes.count) bytes")
        }
        guard Array(bytes[0..<4]) == Self.magic else { throw DiscoveryError(.notDiscovery) }
        guard bytes[4] == Self.version else {
            throw DiscoveryError(.unsupportedVersion, bytes[4] < Self.version ? "version \(bytes[4]), from an earlier Entente" : "version \(bytes[4])")
        }
        guard bytes.count >= DiscoveryLimits.packetLength else {
            throw DiscoveryError(.truncated, "\(bytes.count) of \(DiscoveryLimits.packetLength) bytes")
        }
        guard bytes.count == DiscoveryLimits.packetLength else {
            throw DiscoveryError(.oversized, "\(bytes.count) bytes, an announcement has \(DiscoveryLimits.packetLength)")
        }
        let header = Array(bytes[0..<PresenceProof.headerLength])
        let nonce = Array(bytes[16..<32])
        let sealedEnd = PresenceProof.headerLength + Self.plaintextLength
        guard let box = try? ChaChaPoly.SealedBox(
                  nonce: Self.aeadNonce, ciphertext: bytes[PresenceProof.headerLength..<sealedEnd], tag: bytes[sealedEnd...]),
              let opened = try? ChaChaPoly.open(box, using: self.packetKey(nonce), authenticating: header)
        else {
            throw DiscoveryError(.foreign)
        }
        let plaintext = Array(opened)
        let flags = DiscoveryAnnouncement.Flags(rawValue: bytes[5]).intersection(.known)
        let port = UInt16(bytes[6]) << 8 | UInt16(bytes[7])
        let time = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let skew = time > now ? time - now : now - time
        guard skew <= DiscoveryLimits.maximumClockSkew else {
            throw DiscoveryError(.stale, "\(skew) s away from this clock, at most \(DiscoveryLimits.maximumClockSkew)")
        }
        guard port != 0 || !flags.contains(.serving) else { throw DiscoveryError(.invalidPort) }
        guard plaintext.count == Self.plaintextLength else { throw DiscoveryError(.foreign) }
        let author = AuthorKey(unchecked: Array(plaintext[0..<32]))
        let stateHash = Array(plaintext[32..<64])
        let proof = PresenceProof(author: author, header: header, signature: Array(plaintext[64...]))
        guard proof.proves(stateHash: stateHash) else { throw DiscoveryError(.forged) }
        return DiscoveryPacket(flags: flags, port: port, time: time, nonce: nonce, author: author, stateHash: stateHash, presence: proof)
    }

    /// ``DiscoveryLimits/nonceLength`` bytes from the system's secure generator.
    public static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<DiscoveryLimits.nonceLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    // MARK: - Keys

    /// HMAC-SHA256(S, "entente/2 discovery" ‖ collective id ‖ nonce): one key per announcement.
    func packetKey(_ nonce: [UInt8]) -> SymmetricKey {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.keyLabel + self.collective.bytes + nonce, using: SymmetricKey(data: self.secret))
        return SymmetricKey(data: Array(mac))
    }

    /// Twelve zero bytes: each packet key seals exactly one announcement.
    static var aeadNonce: ChaChaPoly.Nonce {
        // 12 bytes is ChaChaPoly's nonce length, so this cannot fail.
        (try? ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))) ?? ChaChaPoly.Nonce()
    }

    static func fit(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        Array((bytes + [UInt8](repeating: 0, count: length)).prefix(length))
    }
}
