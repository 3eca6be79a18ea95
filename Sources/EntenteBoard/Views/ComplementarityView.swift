import EntenteActions
import EntenteCore

/// The complementarity matrix drawn as SVG: skill areas down, members across; in each cell
/// what the member declared (strength, weakness, offer, need); every weakness or need ringed
/// green when another member's strength or offer covers it, red when nobody does (a gap).
struct ComplementarityView {
    struct Label {
        var x: Int
        var y: Int
        var text: String
    }
    struct Chip {
        var x: Int
        var y: Int
        var letter: String
        var kind: String
        var ring: String?
        var title: String
    }
    struct Gap {
        var text: String
    }

    var heading: String
    var empty: String?
    var width: Int
    var height: Int
    var columns: [Label]
    var rows: [Label]
    var lines: [Label]
    var chips: [Chip]
    var legend: [Chip]
    var gapsHeading: String
    var gaps: [Gap]
    var description: String

    static let template = """
        <section class="complementarities">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        {{^empty}}
        <svg class="matrix" role="img" aria-label="{{description}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg">
        {{#lines}}<line x1="0" x2="{{x}}" y1="{{y}}" y2="{{y}}" class="grid"/>{{/lines}}
        {{#columns}}<text x="{{x}}" y="{{y}}" class="column" text-anchor="middle">{{text}}</text>{{/columns}}
        {{#rows}}<text x="{{x}}" y="{{y}}" class="row">{{text}}</text>{{/rows}}
        {{#chips}}<g class="chip {{kind}}"><title>{{title}}</title><rect x="{{x}}" y="{{y}}" width="22" height="22" rx="4"/>{{#ring}}<rect x="{{x}}" y="{{y}}" width="22" height="22" rx="4" class="ring {{ring}}"/>{{/ring}}<text x="{{x}}" y="{{y}}" dx="11" dy="16" text-anchor="middle">{{letter}}</text></g>{{/chips}}
        </svg>
        <p class="legend">{{#legend}}<span class="key {{kind}}">{{letter}}</span> {{title}} {{/legend}}</p>
        <h3>{{gapsHeading}}</h3>
        <ul>{{#gaps}}<li>{{text}}</li>{{/gaps}}</ul>
        {{/empty}}
        </section>
        """

    static let areaColumn = 170, memberColumn = 120, rowHeight = 40, headerHeight = 36

    init(_ data: BoardData) {
        let t = data.t
        let report = ComplementarityReport(records: data.vision.records, today: data.vision.today)
        self.heading = t("Who brings what", "Qui apporte quoi")
        self.empty = report.cells.isEmpty
            ? t("No strengths, weaknesses, offers or needs declared yet (`entente strength add`).",
                "Aucune force, faiblesse, offre ou besoin déclaré pour l'instant (`entente strength add`).") : nil
        let width = Self.areaColumn + Self.memberColumn * max(1, report.members.count)
        self.width = width
        self.height = Self.headerHeight + Self.rowHeight * max(1, report.areas.count) + 8
        self.columns = report.members.enumerated().map { index, member in
            Label(x: Self.areaColumn + Self.memberColumn * index + Self.memberColumn / 2, y: 24, text: data.name(member))
        }
        self.rows = report.areas.enumerated().map { index, area in
            Label(x: 4, y: Self.headerHeight + Self.rowHeight * index + 26, text: area)
        }
        self.lines = (0...report.areas.count).map { index in Label(x: width, y: Self.headerHeight + Self.rowHeight * index, text: "") }
        var coverage: [String: Complementarity.Kind.Coverage] = [:]
        for item in report.coverage {
            coverage["\(item.area.lowercased())|\(item.member.hex)|\(item.kind.rawValue)"] = item.coveredBy.isEmpty ? .gap : .covered(item.coveredBy)
        }
        var chips: [Chip] = []
        for (row, area) in report.areas.enumerated() {
            for (column, member) in report.members.enumerated() {
                let kinds = report.kinds(area: area, member: member)
                for (slot, kind) in kinds.enumerated() {
                    let x = Self.areaColumn + Self.memberColumn * column + 8 + slot * 26
                    let y = Self.headerHeight + Self.rowHeight * row + 9
                    let state = coverage["\(area.lowercased())|\(member.hex)|\(kind.rawValue)"]
                    var title = "\(data.name(member)) · \(area) · \(t(Vocabulary.kind(kind)))"
                    var ring: String?
                    switch state {
                    case .gap?:
                        ring = "gap"
                        title += t(": nobody covers it", " : personne ne la couvre")
                    case .covered(let by)?:
                        ring = "covered"
                        title += t(": covered by \(data.names(by, empty: "-"))", " : couverte par \(data.names(by, empty: "-"))")
                    case nil:
                        break
                    }
                    chips.append(Chip(x: x, y: y, letter: Self.letter(kind, t), kind: kind.rawValue, ring: ring, title: title))
                }
            }
        }
        self.chips = chips
        self.legend = Complementarity.Kind.allCases.map { kind in
            Chip(x: 0, y: 0, letter: Self.letter(kind, t), kind: kind.rawValue, ring: nil, title: t(Vocabulary.kind(kind)))
        } + [Chip(x: 0, y: 0, letter: "○", kind: "covered", ring: nil, title: t("covered by another member", "couvert par un autre membre")),
             Chip(x: 0, y: 0, letter: "○", kind: "gap", ring: nil, title: t("gap: nobody covers it", "manque : personne ne le couvre"))]
        self.gapsHeading = report.gaps.isEmpty ? t("Every weakness and need is covered.", "Chaque faiblesse et chaque besoin est couvert.")
            : t("Gaps nobody covers", "Manques que personne ne couvre")
        self.gaps = report.gaps.map { gap in
            Gap(text: "\(gap.area): \(t(Vocabulary.kind(gap.kind))) \(t("of", "de")) \(data.name(gap.member))")
        }
        self.description = t("Matrix of \(report.areas.count) skill areas by \(report.members.count) members, \(report.gaps.count) gap(s)",
                             "Matrice de \(report.areas.count) domaines par \(report.members.count) membres, \(French.count(report.gaps.count, "manque", "manques"))")
    }

    static func letter(_ kind: Complementarity.Kind, _ t: Translator) -> String {
        switch kind {
        case .strength: t("S", "F")
        case .weakness: t("W", "Fb")
        case .offer: t("O", "O")
        case .need: t("N", "B")
        }
    }
}

extension Complementarity.Kind {
    enum Coverage {
        case gap
        case covered([RecordID])
    }
}
