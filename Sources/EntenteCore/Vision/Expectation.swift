/// An expectation, interest or concern stated by a member ("échanger sur les attentes et les
/// intérêts mutuels", "apaiser les craintes"), which the others acknowledge explicitly.
///
/// Fields: `type` (string, one of ``Kind``), `text` (string), `statedBy` (record ref to a
/// member), `acknowledgedBy` (add-wins set of member refs), `status` (string, one of
/// ``Status``), `archived` (bool).
public struct Expectation: Hashable, Sendable {
    public enum Field {
        public static let type = "type"
        public static let text = "text"
        public static let statedBy = "statedBy"
        public static let acknowledgedBy = "acknowledgedBy"
        public static let status = "status"
    }

    /// What is stated.
    public enum Kind: String, CaseIterable, Sendable {
        case expectation, interest, concern
    }

    public enum Status: String, CaseIterable, Sendable {
        case open, discussed, agreed
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var kind: Kind { self.record.choice(Field.type, Kind.expectation) }
    public var text: String { self.record.string(Field.text) ?? "" }
    public var statedBy: RecordID? { self.record.ref(Field.statedBy) }
    public var acknowledgedBy: [RecordID] { self.record.refs(Field.acknowledgedBy) }
    public var status: Status { self.record.choice(Field.status, Status.open) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.expectation else { return nil }
        self.record = record
    }

    /// The active members, other than the one who stated it, who have not acknowledged it yet
    /// (in the order of `members`).
    public func missingAcknowledgements(among members: [Member]) -> [RecordID] {
        let acknowledged = Set(self.acknowledgedBy)
        return members.filter { $0.isActive && $0.id != self.statedBy && !acknowledged.contains($0.id) }.map(\.id)
    }
}
