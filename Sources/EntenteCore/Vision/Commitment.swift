/// Who commits to what, towards whom, by when: the heart of "who committed what".
///
/// Fields: `what` (string), `by` (record ref to a member), `towards` (add-wins set of member
/// refs; empty means the whole collective), `due` (ISO date string `YYYY-MM-DD`),
/// `status` (string, one of ``Status``), `acceptedBy` (add-wins set of member refs),
/// `archived` (bool). Every status write is attributed by its change.
public struct Commitment: Hashable, Sendable {
    public enum Field {
        public static let what = "what"
        public static let by = "by"
        public static let towards = "towards"
        public static let due = "due"
        public static let status = "status"
        public static let acceptedBy = "acceptedBy"
        public static let stage = "stage"
    }

    public enum Status: String, CaseIterable, Sendable {
        case proposed, accepted, done, dropped, broken
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var what: String { self.record.string(Field.what) ?? "" }
    public var by: RecordID? { self.record[Field.by]?.recordID }
    public var towards: [RecordID] { self.record.elements(Field.towards).compactMap(\.recordID) }
    public var due: String? { self.record.string(Field.due) }
    public var status: Status { self.record.string(Field.status).flatMap(Status.init(rawValue:)) ?? .proposed }
    public var acceptedBy: [RecordID] { self.record.elements(Field.acceptedBy).compactMap(\.recordID) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.commitment else { return nil }
        self.record = record
    }
}
