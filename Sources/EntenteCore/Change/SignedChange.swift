import EntenteText

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

    /// Signs `change` with `identity`. The records the change creates get their ids, derived
    /// from the change id, everywhere in the change (see ``resolve(_:)``).
    /// - Throws: ``ChangeError`` when the change is not valid (limits, references) or the
    ///   identity is not the change's author.
    public init(signing change: Change, with identity: SigningIdentity) throws {
        guard identity.author == change.author else { throw ChangeError.wrongSigner }
        try change.validate()
        let bytes = change.encoded()
        guard bytes.count + Self.signatureByteCount <= ChangeLimits.maximumChangeBytes else {
            throw ChangeError.tooLarge(bytes: bytes.count + Self.signatureByteCount)
        }
        let id = ChangeID(unchecked: SHA256Digest.hash(bytes))
        self.change = change.resolvingRecords(of: id)
        self.unsignedBytes = bytes
        self.signature = identity.sign(bytes)
        self.id = id
    }

    /// Decodes the signed form. Checks the encoding and the change's own rules, but not the
    /// signature: call ``verifySignature()`` (or ``verified()``) before trusting it.
    public init(decoding signed: [UInt8]) throws {
        guard signed.count > Self.signatureByteCount else {
            throw DecodingError.truncated(what: "signed change", offset: signed.count)
        }
        let split = signed.count - Self.signatureByteCount
        let unsigned = Array(signed[..<split])
        let id = ChangeID(unchecked: SHA256Digest.hash(unsigned))
        let change = try Change(decoding: unsigned, id: id)
        try change.validate()
        self.change = change
        self.unsignedBytes = unsigned
        self.signature = Array(signed[split...])
        self.id = id
    }

    /// The id this change gives a record: for the id a builder used for a record the change
    /// creates (``RecordID/placeholder(_:)``), the record's real id; any other id unchanged.
    public func resolve(_ record: RecordID) -> RecordID {
        guard record.bytes.prefix(12).allSatisfy({ $0 == 0 }) else { return record }
        let index = Int(record.bytes.suffix(4).reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        guard index < self.change.operations.count, case .create(let created, _) = self.change.operations[index] else { return record }
        return created
    }

    /// `unsignedBytes || signature`.
    public var encoded: [UInt8] { self.unsignedBytes + self.signature }

    /// The length of ``encoded``.
    public var encodedCount: Int { self.unsignedBytes.count + self.signature.count }

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
        guard self.heads.count <= ChangeLimits.maximumHeads else {
            throw ChangeError.invalid("a change names at most \(ChangeLimits.maximumHeads) heads")
        }
        guard zip(self.heads, self.heads.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ChangeError.invalid("the heads must be strictly ascending")
        }
        guard self.message.utf8.count <= ChangeLimits.maximumMessageBytes else {
            throw ChangeError.invalid("the message is longer than \(ChangeLimits.maximumMessageBytes) bytes")
        }
        guard !self.operations.isEmpty, self.operations.count <= ChangeLimits.maximumOperations else {
            throw ChangeError.invalid("a change holds 1 to \(ChangeLimits.maximumOperations) operations")
        }
        var created: [RecordID: Int] = [:]
        for (index, operation) in self.operations.enumerated() {
            if case .create(let record, _) = operation {
                guard created[record] == nil else { throw ChangeError.invalid("operation \(index) creates a record twice") }
                created[record] = index
            }
        }
        for (index, operation) in self.operations.enumerated() {
            // A record this change creates is named by its `create`'s index: only after it.
            for record in [operation.target, operation.value?.recordID].compactMap({ $0 }) {
                if let creation = created[record], creation >= index {
                    throw ChangeError.invalid("operation \(index) names a record this change creates only later")
                }
            }
            try operation.validate(index: index)
        }
    }

    /// The change with the ids of the records it creates derived from `id`, in its operations
    /// and values (a signed change's records; CHANGES.md §2).
    func resolvingRecords(of id: ChangeID) -> Change {
        var ids: [RecordID: RecordID] = [:]
        for (index, operation) in self.operations.enumerated() {
            if case .create(let record, _) = operation { ids[record] = RecordID.derive(change: id, opIndex: UInt32(index)) }
        }
        guard !ids.isEmpty else { return self }
        func map(_ record: RecordID) -> RecordID { ids[record] ?? record }
        func map(_ value: Value) -> Value {
            if case .record(let record) = value { return .record(map(record)) }
            return value
        }
        var resolved = self
        resolved.operations = self.operations.map { operation in
            switch operation {
            case .create(let record, let kind): return .create(record: map(record), kind: kind)
            case .set(let record, let field, let value): return .set(record: map(record), field: field, value: map(value))
            case .add(let record, let field, let element): return .add(record: map(record), field: field, element: map(element))
            case .remove(let record, let field, let element): return .remove(record: map(record), field: field, element: map(element))
            case .text(let record, let field, let edit): return .text(record: map(record), field: field, edit: edit)
            }
        }
        return resolved
    }
}

extension TextAgent {
    /// The agent a text operation inside a change names as its author: the change itself,
    /// whose id is not known while it is made. A replica applies the operation with the change
    /// id as agent (`Protocol/TEXT.md` §9), so every inserted scalar has an id no other change
    /// can give, whatever any device signed.
    public static let thisChange = TextAgent([0])
}

extension ChangeOperation {
    func validate(index: Int) throws {
        switch self {
        case .create(_, let kind):
            try Self.checkName(kind, "record kind", ChangeLimits.maximumKindBytes)
        case .text(_, let field, let edit):
            try Self.checkName(field, "field name", ChangeLimits.maximumFieldBytes)
            guard edit.author == .thisChange else {
                throw ChangeError.invalid("operation \(index) edits text in another author's name (its agent must be the change itself)")
            }
            guard edit.referencedAgents.allSatisfy({ $0 == .thisChange || $0.bytes.count == ChangeID.byteCount }) else {
                throw ChangeError.invalid("operation \(index) refers to text of an agent that is not a change")
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

    /// The record an operation writes to (`nil` for `create`).
    var target: RecordID? {
        if case .create = self { return nil }
        return self.record
    }

    private static func checkName(_ name: String, _ what: String, _ limit: Int) throws {
        guard !name.isEmpty, name.utf8.count <= limit else {
            throw ChangeError.invalid("a \(what) must be 1 to \(limit) bytes long")
        }
    }
}
