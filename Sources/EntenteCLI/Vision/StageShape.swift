import EntenteActions
import EntenteCore

/// The JSON shape of a stage with its engagements (`entente stage list --json`).
struct StageShape: Encodable {
    struct EngagementShape: Encodable {
        var id: String
        @Nullable var member: String?
        var memberName: String
        var engaged: Bool
        @Nullable var entryTerms: String?
        @Nullable var exitTerms: String?
        @Nullable var renewOn: String?
        /// Engaged, but the renewal date has passed as of the reader's date.
        var lapsed: Bool
    }

    var id: String
    var order: Int
    var position: String
    var title: String
    @Nullable var goal: String?
    @Nullable var entryConditions: String?
    @Nullable var exitConditions: String?
    @Nullable var start: String?
    @Nullable var end: String?
    var status: String
    @Nullable var reviewOn: String?
    var engagements: [EngagementShape]
    var conflicts: [String]

    init(_ stage: Stage, order: Int, _ vision: Vision) {
        self.id = stage.id.hex
        self.order = order
        self.position = stage.position
        self.title = stage.title
        self.goal = stage.goal
        self.entryConditions = stage.entryConditions
        self.exitConditions = stage.exitConditions
        self.start = stage.start
        self.end = stage.end
        self.status = stage.status.rawValue
        self.reviewOn = stage.reviewOn
        self.engagements = vision.engagements(of: stage.id).map {
            EngagementShape(id: $0.id.hex, member: $0.member?.hex, memberName: vision.name($0.member), engaged: $0.engaged,
                            entryTerms: $0.entryTerms, exitTerms: $0.exitTerms, renewOn: $0.renewOn,
                            lapsed: $0.engaged && $0.isLapsed(on: vision.today))
        }
        self.conflicts = stage.record.conflictedFields
    }

    /// Every stage of the plan, numbered from 1.
    static func plan(_ vision: Vision) -> [StageShape] {
        vision.stages.enumerated().map { StageShape($1, order: $0 + 1, vision) }
    }
}
