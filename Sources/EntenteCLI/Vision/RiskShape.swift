import EntenteActions
import EntenteCore

/// The JSON shape of a risk (`entente risk list --json`).
struct RiskShape: Encodable {
    var id: String
    var zone: String
    var description: String
    var likelihood: Int64
    var impact: Int64
    var score: Int64
    var high: Bool
    @Nullable var owner: String?
    @Nullable var ownerName: String?
    @Nullable var mitigation: String?
    var status: String
    @Nullable var raisedBy: String?
    @Nullable var raisedByName: String?
    @Nullable var raisedOn: String?
    var conflicts: [String]

    init(_ risk: Risk, _ vision: Vision) {
        self.id = risk.id.hex
        self.zone = risk.zone.rawValue
        self.description = risk.description
        self.likelihood = risk.likelihood
        self.impact = risk.impact
        self.score = risk.score
        self.high = risk.isHigh
        self.owner = risk.owner?.hex
        self.ownerName = risk.owner.map { vision.name($0) }
        self.mitigation = risk.mitigation
        self.status = risk.status.rawValue
        self.raisedBy = risk.raisedBy?.hex
        self.raisedByName = risk.raisedBy.map { vision.name($0) }
        self.raisedOn = risk.raisedOn
        self.conflicts = risk.record.conflictedFields
    }
}
