/// A member's perception, at a date, of the phase the partnership is in ("euphorie, crise,
/// performance": "mieux vaut savoir dans quel cycle on se trouve").
///
/// Fields: `member` (record ref), `date` (ISO date), `phase` (string, one of ``Phase``),
/// `note` (string), `archived` (bool).
public struct PhaseCheckIn: Hashable, Sendable {
    public enum Field {
        public static let member = "member"
        public static let date = "date"
        public static let phase = "phase"
        public static let note = "note"
    }

    public enum Phase: String, CaseIterable, Sendable {
        case euphoria, crisis, performance
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var date: String { self.record.string(Field.date) ?? "" }
    public var phase: Phase? { self.record.string(Field.phase).flatMap(Phase.init(rawValue:)) }
    public var note: String? { self.record.text(Field.note) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.phaseCheckIn else { return nil }
        self.record = record
    }

    /// Timeline order: date, then creation, then id.
    public static func timelineOrder(_ lhs: PhaseCheckIn, _ rhs: PhaseCheckIn) -> Bool {
        if lhs.date != rhs.date { return bytesPrecede(lhs.date, rhs.date) }
        return creationOrder(lhs.record, rhs.record)
    }
}

/// The collective view of phase check-ins: each member's latest perception, the timeline,
/// and whether members disagree.
public struct PhaseReport: Hashable, Sendable {
    /// Every valid check-in, oldest first.
    public var timeline: [PhaseCheckIn]
    /// Each active member's latest check-in, in member order.
    public var latest: [PhaseCheckIn]

    /// The phases members currently perceive, each with who perceives it.
    public var perceptions: [(phase: PhaseCheckIn.Phase, members: [RecordID])] {
        PhaseCheckIn.Phase.allCases.compactMap { phase in
            let members = self.latest.filter { $0.phase == phase }.compactMap(\.member)
            return members.isEmpty ? nil : (phase, members)
        }
    }

    /// Members disagree when their latest perceptions name more than one phase.
    public var disagreement: Bool { Set(self.latest.compactMap(\.phase)).count > 1 }

    /// The phase every member perceives, when they agree and at least one checked in.
    public var consensus: PhaseCheckIn.Phase? {
        let phases = Set(self.latest.compactMap(\.phase))
        return phases.count == 1 ? phases.first : nil
    }

    /// The perceptions of the members active as of `today` (see ``Member/today``).
    public init(records: [RecordState], today: String? = nil) {
        let members = Directory(records: records, today: today).members.filter(\.isActive)
        let timeline = records.compactMap(PhaseCheckIn.init)
            .filter { !$0.record.isArchived && $0.phase != nil && $0.member != nil }
            .sorted(by: PhaseCheckIn.timelineOrder)
        self.timeline = timeline
        self.latest = members.compactMap { member in timeline.last { $0.member == member.id } }
    }
}
