/// What needs the collective's attention now (`entente status`): unacknowledged
/// expectations, commitments due or overdue, concurrent edits in conflict, diverging phase
/// perceptions, open high risks and value disagreements.
///
/// Pure: the caller passes `today` (and the end of the "due soon" window), so the same records
/// and dates always give the same answer.
public struct Attention: Hashable, Sendable {
    /// An expectation, and the active members who have not acknowledged it.
    public struct Unacknowledged: Hashable, Sendable {
        public var expectation: RecordID
        public var missing: [RecordID]

        public init(expectation: RecordID, missing: [RecordID]) {
            self.expectation = expectation
            self.missing = missing
        }
    }

    /// A register field with concurrent values.
    public struct Conflict: Hashable, Sendable {
        public var record: RecordID
        public var kind: String
        public var field: String
        public var values: [Value]
    }

    public var today: String
    public var unacknowledged: [Unacknowledged]
    public var deadlines: CommitmentDeadlines
    public var conflicts: [Conflict]
    public var phases: PhaseReport
    public var highRisks: [RecordID]
    public var valueDisagreements: ValueDisagreementReport
    /// Open decisions someone has not given a stance on, or that a block stops; adopted ones
    /// whose review date has come.
    public var decisions: [DecisionReport.Item]
    /// Engagements to renew: their `renewOn` is within the "soon" window or past (lapsed).
    public var renewals: [Renewal]

    /// Stages and exit terms whose review date has come (decisions are in ``decisions``).
    public var reviews: [Review]

    public struct Review: Hashable, Sendable {
        public var record: RecordID
        /// `stage` or `exitTerms`.
        public var kind: String
        public var reviewOn: String
    }

    public struct Renewal: Hashable, Sendable {
        public var engagement: RecordID
        public var renewOn: String
        /// The date has passed: the engagement has lapsed until renewed.
        public var lapsed: Bool
    }

    /// How many items need attention.
    public var count: Int {
        self.unacknowledged.count + self.deadlines.items.count + self.conflicts.count
            + (self.phases.disagreement ? 1 : 0) + self.highRisks.count + self.valueDisagreements.flagged.count
            + self.decisions.count + self.renewals.count + self.reviews.count
    }

    public init(records: [RecordState], today: String, soonUntil: String? = nil,
                valueThreshold: Double = ValueDisagreementReport.defaultThreshold) {
        self.init(vision: Vision(records: records, today: today), today: today, soonUntil: soonUntil, valueThreshold: valueThreshold)
    }

    /// What needs attention on `today` in a vision already read: itself when it was read as
    /// of that date (who has left, whose engagement lapsed), else read again as of it.
    public init(vision: Vision, today: String, soonUntil: String? = nil,
                valueThreshold: Double = ValueDisagreementReport.defaultThreshold) {
        let vision = vision.today == today ? vision : Vision(records: vision.records, today: today)
        let records = vision.records
        self.today = today
        self.unacknowledged = vision.expectations.filter { $0.status != .agreed }.compactMap { expectation in
            let missing = expectation.missingAcknowledgements(among: vision.members)
            return missing.isEmpty ? nil : Unacknowledged(expectation: expectation.id, missing: missing)
        }
        self.deadlines = CommitmentDeadlines(records: records, today: today, soonUntil: soonUntil)
        self.conflicts = vision.records.filter { !$0.isArchived }.flatMap { record in
            record.conflictedFields.map { field in
                Conflict(record: record.id, kind: record.kind, field: field, values: (record.registers[field] ?? []).map(\.value))
            }
        }
        self.phases = PhaseReport(records: records, today: today)
        self.highRisks = Risk.openHigh(records).map(\.id)
        self.valueDisagreements = ValueDisagreementReport(records: records, threshold: valueThreshold)
        let until = soonUntil ?? today
        self.renewals = vision.engagements.filter { $0.engaged && vision.member($0.member)?.isActive != false }.compactMap { engagement in
            guard let date = engagement.renewOn, !bytesPrecede(until, date) else { return nil }
            return Renewal(engagement: engagement.id, renewOn: date, lapsed: bytesPrecede(date, today))
        }
        let stageReviews = vision.stages.filter { $0.status != .done }.compactMap { stage in
            stage.reviewOn.flatMap { !bytesPrecede(today, $0) ? Review(record: stage.id, kind: RecordKind.stage, reviewOn: $0) : nil }
        }
        let termReviews = ExitTerms.current(in: records).compactMap { terms in
            terms.reviewOn.flatMap { !bytesPrecede(today, $0) ? Review(record: terms.id, kind: RecordKind.exitTerms, reviewOn: $0) : nil }
        }
        self.reviews = stageReviews + termReviews
        self.decisions = DecisionReport(vision, today: today).items.filter { item in
            item.reviewDue || (vision.decisions.first { $0.id == item.decision }?.status.isOpen == true && (!item.waitingFor.isEmpty || item.blocked))
        }
    }
}
