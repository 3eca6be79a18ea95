extension RecordKind {
    /// A proposal the collective decides on: see ``Decision``.
    public static let decision = "decision"
    /// One member's stance on a decision: see ``Stance``.
    public static let stance = "stance"
}

/// A proposal and what became of it (`Protocol/VISION.md`, "`decision`"), as Loomio and
/// Sociocracy 3.0 practise it: the proposal, its driver (why it is needed), the options, each
/// member's stance, then an outcome and a date to review it.
///
/// Fields: `text`, `driver` (strings), `options` (add-wins set of strings), `proposedBy`
/// (member ref, the author's own), `status` (open, adopted, rejected, withdrawn), `outcome`
/// (string), `reviewOn` (YYYY-MM-DD), `meeting` (ref: the meeting it was taken in), `links`
/// (add-wins set of refs: a stage, a commitment, a member), `archived`. Every field but
/// `links` is the proposer's own.
public struct Decision: Hashable, Sendable {
    public enum Field {
        public static let text = "text"
        public static let driver = "driver"
        public static let options = "options"
        public static let proposedBy = "proposedBy"
        public static let status = "status"
        public static let outcome = "outcome"
        public static let reviewOn = "reviewOn"
        public static let meeting = "meeting"
        public static let links = "links"
    }

    public enum Status: String, CaseIterable, Sendable {
        case open, adopted, rejected, withdrawn

        /// Whether stances may still be given.
        public var isOpen: Bool { self == .open }
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var text: String { self.record.string(Field.text) ?? "" }
    public var driver: String? { self.record.text(Field.driver) }
    public var options: [String] {
        self.record.elements(Field.options).compactMap(\.string).sorted(by: bytesPrecede)
    }
    public var proposedBy: RecordID? { self.record.ref(Field.proposedBy) }
    public var status: Status { self.record.choice(Field.status, Status.open) }
    public var outcome: String? { self.record.text(Field.outcome) }
    public var reviewOn: String? { self.record.text(Field.reviewOn) }
    public var meeting: RecordID? { self.record.ref(Field.meeting) }
    public var links: [RecordID] { self.record.refs(Field.links) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.decision else { return nil }
        self.record = record
    }
}

/// One member's stance on a decision. A stance record is written whole, once, by its member
/// (every field fixed at creation); changing one's mind, or withdrawing, is a new stance, and
/// the newest (creation time, then id) counts.
///
/// Fields: `decision` (ref), `member` (ref, the author's own), `position` (agree, abstain,
/// object, block, withdrawn), `reason` (string, required to object or block), `option`
/// (string: the option chosen, when the decision has options).
public struct Stance: Hashable, Sendable {
    public enum Field {
        public static let decision = "decision"
        public static let member = "member"
        public static let position = "position"
        public static let reason = "reason"
        public static let option = "option"
    }

    public enum Position: String, CaseIterable, Sendable {
        case agree, abstain, object, block, withdrawn

        /// Objecting and blocking must say why.
        public var needsReason: Bool { self == .object || self == .block }
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var decision: RecordID? { self.record.ref(Field.decision) }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var position: Position? { self.record.string(Field.position).flatMap(Position.init(rawValue:)) }
    public var reason: String? { self.record.text(Field.reason) }
    public var option: String? { self.record.text(Field.option) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.stance else { return nil }
        self.record = record
    }

    /// Each member's stance that counts, per decision: the newest; a withdrawn one counts as
    /// none.
    public static func current(in records: [RecordState]) -> [Stance] {
        var latest: [[RecordID]: Stance] = [:]
        for stance in records.inCreationOrder.compactMap(Stance.init) {
            guard let decision = stance.decision, let member = stance.member, stance.position != nil else { continue }
            latest[[decision, member]] = stance
        }
        return latest.values.filter { $0.position != .withdrawn }.sorted { creationOrder($0.record, $1.record) }
    }
}

/// Where each decision stands: who agrees, who objects and why, whether a block stops it,
/// who has not said, and which adopted decisions are due for review.
public struct DecisionReport: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var decision: RecordID
        public var stances: [Stance]
        /// Active members who have given no stance (for open decisions).
        public var waitingFor: [RecordID]
        /// A single block stops a proposal.
        public var blocked: Bool
        public var objections: Int
        /// Adopted and its review date has come.
        public var reviewDue: Bool
        /// Counts per option, for decisions with options.
        public var chosen: [String: Int]
    }

    public var items: [Item]

    public init(records: [RecordState], today: String) {
        self.init(Vision(records: records, today: today), today: today)
    }

    /// The report of a vision already read (what ``Attention`` and ``PartnershipHealth`` hold).
    public init(_ vision: Vision, today: String) {
        let stances = vision.stances
        let active = vision.activeMembers.map(\.id)
        self.items = vision.decisions.map { decision in
            let own = stances.filter { $0.decision == decision.id }
            let said = Set(own.compactMap(\.member))
            var chosen: [String: Int] = [:]
            for stance in own { if let option = stance.option { chosen[option, default: 0] += 1 } }
            return Item(
                decision: decision.id, stances: own,
                waitingFor: decision.status.isOpen ? active.filter { !said.contains($0) } : [],
                blocked: own.contains { $0.position == .block },
                objections: own.filter { $0.position == .object }.count,
                reviewDue: decision.status == .adopted && (decision.reviewOn.map { !bytesPrecede(today, $0) } ?? false),
                chosen: chosen)
        }
    }

    public func item(_ decision: RecordID) -> Item? { self.items.first { $0.decision == decision } }
}
