/// A member device's signed word that it was there: its discovery announcement's header and
/// state hash, signed with its device key (`Protocol/DISCOVERY.md` §2, "Presence").
///
/// Every announcement carries one, so a holder of the collective secret cannot announce
/// another member; a meeting record keeps one per attendee (`Protocol/VISION.md`, "`meeting`"),
/// so the record cannot name someone who was not there: an attendee counts as present only
/// with a proof by one of that member's devices over the meeting's state hash.
///
/// Bytes in a meeting record (128): author key (32) ‖ announcement header (32) ‖ signature (64).
public struct PresenceProof: Hashable, Sendable {
    /// The domain label of the signed message.
    public static let label = Array("entente/2 presence".utf8)
    /// The clear header of an announcement: magic, version, flags, port, time, nonce.
    public static let headerLength = 32
    public static let signatureLength = 64
    /// The bytes of one proof in a meeting record.
    public static let length = 32 + headerLength + signatureLength
    /// Magic and version of the announcements that carry proofs (`ENTD`, 2).
    public static let magic: [UInt8] = Array("ENTD".utf8)
    public static let version: UInt8 = 2
    /// The `meeting` bit of the announcement flags (DISCOVERY.md §2).
    public static let meetingFlag: UInt8 = 0x02

    /// The device that signed it.
    public var author: AuthorKey
    /// The announcement header it signed (32 bytes).
    public var header: [UInt8]
    public var signature: [UInt8]

    public init(author: AuthorKey, header: [UInt8], signature: [UInt8]) {
        self.author = author
        self.header = header
        self.signature = signature
    }

    /// The message a device signs: label ‖ header (32) ‖ state hash (32).
    public static func message(header: [UInt8], stateHash: [UInt8]) -> [UInt8] {
        Self.label + header + stateHash
    }

    /// Signs `header` and `stateHash` with `identity`.
    public static func sign(header: [UInt8], stateHash: [UInt8], with identity: SigningIdentity) -> PresenceProof {
        PresenceProof(author: identity.author, header: header, signature: identity.sign(Self.message(header: header, stateHash: stateHash)))
    }

    /// Whether the proof says its author announced `stateHash`: a well-formed version-2 header
    /// and a valid signature by ``author``.
    public func proves(stateHash: [UInt8]) -> Bool {
        self.header.count == Self.headerLength && stateHash.count == 32
            && Array(self.header.prefix(4)) == Self.magic && self.header[4] == Self.version
            && self.author.isValidSignature(self.signature, for: Self.message(header: self.header, stateHash: stateHash))
    }

    /// Whether the header says the device ran `entente meet` (the `meeting` flag).
    public var inMeeting: Bool { self.header.count == Self.headerLength && self.header[5] & Self.meetingFlag != 0 }

    /// The 128 bytes stored in a meeting record.
    public var encoded: [UInt8] { self.author.bytes + self.header + self.signature }

    /// Proofs from a meeting record's `presence` bytes; none when the length is not a whole
    /// number of proofs, or is above `maximumCount` proofs.
    public static func decodeAll(_ bytes: [UInt8], maximumCount: Int = VisionLimits.maximumPresenceProofs) -> [PresenceProof] {
        guard bytes.count % Self.length == 0, bytes.count / Self.length <= maximumCount else { return [] }
        return stride(from: 0, to: bytes.count, by: Self.length).map { start in
            let author = AuthorKey(unchecked: Array(bytes[start..<start + 32]))
            let header = Array(bytes[start + 32..<start + 32 + Self.headerLength])
            let signature = Array(bytes[start + 32 + Self.headerLength..<start + Self.length])
            return PresenceProof(author: author, header: header, signature: signature)
        }
    }
}
