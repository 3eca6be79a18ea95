/// Collects the operations of one local change: one user command, one change.
///
/// It knows the sequence number the change will get, so records it creates get their final
/// ids at once:
/// ```swift
/// let change = try replica.commit(message: "Alice joins") { change in
///     let alice = change.create("member")
///     change.set(alice, "name", .string("Alice"))
/// }
/// ```
public struct ChangeBuilder {
    public let author: AuthorKey
    public let seq: UInt64
    public private(set) var operations: [ChangeOperation] = []

    public init(author: AuthorKey, seq: UInt64) {
        self.author = author
        self.seq = seq
    }

    /// Creates a record of `kind` and returns its id.
    @discardableResult
    public mutating func create(_ kind: String) -> RecordID {
        let id = RecordID.derive(author: self.author, seq: self.seq, opIndex: UInt32(self.operations.count))
        self.operations.append(.create(record: id, kind: kind))
        return id
    }

    public mutating func set(_ record: RecordID, _ field: String, _ value: Value) {
        self.operations.append(.set(record: record, field: field, value: value))
    }

    public mutating func add(_ record: RecordID, _ field: String, _ element: Value) {
        self.operations.append(.add(record: record, field: field, element: element))
    }

    public mutating func remove(_ record: RecordID, _ field: String, _ element: Value) {
        self.operations.append(.remove(record: record, field: field, element: element))
    }
}

extension Merge {
    /// Builds, signs and applies a local change on top of everything `storage` holds.
    ///
    /// - Throws: ``ChangeError`` if the operations break a rule (nothing is written), or the
    ///   storage's errors.
    public static func commit(
        collective: CollectiveID, identity: SigningIdentity, message: String, now: UInt64,
        into storage: inout some ReplicaStorage, _ build: (inout ChangeBuilder) throws -> Void
    ) throws -> SignedChange {
        let author = identity.author
        let head = try storage.head(of: author)
        var builder = ChangeBuilder(author: author, seq: (head?.seq ?? 0) + 1)
        try build(&builder)
        var clock = try storage.clock()
        let timestamp = clock.tick(now: now)
        try storage.setClock(clock)
        let change = Change(
            collective: collective, author: author, seq: builder.seq, previous: head?.id ?? .none,
            timestamp: timestamp, context: try storage.versionVector(), message: message,
            operations: builder.operations)
        let signed = try SignedChange(signing: change, with: identity)
        try self.apply(signed, to: &storage, now: now)
        try storage.finish()
        return signed
    }
}
