import EntenteActions
import EntenteCore

/// Each member's phase check-ins as a chart over time (SVG): one lane a member, coloured by
/// the phase they perceived from one check-in to the next; disagreements marked.
struct PhasesView {
    struct Lane {
        var y: Int
        var name: String
        var segments: [Segment]
        var dots: [Dot]
    }
    struct Segment {
        var x: Int
        var width: Int
        var y: Int
        var phase: String
        var current: Bool
    }
    struct Dot {
        var x: Int
        var y: Int
        var phase: String
        var title: String
    }
    struct Tick {
        var x: Int
        var text: String
    }
    struct Key {
        var phase: String
        var label: String
    }

    var heading: String
    var empty: String?
    var width: Int
    var height: Int
    var lanes: [Lane]
    var ticks: [Tick]
    var keys: [Key]
    var disagreement: String?
    var consensus: String?
    var description: String
    var phases: [Choice]
    var labels: [String: String]
    var today: String
    var csrf: String
    var back: String

    static let template = """
        <section class="phases">
        <h2>{{heading}}</h2>
        {{#disagreement}}<p class="alarm banner">{{disagreement}}</p>{{/disagreement}}
        {{#consensus}}<p class="calm banner">{{consensus}}</p>{{/consensus}}
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        {{^empty}}
        <svg class="phase-chart" role="img" aria-label="{{description}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg">
        {{#ticks}}<line x1="{{x}}" x2="{{x}}" y1="0" y2="{{height}}" class="grid"/><text x="{{x}}" y="14" class="tick" text-anchor="middle">{{text}}</text>{{/ticks}}
        {{#lanes}}<text x="4" y="{{y}}" dy="22" class="row">{{name}}</text>
        {{#segments}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="30" class="phase {{phase}}{{#current}} current{{/current}}"/>{{/segments}}
        {{#dots}}<circle cx="{{x}}" cy="{{y}}" r="6" class="dot {{phase}}"><title>{{title}}</title></circle>{{/dots}}
        {{/lanes}}
        </svg>
        <p class="legend">{{#keys}}<span class="key phase {{phase}}"></span> {{label}} {{/keys}}</p>
        {{/empty}}
        <form method="post" action="/act/checkin" class="card">{{> hidden}}
        <h3>{{labels.ask}}</h3>
        <label for="phase">{{labels.phase}}</label>
        <select id="phase" name="phase">{{#phases}}<option value="{{value}}">{{label}}</option>{{/phases}}</select>
        <label for="phase-on">{{labels.on}}</label><input id="phase-on" name="on" type="date" value="{{today}}">
        <label for="phase-note">{{labels.note}}</label><input id="phase-note" name="note" maxlength="1000">
        <button>{{labels.record}}</button>
        </form>
        </section>
        """

    static let nameColumn = 120, chartWidth = 600, laneHeight = 40, top = 24

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        let report = PhaseReport(records: vision.records, today: vision.today)
        self.heading = t("The phases we go through", "Les phases que nous traversons")
        let timeline = report.timeline.filter { $0.phase != nil && Dates.dayNumber($0.date) != nil }
        self.empty = timeline.isEmpty ? t("No phase check-ins yet: say which phase you see below.", "Aucun relevé de phase pour l'instant : dites ci-dessous quelle phase vous voyez.") : nil
        let todayNumber = Dates.dayNumber(data.today) ?? 0
        let days = timeline.compactMap { Dates.dayNumber($0.date) }
        let first = days.min() ?? todayNumber
        let last = max(days.max() ?? todayNumber, todayNumber)
        let span = max(1, last - first)
        func x(_ day: Int) -> Int { Self.nameColumn + Int((Double(day - first) / Double(span)) * Double(Self.chartWidth - 20)) }
        let members = vision.members.filter { member in timeline.contains { $0.member == member.id } }
        let latest = Dictionary(report.latest.compactMap { checkIn in checkIn.member.map { ($0, checkIn.id) } }, uniquingKeysWith: { a, _ in a })
        self.lanes = members.enumerated().map { index, member in
            let y = Self.top + index * Self.laneHeight
            let own = timeline.filter { $0.member == member.id }
            var segments: [Segment] = [], dots: [Dot] = []
            for (position, checkIn) in own.enumerated() {
                guard let phase = checkIn.phase, let start = Dates.dayNumber(checkIn.date) else { continue }
                let end = position + 1 < own.count ? (Dates.dayNumber(own[position + 1].date) ?? last) : last
                let isCurrent = latest[member.id] == checkIn.id
                segments.append(Segment(x: x(start), width: max(4, x(end) - x(start)), y: y, phase: phase.rawValue,
                                        current: isCurrent && report.disagreement))
                let note = checkIn.note.map { " — \($0)" } ?? ""
                dots.append(Dot(x: x(start), y: y + 15, phase: phase.rawValue, title: "\(member.name) · \(t.date(checkIn.date)) · \(t(Vocabulary.phase(phase)))\(note)"))
            }
            return Lane(y: y, name: member.name, segments: segments, dots: dots)
        }
        self.width = Self.nameColumn + Self.chartWidth + 40
        self.height = Self.top + max(1, members.count) * Self.laneHeight
        let tickDays = Set([first, first + span / 2, last])
        self.ticks = tickDays.sorted().map { Tick(x: x($0), text: t.date(Dates.iso(dayNumber: $0))) }
        self.keys = PhaseCheckIn.Phase.allCases.map { Key(phase: $0.rawValue, label: t(Vocabulary.phase($0))) }
        if report.disagreement {
            let views = report.perceptions.map { "\(t(Vocabulary.phase($0.phase)))\(t(":", " :")) \(data.names($0.members, empty: "-"))" }.joined(separator: "; ")
            self.disagreement = t("You do not see the same phase (\(views)). Talk about it: it changes the strategy.",
                                  "Vous ne voyez pas la même phase (\(views)). Parlez-en : cela change la stratégie.")
        } else {
            self.disagreement = nil
        }
        self.consensus = report.consensus.map { phase in
            t("Everyone who checked in sees \(t(Vocabulary.phase(phase))).", "Tous ceux qui ont fait un relevé voient : \(t(Vocabulary.phase(phase))).")
        }
        self.description = t("Phase check-ins of \(members.count) member(s) over time", "Relevés de phase \(members.count == 1 ? "d'un membre" : "de \(members.count) membres") dans le temps")
        self.phases = PhaseCheckIn.Phase.allCases.map { Choice(value: $0.rawValue, label: t(Vocabulary.phase($0))) }
        self.labels = [
            "ask": t("Which phase do you see the partnership in?", "Dans quelle phase voyez-vous le partenariat ?"),
            "phase": t("Phase", "Phase"), "on": t("On", "Le"), "note": t("Why (optional)", "Pourquoi (facultatif)"), "record": t("Record", "Enregistrer"),
        ]
        self.today = data.today
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
