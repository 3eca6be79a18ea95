import EntenteActions
import EntenteCore

/// The JSON shape of the whole vision board (`entente show --json`, `entente export --format
/// json`). It holds only replicated data, so two replicas that hold the same changes print the
/// same bytes. `format` names this shape's version.
struct BoardShape: Encodable {
    static let format = "entente-vision/1"

    struct ValueDisagreements: Encodable {
        var threshold: Double
        var flagged: [String]
    }

    var format: String
    @Nullable var collective: CollectiveShape?
    var members: [MemberShape]
    var expectations: [ExpectationShape]
    var complementarities: [ComplementarityShape]
    var complementarityReport: ComplementarityReportShape
    var stages: [StageShape]
    var commitments: [CommitmentShape]
    var phases: PhaseReportShape
    var risks: [RiskShape]
    var contributions: [ContributionShape]
    var valueDisagreements: ValueDisagreements
    var decisions: [DecisionShape]

    init(_ vision: Vision, threshold: Double = ValueDisagreementReport.defaultThreshold) {
        let values = ValueDisagreementReport(records: vision.records, threshold: threshold)
        self.format = Self.format
        self.collective = vision.collective.map(CollectiveShape.init)
        self.members = vision.members.map { MemberShape($0, vision) }
        self.expectations = vision.expectations.map { ExpectationShape($0, vision) }
        self.complementarities = vision.complementarities.map { ComplementarityShape($0, vision) }
        self.complementarityReport = ComplementarityReportShape(ComplementarityReport(records: vision.records, today: vision.today), vision)
        self.stages = StageShape.plan(vision)
        self.commitments = vision.commitments.map { CommitmentShape($0, vision) }
        self.phases = PhaseReportShape(PhaseReport(records: vision.records, today: vision.today), vision)
        self.risks = vision.risks.map { RiskShape($0, vision) }
        self.contributions = vision.contributions.map { ContributionShape($0, vision, values) }
        self.valueDisagreements = ValueDisagreements(threshold: threshold, flagged: values.flagged.map(\.contribution.hex))
        // Replicated data only: no "today" here, so no review is due in this shape (see `status`).
        let decisions = DecisionReport(vision, today: "")
        let titles = DecisionTitles(vision)
        self.decisions = vision.decisions.map { DecisionShape($0, vision, decisions, titles: titles) }
    }
}
