import Crypto
import EntenteCore

/// What a replica says about itself on the LAN (`Protocol/DISCOVERY.md`).
///
/// Sealed with ``DiscoveryKey/seal(_:time:nonce:)`` into an 80-byte datagram in which only
/// the port, flags and time are in clear: the collective, the member and the state are keyed
/// hashes that only holders of the collective secret can check.
public struct DiscoveryAnnouncement: Hashable, Sendable {
    /// Bits of the flags byte.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The sender accepts sync connections on ``DiscoveryAnnouncement/port``.
        public static let serving = Flags(rawValue: 0x01)
        /// The sender runs `entente meet`.
        public static let meeting = Flags(rawValue: 0x02)
        /// The sender's meeting has converged and ended; it keeps serving until the meeting
        /// record is shared (``DiscoveryAnnouncement/Flags-swift.struct/meeting`` is set too).
        public static let concluded = Flags(rawValue: 0x04)
        /// The sender writes a meeting record for the meeting that concluded (the scribe, or an
        /// attendee who gave decisions): attendees wait for it before they stop serving.
        public static let recording = Flags(rawValue: 0x08)
        /// The bits defined by version 1; receivers ignore the others.
        public static let known: Flags = [.serving, .meeting, .concluded, .recording]
    }

    public var flags: Flags
    /// The sender's sync TCP port (0 when not serving).
    public var port: UInt16
    /// The sender's device key.
    public var author: AuthorKey
    /// The sender's state hash (32 bytes, `Protocol/CHANGES.md` "State hash").
    public var stateHash: [UInt8]

    public init(flags: Flags, port: UInt16, author: AuthorKey, stateHash: [UInt8]) {
        self.flags = flags
        self.port = port
        self.author = author
        self.stateHash = stateHash
    }
}

/// A received announcement whose collective tag verified: the clear fields, and the keyed
/// member and state tags that ``isFrom(_:)`` and ``reports(stateHash:)`` check.
public struct DiscoveryPacket: Hashable, Sendable {
    public var flags: DiscoveryAnnouncement.Flags
    public var port: UInt16
    /// The sender's clock, seconds since 1970.
    public var time: UInt64
    public var nonce: [UInt8]
    public var memberTag: [UInt8]
    public var stateTag: [UInt8]
    let secret: [UInt8]

    /// Whether `author`'s device sent it.
    public func isFrom(_ author: AuthorKey) -> Bool {
        DiscoveryKey.constantTimeEqual(DiscoveryKey.memberTag(self.secret, self.nonce, author), self.memberTag)
    }

    /// Whether the sender's state hash is `stateHash`.
    public func reports(stateHash: [UInt8]) -> Bool {
        DiscoveryKey.constantTimeEqual(DiscoveryKey.stateTag(self.secret, self.nonce, stateHash), self.stateTag)
    }

    public static func == (lhs: DiscoveryPacket, rhs: DiscoveryPacket) -> Bool {
        (lhs.flags, lhs.port, lhs.time, lhs.nonce, lhs.memberTag, lhs.stateTag) == (rhs.flags, rhs.port, rhs.time, rhs.nonce, rhs.memberTag, rhs.stateTag)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.nonce)
        hasher.combine(self.memberTag)
    }
}

/// Seals and opens discovery announcements of one collective.
///
/// The key is the collective secret (the sync psk), so only members can tell which collective
/// an announcement belongs to, who sent it and what state it holds; a fresh random nonce per
/// packet makes two announcements of one device unlinkable to outsiders.
///
/// ```swift
/// let key = DiscoveryKey(secret: try replica.collectiveSecret(), collective: replica.collective)
/// let bytes = key.seal(announcement, time: now, nonce: randomBytes(16))
/// let packet = try key.open(bytes, now: now)   // DiscoveryError for anything else
/// ```
public struct DiscoveryKey: Sendable {
    public static let magic: [UInt8] = Array("ENTD".utf8)
    public static let version: UInt8 = 1
    static let collectiveLabel = Array("entente/1 discovery".utf8)
    static let memberLabel = Array("entente/1 discovery member".utf8)
    static let stateLabel = Array("entente/1 discovery state".utf8)

    let secret: [UInt8]
    let collective: CollectiveID

    public init(secret: [UInt8], collective: CollectiveID) {
        self.secret = secret
        self.collective = collective
    }

