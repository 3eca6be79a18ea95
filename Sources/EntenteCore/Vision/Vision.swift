/// The whole partnership vision read from a replica's records: every part of the seed as
/// typed values, with archived records left out. Pure: build it from `replica.records()`.
///
/// ```swift
/// let vision = Vision(records: try replica.records())
/// for stage in vision.stages { print(stage.title) }
/// ```
public struct Vision: Hashable, Sendable {
    public var collective: Collective?
    /// Every member, including those who left (archived ones are left out).
    public var members: [Member]
    public var expectations: [Expectation]
    public var complementarities: [Complementarity]
    /// The plan, in plan order.
    public var stages: [Stage]
    public var engagements: [Engagement]
    public var commitments: [Commitment]
    public var checkIns: [PhaseCheckIn]
    public var risks: [Risk]
    public var contributions: [Contribution]
    public var valuations: [Valuation]
    /// Proposals and their outcomes, oldest first.
    public var decisions: [Decision]
    /// Each member's stance that counts, per decision.
    public var stances: [Stance]
    /// The records this vision was read from (for name lookups and reports).
    public var records: [RecordState]
    /// Who belongs, with which devices and standing.
    public var roster: Roster
    /// The date the vision is read as of (YYYY-MM-DD): departures dated later have not
    /// happened, engagements whose renewal date has passed have lapsed. `nil`: every recorded
    /// departure counts and no engagement lapses.
    public var today: String?
    /// Where each member is in ``members`` when the vision was read: a listing names a member
    /// for each of thousands of records. Checked before use, as ``members`` may change since.
    private var memberIndex: [RecordID: Int] = [:]

    public init(records: [RecordState], today: String? = nil) {
        self.today = today
        let ordered = records.inCreationOrder
        let live = ordered.filter { !$0.isArchived }
        self.records = ordered
        self.collective = Collective.find(in: ordered)
        self.roster = Roster(records: ordered)
        self.members = Directory(records: ordered, roster: self.roster, today: today).members.filter { !$0.isArchived }
        self.memberIndex = Dictionary(self.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.expectations = live.compactMap(Expectation.init)
        self.complementarities = live.compactMap(Complementarity.init)
        self.stages = Stage.plan(ordered)
        self.engagements = Engagement.current(in: ordered)
        self.commitments = live.compactMap(Commitment.init)
        self.checkIns = live.compactMap(PhaseCheckIn.init).sorted(by: PhaseCheckIn.timelineOrder)
        self.risks = live.compactMap(Risk.init)
        self.contributions = live.compactMap(Contribution.init)
        self.valuations = Valuation.current(in: ordered)
        self.decisions = live.compactMap(Decision.init)
        self.stances = Stance.current(in: ordered)
    }

    /// Members who take part now (not archived, not gone).
    public var activeMembers: [Member] { self.members.filter(\.isActive) }

    public func member(_ id: RecordID?) -> Member? {
        guard let id else { return nil }
        if let at = self.memberIndex[id], self.members.indices.contains(at), self.members[at].id == id { return self.members[at] }
        return self.members.first { $0.id == id } ?? self.records.first { $0.id == id }.flatMap { Member($0, roster: self.roster, today: self.today) }
    }

    public func stage(_ id: RecordID?) -> Stage? {
        guard let id else { return nil }
        return self.stages.first { $0.id == id } ?? self.records.first { $0.id == id }.flatMap(Stage.init)
    }

    /// The member's name, or a short id when the reference names no member.
    public func name(_ id: RecordID?) -> String {
        guard let id else { return "-" }
        return self.member(id)?.name ?? "@" + id.short
    }

    /// The engagements of one stage that count as of ``today``: engaged and not lapsed.
    public func engaged(in stage: RecordID) -> [Engagement] {
        self.engagements(of: stage).filter { $0.isInForce(on: self.today) }
    }

    /// The engagements of one stage, in member order.
    public func engagements(of stage: RecordID) -> [Engagement] {
        let order = self.members.map(\.id)
        return self.engagements.filter { $0.stage == stage }.sorted { lhs, rhs in
            (order.firstIndex { $0 == lhs.member } ?? Int.max) < (order.firstIndex { $0 == rhs.member } ?? Int.max)
        }
    }
}
