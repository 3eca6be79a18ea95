/// Who commits to what, towards whom, by when: the heart of "who committed what".
///
/// Fields: `what` (string), `by` (record ref to a member), `towards` (add-wins set of member
/// refs; empty means the whole collective), `stage` (record ref to a stage, optional), `due`
/// (ISO date string `YYYY-MM-DD`), `status` (string, one of ``Status``), `acceptedBy` (add-wins
/// set of member refs), `archived` (bool). Every status write is attributed by its change.
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

        /// Whether the commitment still has to be kept (proposed or accepted).
        public var isOpen: Bool { self == .proposed || self == .accepted }
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var what: String { self.record.string(Field.what) ?? "" }
    public var by: RecordID? { self.record[Field.by]?.recordID }
    public var towards: [RecordID] { self.record.elements(Field.towards).compactMap(\.recordID) }
    public var stage: RecordID? { self.record.ref(Field.stage) }
    public var due: String? { self.record.string(Field.due) }
    public var acceptedBy: [RecordID] { self.record.elements(Field.acceptedBy).compactMap(\.recordID) }
    /// The status as read (`Protocol/VISION.md`, "`commitment`"): among concurrent siblings,
    /// an ending (`done`, `dropped`, `broken`) wins over `proposed` and `accepted`, which never
    /// compete with it; `proposed` with someone in `acceptedBy` reads `accepted`.
    public var status: Status {
        let statuses = Self.statuses(self.record)
        let read = statuses.first { !$0.isOpen } ?? statuses.first ?? .proposed
        return read == .proposed && !self.acceptedBy.isEmpty ? .accepted : read
    }

    /// The siblings' statuses in display order (unknown values read as `proposed`).
    static func statuses(_ record: RecordState) -> [Status] {
        record.siblings(Field.status).map { $0.string.flatMap(Status.init(rawValue:)) ?? .proposed }
    }

    /// The distinct statuses that disagree: only endings do (`proposed` and `accepted` both
    /// say the commitment is open; who accepted it is `acceptedBy`).
    static func competingStatuses(_ record: RecordState) -> Set<Status> {
        Set(Self.statuses(record).filter { !$0.isOpen })
    }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.commitment else { return nil }
        self.record = record
    }
}

/// Open commitments that are overdue or due soon, relative to a `today` given by the caller.
public struct CommitmentDeadlines: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var commitment: RecordID
        public var due: String
        /// Whether `due` is before today (otherwise it is due within the window).
        public var overdue: Bool
    }

    public var items: [Item]
    public var overdue: [Item] { self.items.filter(\.overdue) }
    public var dueSoon: [Item] { self.items.filter { !$0.overdue } }

    /// - Parameters:
    ///   - today: today's date, `YYYY-MM-DD` (the caller reads the clock, not this code).
    ///   - soonUntil: the last date counted as "due soon" (e.g. today + 7 days); `nil` counts
    ///     only commitments due today.
    public init(records: [RecordState], today: String, soonUntil: String? = nil) {
        let horizon = soonUntil ?? today
        self.items = records.compactMap(Commitment.init)
            .filter { !$0.record.isArchived && $0.status.isOpen }
            .compactMap { commitment -> Item? in
                guard let due = commitment.due, !due.isEmpty else { return nil }
                if bytesPrecede(due, today) { return Item(commitment: commitment.id, due: due, overdue: true) }
                if !bytesPrecede(horizon, due) { return Item(commitment: commitment.id, due: due, overdue: false) }
                return nil
            }
            .sorted { ($0.due, $0.commitment) < ($1.due, $1.commitment) }
    }
}
