/// A risk to the partnership ("identifier et gérer les zones de risques").
///
/// Fields: `zone` (string, one of ``Zone``), `description` (string), `likelihood` and
/// `impact` (int, 1 to 5), `owner` (record ref to a member), `mitigation` (string), `status`
/// (string, one of ``Status``), `raisedBy` (record ref to a member), `raisedOn` (ISO date),
/// `archived` (bool).
public struct Risk: Hashable, Sendable {
    public enum Field {
        public static let zone = "zone"
        public static let description = "description"
        public static let likelihood = "likelihood"
        public static let impact = "impact"
        public static let owner = "owner"
        public static let mitigation = "mitigation"
        public static let status = "status"
        public static let raisedBy = "raisedBy"
        public static let raisedOn = "raisedOn"
    }

    /// The zones where partnerships fail, after the seed: defections, lack of distance
    /// (partnering with friends), disagreement on the value of the work provided and on the
    /// evaluation of the results.
    public enum Zone: String, CaseIterable, Sendable {
        case defection
        case lackOfDistance = "lack-of-distance"
        case valueOfWork = "value-of-work"
        case evaluationOfResults = "evaluation-of-results"
        case other
    }

    public enum Status: String, CaseIterable, Sendable {
        case open, mitigated, closed
    }

    /// The scale of likelihood and impact.
    public static let scale: ClosedRange<Int64> = 1...5
    /// A risk is high when likelihood × impact reaches this score.
    public static let highScore: Int64 = 12

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var zone: Zone { self.record.choice(Field.zone, Zone.other) }
    public var description: String { self.record.string(Field.description) ?? "" }
    /// Likelihood, clamped to 1...5 (a peer may have written anything); while members
    /// disagree (concurrent siblings), the highest, so a risk in conflict counts at its highest
    /// score until someone settles it.
    public var likelihood: Int64 { Self.highest(self.record, Field.likelihood) }
    /// Impact, clamped to 1...5; the highest while in conflict.
    public var impact: Int64 { Self.highest(self.record, Field.impact) }
    public var owner: RecordID? { self.record.ref(Field.owner) }
    public var mitigation: String? { self.record.text(Field.mitigation) }
    public var status: Status { self.record.choice(Field.status, Status.open) }
    public var raisedBy: RecordID? { self.record.ref(Field.raisedBy) }
    public var raisedOn: String? { self.record.text(Field.raisedOn) }

    public var score: Int64 { self.likelihood * self.impact }
    public var isHigh: Bool { self.score >= Self.highScore }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.risk else { return nil }
        self.record = record
    }

    /// Open, not archived, high risks, highest score first.
    public static func openHigh(_ records: [RecordState]) -> [Risk] {
        records.compactMap(Risk.init)
            .filter { !$0.record.isArchived && $0.status == .open && $0.isHigh }
            .sorted { ($1.score, $0.id) < ($0.score, $1.id) }
    }

    private static func highest(_ record: RecordState, _ field: String) -> Int64 {
        let values = record.siblings(field).map { Self.clamp($0.int) }
        return values.max() ?? Self.clamp(nil)
    }

    private static func clamp(_ value: Int64?) -> Int64 {
        min(max(value ?? Self.scale.lowerBound, Self.scale.lowerBound), Self.scale.upperBound)
    }
}
