/// A change with its author's Ed25519 signature, exactly as stored and sent.
///
/// The signature covers ``unsignedBytes`` — the bytes as received, never a re-serialisation —
/// and the change id is their SHA-256. The signed form is `unsignedBytes || signature(64)`.
public struct SignedChange: Hashable, Sendable {
    public let change: Change
    public let unsignedBytes: [UInt8]
    public let signature: [UInt8]
    public let id: ChangeID

    public static let signatureByteCount = 64

    /// Signs `change` with `identity`.
    /// - Throws: ``ChangeError`` when the change is not valid (limits, chain, record ids) or the
    ///   identity is not the change's author.
    public init(signing change: Change, with identity: SigningIdentity) throws {
        guard identity.author == change.author else { throw ChangeError.wrongSigner }
        try change.validate()
        let bytes = change.encoded()
        guard bytes.count + Self.signatureByteCount <= ChangeLimits.maximumChangeBytes else {
            throw ChangeError.tooLarge(bytes: bytes.count + Self.signatureByteCount)
        }
        self.change = change
        self.unsignedBytes = bytes
        self.signature = identity.sign(bytes)
        self.id = ChangeID(unchecked: SHA256Digest.hash(bytes))
    }

    /// Decodes the signed form. Checks the encoding and the change's own rules, but not the
    /// signature: call ``verifySignature()`` (or ``verified()``) before trusting it.
    public init(decoding signed: [UInt8]) throws {
        guard signed.count > Self.signatureByteCount else {
            throw DecodingError.truncated(what: "signed change", offset: signed.count)
        }
        let split = signed.count - Self.signatureByteCount
        let unsigned = Array(signed[..<split])
        let change = try Change(decoding: unsigned)
        try change.validate()
        self.change = change
        self.unsignedBytes = unsigned
        self.signature = Array(signed[split...])
        self.id = ChangeID(unchecked: SHA256Digest.hash(unsigned))
    }

    /// `unsignedBytes || signature`.
    public var encoded: [UInt8] { self.unsignedBytes + self.signature }

    public func verifySignature() -> Bool {
        self.change.author.isValidSignature(self.signature, for: self.unsignedBytes)
    }

    public var author: AuthorKey { self.change.author }
    public var seq: UInt64 { self.change.seq }
}

/// Why a change is not acceptable, independent of any replica.
public enum ChangeError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongSigner
    case tooLarge(bytes: Int)
    case badSignature(ChangeID, author: AuthorKey)
    case invalid(String)

    public var description: String {
        switch self {
        case .wrongSigner:
            return "a change can only be signed by its own author's key"
        case .tooLarge(let bytes):
            return "the change would take \(bytes) bytes, over the limit of \(ChangeLimits.maximumChangeBytes); split the edit into smaller commands"
        case .badSignature(let id, let author):
            return "change \(id.short) does not carry a valid signature by its author \(author.short): it was forged or altered"
        case .invalid(let reason):
            return "invalid change: \(reason)"
        }
    }
}

extension Change {
    /// Checks the rules every change obeys on its own (`Protocol/CHANGES.md`, "Validity").
    public func validate() throws {
        guard self.seq >= 1 else { throw ChangeError.invalid("sequence numbers start at 1") }
        guard (self.seq == 1) == (self.previous == .none) else {
            throw ChangeError.invalid("the first change of an author has no previous change, and every later one has one")
        }
        guard self.context[self.author] == 0 else { throw ChangeError.invalid("the context must not name the author") }
        guard self.context.count <= ChangeLimits.maximumContextEntries else {
            throw ChangeError.invalid("the causal context has more than \(ChangeLimits.maximumContextEntries) authors")
        }
        guard self.message.utf8.count <= ChangeLimits.maximumMessageBytes else {
            throw ChangeError.invalid("the message is longer than \(ChangeLimits.maximumMessageBytes) bytes")
        }
        guard !self.operations.isEmpty, self.operations.count <= ChangeLimits.maximumOperations else {
            throw ChangeError.invalid("a change holds 1 to \(ChangeLimits.maximumOperations) operations")
        }
        for (index, operation) in self.operations.enumerated() {
            try operation.validate(in: self, index: index)
        }
    }
}

extension ChangeOperation {
    func validate(in change: Change, index: Int) throws {
        switch self {
        case .create(let record, let kind):
            guard record == RecordID.derive(author: change.author, seq: change.seq, opIndex: UInt32(index)) else {
                throw ChangeError.invalid("operation \(index) creates a record whose id is not derived from its change")
            }
            try Self.checkName(kind, "record kind", ChangeLimits.maximumKindBytes)
        case .text(_, let field, let edit):
            try Self.checkName(field, "field name", ChangeLimits.maximumFieldBytes)
            guard edit.author.bytes == change.author.bytes else {
                throw ChangeError.invalid("operation \(index) edits text in another author's name")
            }
            guard !edit.isEmpty else { throw ChangeError.invalid("operation \(index) is an empty text edit") }
        case .set(_, let field, let value), .add(_, let field, let value), .remove(_, let field, let value):
            try Self.checkName(field, "field name", ChangeLimits.maximumFieldBytes)
            let size = value.string?.utf8.count ?? value.rawBytes?.count ?? 0
            guard size <= ChangeLimits.maximumValueBytes else {
                throw ChangeError.invalid("a value is larger than \(ChangeLimits.maximumValueBytes) bytes")
            }
        }
    }

    private static func checkName(_ name: String, _ what: String, _ limit: Int) throws {
        guard !name.isEmpty, name.utf8.count <= limit else {
            throw ChangeError.invalid("a \(what) must be 1 to \(limit) bytes long")
        }
    }
}
