import EntenteActions
import EntenteCore

/// The JSON shape of one complementarity entry (`entente strength list --json`).
struct ComplementarityShape: Encodable {
    var id: String
    @Nullable var member: String?
    var memberName: String
    var area: String
    var type: String
    @Nullable var note: String?

    init(_ entry: Complementarity, _ vision: Vision) {
        self.id = entry.id.hex
        self.member = entry.member?.hex
        self.memberName = vision.name(entry.member)
        self.area = entry.area
        self.type = entry.kind.rawValue
        self.note = entry.note
    }
}

/// The JSON shape of the complementarity report (`entente strength report --json`).
struct ComplementarityReportShape: Encodable {
    struct Cell: Encodable {
        var member: String
        var kinds: [String]
    }
    struct Row: Encodable {
        var area: String
        var cells: [Cell]
    }
    struct Coverage: Encodable {
        var area: String
        var member: String
        var type: String
        var coveredBy: [String]
    }

    var members: [String]
    var areas: [String]
    var matrix: [Row]
    var coverage: [Coverage]
    var gaps: [Coverage]

    init(_ report: ComplementarityReport, _ vision: Vision) {
        self.members = report.members.map { vision.name($0) }
        self.areas = report.areas
        self.matrix = report.areas.map { area in
            Row(area: area, cells: report.members.map { member in
                Cell(member: vision.name(member), kinds: report.kinds(area: area, member: member).map(\.rawValue))
            })
        }
        let coverage = { (item: ComplementarityReport.Coverage) in
            Coverage(area: item.area, member: vision.name(item.member), type: item.kind.rawValue,
                     coveredBy: item.coveredBy.map { vision.name($0) })
        }
        self.coverage = report.coverage.map(coverage)
        self.gaps = report.gaps.map(coverage)
    }
}
