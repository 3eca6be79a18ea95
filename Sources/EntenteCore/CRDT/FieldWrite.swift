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
    /// The log position of the change that made it, in the replica that holds it (local: not
    /// part of the state, only how the replica finds that change's past).
    public var position: Int

    public init(tag: WriteTag, timestamp: HybridTimestamp, value: Value, position: Int) {
        self.tag = tag
        self.timestamp = timestamp
        self.value = value
        self.position = position
    }

    /// The displayed winner among concurrent siblings comes first: highest timestamp, then
    /// highest write tag (change id, operation). A total, replica-independent order.
    public static func displayOrder(_ lhs: FieldWrite, _ rhs: FieldWrite) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp > rhs.timestamp }
        return lhs.tag > rhs.tag
    }

    /// Equal when the writes are (the position differs between replicas).
    public static func == (lhs: FieldWrite, rhs: FieldWrite) -> Bool {
        lhs.tag == rhs.tag && lhs.timestamp == rhs.timestamp && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.tag)
        hasher.combine(self.timestamp)
        hasher.combine(self.value)
    }
}

/// A record's identity and birth.
public struct RecordHeader: Hashable, Sendable {
    public var id: RecordID
    public var kind: String
    public var createdBy: WriteTag
    public var createdAt: HybridTimestamp
    /// The log position of the creating change in this replica (local).
    public var position: Int

    public init(id: RecordID, kind: String, createdBy: WriteTag, createdAt: HybridTimestamp, position: Int) {
        self.id = id
        self.kind = kind
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.position = position
    }

    /// Equal when the records are (the position differs between replicas).
    public static func == (lhs: RecordHeader, rhs: RecordHeader) -> Bool {
        lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.createdBy == rhs.createdBy && lhs.createdAt == rhs.createdAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.id)
        hasher.combine(self.kind)
        hasher.combine(self.createdBy)
        hasher.combine(self.createdAt)
    }
}

/// An author who signed changes that did not see each other: two or more applied changes at
/// one `seq` (a copied folder, a restored backup, a stolen key). All of them take effect; the
/// fork is kept as evidence of what the device did (`Protocol/CHANGES.md`, "Forks").
public struct Fork: Hashable, Sendable {
    public var author: AuthorKey
    public var seq: UInt64
    /// The changes at that place, ascending by id.
    public var changes: [ChangeID]

    public init(author: AuthorKey, seq: UInt64, changes: [ChangeID]) {
        self.author = author
        self.seq = seq
        self.changes = changes.sorted()
    }
}