    /// The 80-byte datagram announcing `announcement` (`Protocol/DISCOVERY.md` §2).
    /// - Parameters:
    ///   - time: seconds since 1970 (the receiver rejects more than
    ///     ``DiscoveryLimits/maximumClockSkew`` away from its clock).
    ///   - nonce: ``DiscoveryLimits/nonceLength`` fresh random bytes (other lengths are
    ///     padded with zeros or cut: callers pass `randomNonce()`).
    public func seal(_ announcement: DiscoveryAnnouncement, time: UInt64, nonce: [UInt8]) -> [UInt8] {
        let nonce = Self.fit(nonce, DiscoveryLimits.nonceLength)
        var bytes = Self.magic
        bytes.append(Self.version)
        bytes.append(announcement.flags.rawValue)
        bytes += [UInt8(announcement.port >> 8), UInt8(announcement.port & 0xff)]
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((time >> UInt64(shift)) & 0xff)) }
        bytes += nonce
        bytes += Self.memberTag(self.secret, nonce, announcement.author)
        bytes += Self.stateTag(self.secret, nonce, announcement.stateHash)
        bytes += self.collectiveTag(bytes)
        return bytes
    }

    /// Checks a datagram and returns its fields.
    /// - Parameter now: the receiver's clock, seconds since 1970.
    /// - Throws: ``DiscoveryError``, in this order of checks: `.truncated` (under 5 bytes),
    ///   `.notDiscovery`, `.unsupportedVersion`, `.truncated` / `.oversized` (not 80 bytes),
    ///   `.foreign` (collective tag), `.stale` (clock skew), `.invalidPort`.
    public func open(_ bytes: [UInt8], now: UInt64) throws -> DiscoveryPacket {
        guard bytes.count >= DiscoveryLimits.headerLength else {
            throw DiscoveryError(.truncated, "\(bytes.count) bytes")
        }
        guard Array(bytes[0..<4]) == Self.magic else { throw DiscoveryError(.notDiscovery) }
        guard bytes[4] == Self.version else { throw DiscoveryError(.unsupportedVersion, "version \(bytes[4])") }
        guard bytes.count >= DiscoveryLimits.packetLength else {
            throw DiscoveryError(.truncated, "\(bytes.count) of \(DiscoveryLimits.packetLength) bytes")
        }
        guard bytes.count == DiscoveryLimits.packetLength else {
            throw DiscoveryError(.oversized, "\(bytes.count) bytes, an announcement has \(DiscoveryLimits.packetLength)")
        }
        guard Self.constantTimeEqual(self.collectiveTag(Array(bytes[0..<64])), Array(bytes[64..<80])) else {
            throw DiscoveryError(.foreign)
        }
        let flags = DiscoveryAnnouncement.Flags(rawValue: bytes[5]).intersection(.known)
        let port = UInt16(bytes[6]) << 8 | UInt16(bytes[7])
        let time = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let skew = time > now ? time - now : now - time
        guard skew <= DiscoveryLimits.maximumClockSkew else {
            throw DiscoveryError(.stale, "\(skew) s away from this clock, at most \(DiscoveryLimits.maximumClockSkew)")
        }
        guard port != 0 || !flags.contains(.serving) else { throw DiscoveryError(.invalidPort) }
        return DiscoveryPacket(
            flags: flags, port: port, time: time, nonce: Array(bytes[16..<32]), memberTag: Array(bytes[32..<48]),
            stateTag: Array(bytes[48..<64]), secret: self.secret)
    }

    /// ``DiscoveryLimits/nonceLength`` bytes from the system's secure generator.
    public static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<DiscoveryLimits.nonceLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    // MARK: - Tags

    func collectiveTag(_ first64: [UInt8]) -> [UInt8] {
        Self.tag(self.secret, Self.collectiveLabel + self.collective.bytes + first64)
    }

    static func memberTag(_ secret: [UInt8], _ nonce: [UInt8], _ author: AuthorKey) -> [UInt8] {
        self.tag(secret, self.memberLabel + nonce + author.bytes)
    }

    static func stateTag(_ secret: [UInt8], _ nonce: [UInt8], _ stateHash: [UInt8]) -> [UInt8] {
        self.tag(secret, self.stateLabel + nonce + stateHash)
    }

    static func tag(_ secret: [UInt8], _ message: [UInt8]) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Array(Array(mac).prefix(DiscoveryLimits.tagLength))
    }

    static func fit(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        Array((bytes + [UInt8](repeating: 0, count: length)).prefix(length))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
