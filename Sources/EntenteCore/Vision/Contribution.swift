/// Work a member provided to the partnership.
///
/// Fields: `what` (string), `member` (record ref: who provided it), `stage` (record ref,
/// optional), `effort` (int: hours), `archived` (bool).
public struct Contribution: Hashable, Sendable {
    public enum Field {
        public static let what = "what"
        public static let member = "member"
        public static let stage = "stage"
        public static let effort = "effort"
        /// billable (default), commons, care or cash (``ContributionType``).
        public static let type = "type"
        /// For cash: the amount put in, in the value rule's minor units.
        public static let amount = "amount"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var what: String { self.record.string(Field.what) ?? "" }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var stage: RecordID? { self.record.ref(Field.stage) }
    public var effort: Int64? { self.record.int(Field.effort) }
    public var type: ContributionType { self.record.choice(Field.type, ContributionType.billable) }
    public var amount: Int64? { self.record.int(Field.amount) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.contribution else { return nil }
        self.record = record
    }
}

/// One member's own valuation of a contribution.
///
/// Fields: `contribution` (record ref), `member` (record ref: who values), `value` (int: the
/// worth they give it, in the collective's unit, e.g. euros or points), `note` (string),
/// `archived` (bool). One per (contribution, member): the CLI updates the existing record; if
/// two were created at once, the newest (creation time, then id) counts everywhere.
public struct Valuation: Hashable, Sendable {
    public enum Field {
        public static let contribution = "contribution"
        public static let member = "member"
        public static let value = "value"
        public static let note = "note"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var contribution: RecordID? { self.record.ref(Field.contribution) }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var value: Int64? { self.record.int(Field.value) }
    public var note: String? { self.record.text(Field.note) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.valuation else { return nil }
        self.record = record
    }

    /// The valuation that counts for each (contribution, member).
    public static func current(in records: [RecordState]) -> [Valuation] {
        var latest: [[RecordID]: Valuation] = [:]
        for valuation in records.inCreationOrder.compactMap(Valuation.init) where !valuation.record.isArchived {
            guard let contribution = valuation.contribution, let member = valuation.member, valuation.value != nil else { continue }
            latest[[contribution, member]] = valuation
        }
        return latest.values.sorted { creationOrder($0.record, $1.record) }
    }
}
