/// A member of the collective, as read from a `member` record.
///
/// Fields: `name` (string), `key` (bytes: the Ed25519 author key of their device, if they have
/// a replica), `noiseKey` (bytes: their X25519 static key, bound to `key` because the member's
/// own signed change sets both), `enteredAt` (record ref to the stage at which they entered),
/// `leftAt` (record ref to the stage at which they left), `leftOn` (ISO date they left),
/// `exitTerms` (string: the terms of their exit), `archived` (bool).
///
/// Leaving is an event recorded in fields (`leftOn`, `leftAt`, `exitTerms`), never a deletion:
/// a member who left keeps their history and is listed as such.
public struct Member: Hashable, Sendable {
    public enum Field {
        public static let name = "name"
        public static let key = "key"
        public static let noiseKey = "noiseKey"
        public static let enteredAt = "enteredAt"
        public static let leftAt = "leftAt"
        public static let leftOn = "leftOn"
        public static let exitTerms = "exitTerms"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var name: String { self.record.string(Field.name) ?? "(unnamed)" }
    public var key: AuthorKey? { self.record[Field.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) }
    public var noiseKey: [UInt8]? { self.record[Field.noiseKey]?.rawBytes }
    public var enteredAt: RecordID? { self.record.ref(Field.enteredAt) }
    public var leftAt: RecordID? { self.record.ref(Field.leftAt) }
    public var leftOn: String? { self.record.text(Field.leftOn) }
    public var exitTerms: String? { self.record.text(Field.exitTerms) }

    /// Whether the member has left (a recorded exit date or exit stage).
    public var hasLeft: Bool { self.leftOn != nil || self.leftAt != nil }

    /// Whether the member takes part now: neither archived nor gone.
    public var isActive: Bool { !self.record.isArchived && !self.hasLeft }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.member else { return nil }
        self.record = record
    }
}

/// Names the authors of changes: author key -> member name.
public struct Directory: Sendable {
    public private(set) var members: [Member]
    private var byKey: [AuthorKey: Member] = [:]

    public init(records: [RecordState]) {
        self.members = records.compactMap(Member.init)
        for member in self.members {
            if let key = member.key { self.byKey[key] = member }
        }
    }

    public func member(for author: AuthorKey) -> Member? { self.byKey[author] }

    /// The member's name, or the key's short form when no member record names it.
    public func name(of author: AuthorKey) -> String {
        self.byKey[author]?.name ?? "key " + author.short
    }
}
