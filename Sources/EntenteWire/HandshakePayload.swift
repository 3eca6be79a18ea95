import EntenteCore

/// The payload of Noise handshake messages 2 and 3 (`Protocol/HANDSHAKE.md` section 4.4):
/// who the sender is in the collective.
///
/// - `member`: a member's identity binding: its Ed25519 author key and a signature by that
///   key over `"entente/1 identity" ‖ collective id ‖ X25519 static public key`. The Noise
///   handshake proves the sender holds the static key's private half; the signature proves
///   the author key vouches for that static key in this collective. The receiver then checks
///   that a current member record lists both keys.
/// - `join`: a newcomer holding an invite (message 3 only): the invite's one-time token, the
///   newcomer's author key, proposed name, and a signature by the author key over
///   `"entente/1 join" ‖ collective id ‖ static key ‖ token ‖ name`.
public enum HandshakePayload: Equatable, Sendable {
    case member(author: AuthorKey, signature: [UInt8])
    case join(JoinRequest)

    public struct JoinRequest: Equatable, Sendable {
        public var token: [UInt8]
        public var author: AuthorKey
        public var name: String
        public var signature: [UInt8]
    }

    public enum TypeByte {
        public static let member: UInt8 = 0x01
        public static let join: UInt8 = 0x02
    }

    /// The length of an invite token.
    public static let tokenLength = 16
    static let identityContext = Array("entente/1 identity".utf8)
    static let joinContext = Array("entente/1 join".utf8)

    // MARK: - Signing

    /// The bytes a member signs: `"entente/1 identity" ‖ collective (16) ‖ static key (32)`.
    public static func identityMessage(collective: CollectiveID, staticKey: [UInt8]) -> [UInt8] {
        Self.identityContext + collective.bytes + staticKey
    }

    /// The bytes a newcomer signs: `"entente/1 join" ‖ collective ‖ static key ‖ token ‖ name`.
    public static func joinMessage(collective: CollectiveID, staticKey: [UInt8], token: [UInt8], name: String) -> [UInt8] {
        Self.joinContext + collective.bytes + staticKey + token + Array(name.utf8)
    }

    /// A member's binding of `staticKey` to its author key.
    public static func member(identity: SigningIdentity, collective: CollectiveID, staticKey: [UInt8]) -> HandshakePayload {
        .member(author: identity.author, signature: identity.sign(Self.identityMessage(collective: collective, staticKey: staticKey)))
    }

    /// A newcomer's join request.
    public static func join(identity: SigningIdentity, collective: CollectiveID, staticKey: [UInt8], token: [UInt8], name: String) -> HandshakePayload {
        let signature = identity.sign(Self.joinMessage(collective: collective, staticKey: staticKey, token: token, name: name))
        return .join(JoinRequest(token: token, author: identity.author, name: name, signature: signature))
    }

    /// The author key the payload claims.
    public var author: AuthorKey {
        switch self {
        case .member(let author, _): return author
        case .join(let request): return request.author
        }
    }

    /// Whether the signature is valid for the peer's authenticated `staticKey` in `collective`.
    public func isValid(collective: CollectiveID, staticKey: [UInt8]) -> Bool {
        switch self {
        case .member(let author, let signature):
            return author.isValidSignature(signature, for: Self.identityMessage(collective: collective, staticKey: staticKey))
        case .join(let request):
            let message = Self.joinMessage(collective: collective, staticKey: staticKey, token: request.token, name: request.name)
            return request.author.isValidSignature(request.signature, for: message)
        }
    }

    // MARK: - Encoding

    /// `0x01 ‖ author (32) ‖ signature (64)` (97 bytes) or
    /// `0x02 ‖ token (16) ‖ author (32) ‖ signature (64) ‖ uvarint name length ‖ name`.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        switch self {
        case .member(let author, let signature):
            writer.write(TypeByte.member)
            writer.writeRaw(author.bytes)
            writer.writeRaw(signature)
        case .join(let request):
            writer.write(TypeByte.join)
            writer.writeRaw(request.token)
            writer.writeRaw(request.author)
            writer.writeRaw(request.signature)
            let name = Array(request.name.utf8)
            writer.writeVarint(name.count)
            writer.writeRaw(name)
        }
        return writer.bytes
    }

    /// - Throws: `DecodingError` for an unknown type, a wrong length, a name that is empty,
    ///   too long (`SyncLimits.maximumNameBytes`) or not UTF-8, or trailing bytes.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        let type = try reader.readUInt8("handshake payload type")
        switch type {
        case TypeByte.member:
            let author = AuthorKey(unchecked: try reader.readRaw(AuthorKey.byteCount, "author key"))
            let signature = try reader.readRaw(SignedChange.signatureByteCount, "identity signature")
            try reader.expectEnd("the identity payload")
            self = .member(author: author, signature: signature)
        case TypeByte.join:
            let token = try reader.readRaw(Self.tokenLength, "invite token")
            let author = AuthorKey(unchecked: try reader.readRaw(AuthorKey.byteCount, "author key"))
            let signature = try reader.readRaw(SignedChange.signatureByteCount, "join signature")
            let length = try reader.readCount("member name length", limit: SyncLimits.maximumNameBytes)
            guard length > 0 else { throw DecodingError.limitExceeded(what: "member name length (must be at least 1)", limit: SyncLimits.maximumNameBytes, actual: 0) }
            let raw = try reader.readRaw(length, "member name")
            try reader.expectEnd("the join payload")
            guard let name = String(validating: raw, as: UTF8.self) else { throw DecodingError.invalidUTF8(what: "member name") }
            self = .join(JoinRequest(token: token, author: author, name: name, signature: signature))
        default:
            throw DecodingError.unknownTag(what: "handshake payload", tag: type)
        }
    }
}
