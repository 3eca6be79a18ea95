import EntenteActions
import EntenteCore

/// The JSON shape of a phase check-in.
struct PhaseCheckInShape: Encodable {
    var id: String
    @Nullable var member: String?
    var memberName: String
    var date: String
    var phase: String
    @Nullable var note: String?

    init(_ checkIn: PhaseCheckIn, _ vision: Vision) {
        self.id = checkIn.id.hex
        self.member = checkIn.member?.hex
        self.memberName = vision.name(checkIn.member)
        self.date = checkIn.date
        self.phase = checkIn.phase?.rawValue ?? "unknown"
        self.note = checkIn.note
    }
}

/// The JSON shape of the collective phase view (`entente phase list --json`).
struct PhaseReportShape: Encodable {
    struct Perception: Encodable {
        var phase: String
        var members: [String]
    }

    var latest: [PhaseCheckInShape]
    var perceptions: [Perception]
    var disagreement: Bool
    @Nullable var consensus: String?
    var timeline: [PhaseCheckInShape]

    init(_ report: PhaseReport, _ vision: Vision) {
        self.latest = report.latest.map { PhaseCheckInShape($0, vision) }
        self.perceptions = report.perceptions.map { Perception(phase: $0.phase.rawValue, members: $0.members.map { vision.name($0) }) }
        self.disagreement = report.disagreement
        self.consensus = report.consensus?.rawValue
        self.timeline = report.timeline.map { PhaseCheckInShape($0, vision) }
    }
}
