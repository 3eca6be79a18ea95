import EntenteActions
import EntenteCore

/// The JSON shape of a contribution with its valuations (`entente contribution list --json`).
struct ContributionShape: Encodable {
    struct ValuationShape: Encodable {
        @Nullable var member: String?
        var memberName: String
        var value: Int64
        @Nullable var note: String?
    }

    var id: String
    var what: String
    @Nullable var member: String?
    var memberName: String
    @Nullable var stage: String?
    @Nullable var stageTitle: String?
    @Nullable var effortHours: Int64?
    var valuations: [ValuationShape]
    /// `(highest − lowest) / highest` when at least two members valued it.
    @Nullable var divergence: Double?
    var valueDisagreement: Bool
    var type: String
    /// For cash, in the value rule's minor units.
    @Nullable var amount: Int64?
    /// What the value rule in force makes it worth, in minor units.
    @Nullable var ruleValue: Int64?
    /// Members whose valuation is off the rule.
    var offRule: [String]

    init(_ contribution: Contribution, _ vision: Vision, _ report: ValueDisagreementReport) {
        self.id = contribution.id.hex
        self.what = contribution.what
        self.member = contribution.member?.hex
        self.memberName = vision.name(contribution.member)
        self.stage = contribution.stage?.hex
        self.stageTitle = contribution.stage.map { Names.stage($0, vision) }
        self.effortHours = contribution.effort
        self.valuations = vision.valuations.filter { $0.contribution == contribution.id }.map {
            ValuationShape(member: $0.member?.hex, memberName: vision.name($0.member), value: $0.value ?? 0, note: $0.note)
        }
        let item = report.items.first { $0.contribution == contribution.id }
        self.divergence = item.flatMap { $0.valuations.count >= 2 ? ($0.divergence * 1000).rounded() / 1000 : nil }
        self.valueDisagreement = item?.flagged ?? false
        self.type = contribution.type.rawValue
        self.amount = contribution.amount
        self.ruleValue = item?.ruleValue ?? ValueRule.inForce(vision).flatMap { $0.value(of: contribution) }
        self.offRule = (item?.offRule ?? []).map { vision.name($0) }
    }
}
