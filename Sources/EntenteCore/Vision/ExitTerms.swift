extension RecordKind {
    /// What applies when a member leaves, for one kind of exit: see ``ExitTerms``.
    public static let exitTerms = "exitTerms"
}

/// The kinds of exit, agreed before anyone leaves (Slicing Pie's recovery framework): leaving
/// with or without a good reason, being excluded with or without cause.
public enum ExitKind: String, CaseIterable, Sendable {
    case goodReason = "good-reason"
    case noGoodReason = "no-good-reason"
    case excludedWithCause = "excluded-with-cause"
    case excludedWithoutCause = "excluded-without-cause"
}

/// The terms that apply for one kind of exit: a notice period, what the leaver keeps of the
/// collective's work and clients, how their contributions are settled, and the part of their
/// share they keep (`Protocol/VISION.md`, "`exitTerms`").
///
/// Fields, all fixed at creation: `kind` (``ExitKind``), `member` (ref, optional: terms of
/// one member, their own act; absent: the collective's), `stage` (ref, optional), `noticeDays`
/// (int, ≥ 0), `keeps` (string), `settlement` (string), `keepsShare` (int, thousandths of
/// their share, 0...1000), `reviewOn` (ISO date, optional). New terms replace older ones for the same (kind, member, stage).
public struct ExitTerms: Hashable, Sendable {
    public enum Field {
        public static let kind = "kind"
        public static let member = "member"
        public static let stage = "stage"
        public static let noticeDays = "noticeDays"
        public static let keeps = "keeps"
        public static let settlement = "settlement"
        public static let keepsShare = "keepsShare"
        /// YYYY-MM-DD: when the collective means to review these terms (new terms replace them).
        public static let reviewOn = "reviewOn"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var kind: ExitKind? { self.record.string(Field.kind).flatMap(ExitKind.init(rawValue:)) }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var stage: RecordID? { self.record.ref(Field.stage) }
    public var noticeDays: Int64? { self.record.int(Field.noticeDays).map { max(0, $0) } }
    public var keeps: String? { self.record.text(Field.keeps) }
    public var settlement: String? { self.record.text(Field.settlement) }
    public var keepsShare: Int64? { self.record.int(Field.keepsShare).map { min(max($0, 0), 1000) } }
    public var reviewOn: String? { self.record.text(Field.reviewOn) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.exitTerms else { return nil }
        self.record = record
    }

    /// The terms in force: the newest (creation order) per (kind, member, stage).
    public static func current(in records: [RecordState]) -> [ExitTerms] {
        var latest: [String: ExitTerms] = [:]
        for terms in records.inCreationOrder.compactMap(ExitTerms.init) where !terms.record.isArchived {
            guard let kind = terms.kind else { continue }
            latest["\(kind.rawValue)|\(terms.member?.hex ?? "")|\(terms.stage?.hex ?? "")"] = terms
        }
        return latest.values.sorted { creationOrder($0.record, $1.record) }
    }

    /// The terms that apply to `member` leaving at `stage` by `kind`: the most specific of
    /// (member and stage), (member), (stage), (the collective).
    public static func applying(to member: RecordID, stage: RecordID?, kind: ExitKind, in records: [RecordState]) -> ExitTerms? {
        let candidates = self.current(in: records).filter { $0.kind == kind }
        var order: [(member: RecordID?, stage: RecordID?)] = []
        if let stage { order.append((member, stage)) }
        order.append((member, nil))
        if let stage { order.append((nil, stage)) }
        order.append((nil, nil))
        for (who, when) in order {
            if let match = candidates.first(where: { $0.member == who && $0.stage == when }) { return match }
        }
        return nil
    }
}
