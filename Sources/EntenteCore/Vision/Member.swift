/// A member of the collective, as read from a `member` record.
///
/// Fields: `name` (string), `key` (bytes: the Ed25519 author key of their device, if they have
/// a replica), `noiseKey` (bytes: their X25519 static key, bound to `key` because the member's
/// own signed change sets both), `archived` (bool).
public struct Member: Hashable, Sendable {
    public enum Field {
        public static let name = "name"
        public static let key = "key"
        public static let noiseKey = "noiseKey"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var name: String { self.record.string(Field.name) ?? "(unnamed)" }
    public var key: AuthorKey? { self.record[Field.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) }
    public var noiseKey: [UInt8]? { self.record[Field.noiseKey]?.rawBytes }

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
