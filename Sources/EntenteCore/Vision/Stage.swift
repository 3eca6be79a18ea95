/// One stage of the partnership's plan ("définir les entrées et les sorties par étapes").
///
/// Fields: `title` (string), `goal` (string), `position` (string: a ``FractionalIndex`` key),
/// `entryConditions` (string), `exitConditions` (string), `start` and `end` (ISO dates),
/// `status` (string, one of ``Status``), `reviewOn` (ISO date of the next review; null once
/// cleared), `archived` (bool).
///
/// Stages are shown in ``Stage/planOrder(_:_:)``: by position key, ties (two peers inserting
/// at the same place) broken by record id.
public struct Stage: Hashable, Sendable {
    public enum Field {
        public static let title = "title"
        public static let goal = "goal"
        public static let position = "position"
        public static let entryConditions = "entryConditions"
        public static let exitConditions = "exitConditions"
        public static let start = "start"
        public static let end = "end"
        public static let status = "status"
        /// YYYY-MM-DD: when the collective reviews this stage (its conditions, who is in).
        public static let reviewOn = "reviewOn"
    }

    public enum Status: String, CaseIterable, Sendable {
        case planned, active, done
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var title: String { self.record.string(Field.title) ?? "(untitled stage)" }
    public var goal: String? { self.record.text(Field.goal) }
    public var position: String { self.record.string(Field.position) ?? "" }
    public var entryConditions: String? { self.record.text(Field.entryConditions) }
    public var exitConditions: String? { self.record.text(Field.exitConditions) }
    public var start: String? { self.record.text(Field.start) }
    public var end: String? { self.record.text(Field.end) }
    public var status: Status { self.record.choice(Field.status, Status.planned) }
    public var reviewOn: String? { self.record.text(Field.reviewOn) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.stage else { return nil }
        self.record = record
    }

    /// The deterministic plan order: position key bytes, then record id.
    public static func planOrder(_ lhs: Stage, _ rhs: Stage) -> Bool {
        if lhs.position != rhs.position { return bytesPrecede(lhs.position, rhs.position) }
        return lhs.id < rhs.id
    }

    /// The plan: every stage not archived, in plan order.
    public static func plan(_ records: [RecordState]) -> [Stage] {
        records.compactMap(Stage.init).filter { !$0.record.isArchived }.sorted(by: Stage.planOrder)
    }

    /// The position key for a new stage placed at `index` (0 = first) of `plan`.
    public static func position(inserting index: Int, into plan: [Stage]) -> String {
        let clamped = max(0, min(index, plan.count))
        let before = clamped > 0 ? plan[clamped - 1].position : nil
        var after: String?
        if clamped < plan.count {
            // Skip neighbours that share the previous key (concurrent inserts): no key fits
            // between equal keys, so the new stage goes after all of them.
            after = plan[clamped...].first { $0.position != before }?.position
        }
        return FractionalIndex.between(before, after)
    }
}
