/// A member's engagement in one stage, with their own entry and exit terms ("chacun est libre
/// de s'engager par étapes et de gérer sa sortie").
///
/// Fields: `stage` (record ref), `member` (record ref), `engaged` (bool), `entryTerms`
/// (string), `exitTerms` (string), `archived` (bool).
///
/// There should be one engagement per stage and member; if two peers created one at once,
/// ``Engagement/current(in:)`` keeps the newest record (creation time, then id) on every replica.
public struct Engagement: Hashable, Sendable {
    public enum Field {
        public static let stage = "stage"
        public static let member = "member"
        public static let engaged = "engaged"
        public static let entryTerms = "entryTerms"
        public static let exitTerms = "exitTerms"
        /// YYYY-MM-DD: the engagement lapses on this date unless renewed (Enspiral's opt-in).
        public static let renewOn = "renewOn"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var stage: RecordID? { self.record.ref(Field.stage) }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var engaged: Bool { self.record.bool(Field.engaged) ?? false }
    public var entryTerms: String? { self.record.text(Field.entryTerms) }
    public var exitTerms: String? { self.record.text(Field.exitTerms) }
    public var renewOn: String? { self.record.text(Field.renewOn) }

    /// Whether the renewal date has passed as of `today` (the engagement lapses the day after
    /// its `renewOn`). Never lapsed without a date.
    public func isLapsed(on today: String?) -> Bool {
        guard let today, let renewOn = self.renewOn else { return false }
        return bytesPrecede(renewOn, today)
    }

    /// Engaged, and not lapsed as of `today`.
    public func isInForce(on today: String?) -> Bool { self.engaged && !self.isLapsed(on: today) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.engagement else { return nil }
        self.record = record
    }

    /// The engagement that counts for each (stage, member): the newest record of each pair.
    public static func current(in records: [RecordState]) -> [Engagement] {
        var latest: [[RecordID]: Engagement] = [:]
        for engagement in records.inCreationOrder.compactMap(Engagement.init) where !engagement.record.isArchived {
            guard let stage = engagement.stage, let member = engagement.member else { continue }
            latest[[stage, member]] = engagement
        }
        return latest.values.sorted { creationOrder($0.record, $1.record) }
    }
}
