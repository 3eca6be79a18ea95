/// Where a write lands: a register field (`element` empty) or one element of a set field.
public struct SlotKey: Hashable, Sendable {
    public var record: RecordID
    public var field: String
    /// The canonical encoding of the set element, or empty for a register field.
    public var element: [UInt8]

    public init(record: RecordID, field: String, element: [UInt8] = []) {
        self.record = record
        self.field = field
        self.element = element
    }

    public func hash(into hasher: inout Hasher) {
        self.record.hash(into: &hasher)
        hasher.combine(self.field)
        self.element.withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(self.element.count)
    }

    /// Canonical order: record bytes, field UTF-8 bytes, element bytes.
    public static func canonicalPrecedes(_ lhs: SlotKey, _ rhs: SlotKey) -> Bool {
        if lhs.record != rhs.record { return lhs.record < rhs.record }
        if lhs.field != rhs.field { return Array(lhs.field.utf8).lexicographicallyPrecedes(Array(rhs.field.utf8)) }
        return lhs.element.lexicographicallyPrecedes(rhs.element)
    }
}

/// A surviving write: in a register, one sibling; in a set, one tag keeping an element present.
public struct FieldWrite: Hashable, Sendable {
    public var tag: WriteTag
    public var timestamp: HybridTimestamp
    public var value: Value

    public init(tag: WriteTag, timestamp: HybridTimestamp, value: Value) {
        self.tag = tag
        self.timestamp = timestamp
        self.value = value
    }

    /// The displayed winner among concurrent siblings comes first: highest timestamp, then
    /// highest author key, then highest (seq, op). A total, replica-independent order.
    public static func displayOrder(_ lhs: FieldWrite, _ rhs: FieldWrite) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp > rhs.timestamp }
        return lhs.tag > rhs.tag
    }
}

/// A record's identity and birth.
public struct RecordHeader: Hashable, Sendable {
    public var id: RecordID
    public var kind: String
    public var createdBy: WriteTag
    public var createdAt: HybridTimestamp

    public init(id: RecordID, kind: String, createdBy: WriteTag, createdAt: HybridTimestamp) {
        self.id = id
        self.kind = kind
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Evidence that an author signed two different changes at one place in their chain.
public struct ForkEvidence: Hashable, Sendable {
    public var author: AuthorKey
    public var seq: UInt64
    /// The change this replica holds (or expected as the previous one).
    public var kept: ChangeID
    /// The conflicting change, kept as evidence and never applied.
    public var rejected: SignedChange

    public init(author: AuthorKey, seq: UInt64, kept: ChangeID, rejected: SignedChange) {
        self.author = author
        self.seq = seq
        self.kept = kept
        self.rejected = rejected
    }
}
