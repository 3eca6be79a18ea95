import EntenteActions
import EntenteCore

/// The JSON shape of a decision (`entente decision list --json`, `show --json`'s `decisions`).
struct DecisionShape: Encodable {
    struct StanceShape: Encodable {
        var member: String
        var memberName: String
        var position: String
        @Nullable var reason: String?
        @Nullable var option: String?
    }

    var id: String
    var text: String
    @Nullable var driver: String?
    var options: [String]
    @Nullable var proposedBy: String?
    @Nullable var proposedByName: String?
    var status: String
    @Nullable var outcome: String?
    @Nullable var reviewOn: String?
    var reviewDue: Bool
    @Nullable var meeting: String?
    var links: [String]
    var stances: [StanceShape]
    var waitingFor: [String]
    var blocked: Bool
    var objections: Int
    var conflicts: [String]
    /// For people: the title in the reader's language (not in JSON, which has `text`).
    var title = ""

    enum CodingKeys: String, CodingKey {
        case id, text, driver, options, proposedBy, proposedByName, status, outcome, reviewOn, reviewDue, meeting, links, stances,
             waitingFor, blocked, objections, conflicts
    }

    /// `titles`: built once for a list (``DecisionTitles`` reads every record).
    init(_ decision: Decision, _ vision: Vision, _ report: DecisionReport, titles: DecisionTitles? = nil) {
        let item = report.item(decision.id)
        self.id = decision.id.hex
        // A decision the tool made (a value rule's) is named from its rule; JSON says it in English.
        let title = (titles ?? DecisionTitles(vision)).title(decision)
        self.text = decision.text.isEmpty ? title.english : decision.text
        self.title = title.localized
        self.driver = decision.driver
        self.options = decision.options
        self.proposedBy = decision.proposedBy?.hex
        self.proposedByName = decision.proposedBy.map { vision.name($0) }
        self.status = decision.status.rawValue
        self.outcome = decision.outcome
        self.reviewOn = decision.reviewOn
        self.reviewDue = item?.reviewDue ?? false
        self.meeting = decision.meeting?.hex
        self.links = decision.links.map(\.hex)
        self.stances = (item?.stances ?? []).map { stance in
            StanceShape(member: stance.member?.hex ?? "", memberName: vision.name(stance.member), position: stance.position?.rawValue ?? "",
                        reason: stance.reason, option: stance.option)
        }
        self.waitingFor = (item?.waitingFor ?? []).map { vision.name($0) }
        self.blocked = item?.blocked ?? false
        self.objections = item?.objections ?? 0
        self.conflicts = decision.record.conflictedFields
    }
}
