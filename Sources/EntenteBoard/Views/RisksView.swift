import EntenteActions
import EntenteCore

/// Risks as likelihood × impact heat maps, one a zone (SVG), then the list and the forms.
struct RisksView {
    struct Cell {
        var x: Int
        var y: Int
        var level: String
    }
    struct Marker {
        var x: Int
        var y: Int
        var number: Int
        var title: String
    }
    struct Map {
        var zone: String
        var title: String
        var cells: [Cell]
        var markers: [Marker]
        var description: String
    }
    struct Row {
        var number: Int
        var id: String
        var description: String
        var zone: String
        var score: String
        var high: Bool
        var owner: String
        var status: String
        var mitigation: String?
        var statuses: [Choice]
        var scale: [Choice]
        var impacts: [Choice]
        var history: String
    }

    var heading: String
    var maps: [Map]
    var rows: [Row]
    var empty: String?
    var labels: [String: String]
    var zones: [Choice]
    var scale: [Choice]
    var members: [Choice]
    var csrf: String
    var back: String

    static let template = """
        <section class="risks">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        <div class="maps">
        {{#maps}}<figure class="heatmap"><svg role="img" aria-label="{{description}}" viewBox="0 0 190 190" width="190" height="190" xmlns="http://www.w3.org/2000/svg">
        {{#cells}}<rect x="{{x}}" y="{{y}}" width="30" height="30" class="heat {{level}}"/>{{/cells}}
        <text x="105" y="186" text-anchor="middle" class="axis-label">{{labels.impact}} →</text>
        <text x="10" y="95" text-anchor="middle" class="axis-label" transform="rotate(-90 10 95)">{{labels.likelihood}} →</text>
        {{#markers}}<g class="marker"><title>{{title}}</title><circle cx="{{x}}" cy="{{y}}" r="10"/><text x="{{x}}" y="{{y}}" dy="4" text-anchor="middle">{{number}}</text></g>{{/markers}}
        </svg><figcaption>{{title}}</figcaption></figure>{{/maps}}
        </div>
        <table class="risk-list"><thead><tr><th>#</th><th>{{labels.risk}}</th><th>{{labels.zone}}</th><th>{{labels.score}}</th><th>{{labels.owner}}</th><th>{{labels.status}}</th><th></th></tr></thead><tbody>
        {{#rows}}<tr{{#high}} class="high"{{/high}}><td>{{number}}</td><td>{{description}}{{#mitigation}}<br><small>{{labels.mitigation}} {{mitigation}}</small>{{/mitigation}}</td><td>{{zone}}</td><td>{{score}}</td><td>{{owner}}</td><td>{{status}}</td>
        <td><form method="post" action="/act/risk-update" class="inline">{{> hidden}}<input type="hidden" name="risk" value="{{id}}">
        <select name="status" aria-label="{{labels.status}}">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
        <select name="likelihood" aria-label="{{labels.Likelihood}}" title="{{labels.Likelihood}}">{{#scale}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/scale}}</select>
        <select name="impact" aria-label="{{labels.Impact}}" title="{{labels.Impact}}">{{#impacts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/impacts}}</select>
        <button>{{labels.change}}</button></form> <a class="history" href="{{history}}">{{labels.history}}</a></td></tr>{{/rows}}
        </tbody></table>
        <form method="post" action="/act/risk" class="card">{{> hidden}}
        <h3>{{labels.raise}}</h3>
        <label for="risk-description">{{labels.whatCould}}</label><input id="risk-description" name="description" required maxlength="2000">
        <label for="risk-zone">{{labels.zone}}</label><select id="risk-zone" name="zone">{{#zones}}<option value="{{value}}">{{label}}</option>{{/zones}}</select>
        <label for="risk-likelihood">{{labels.Likelihood}}</label><select id="risk-likelihood" name="likelihood">{{#scale}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/scale}}</select>
        <label for="risk-impact">{{labels.Impact}}</label><select id="risk-impact" name="impact">{{#scale}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/scale}}</select>
        <label for="risk-owner">{{labels.owner}}</label><select id="risk-owner" name="owner">{{#members}}<option value="{{value}}">{{label}}</option>{{/members}}</select>
        <label for="risk-mitigation">{{labels.mitigation}}</label><input id="risk-mitigation" name="mitigation" maxlength="2000">
        <button>{{labels.raiseButton}}</button>
        </form>
        </section>
        """

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        let risks = vision.risks.filter { !$0.record.isArchived }
        let numbered = Array(risks.enumerated())
        self.maps = Risk.Zone.allCases.compactMap { zone in
            let inZone = numbered.filter { $0.element.zone == zone }
            guard !inZone.isEmpty else { return nil }
            var cells: [Cell] = []
            for likelihood in 1...5 {
                for impact in 1...5 {
                    let score = likelihood * impact
                    cells.append(Cell(x: 25 + (impact - 1) * 30, y: 5 + (5 - likelihood) * 30,
                                      level: score >= Int(Risk.highScore) ? "high" : score >= 6 ? "medium" : "low"))
                }
            }
            var crowd: [String: Int] = [:]
            let markers = inZone.map { index, risk -> Marker in
                let l = Int(min(max(risk.likelihood, 1), 5)), i = Int(min(max(risk.impact, 1), 5))
                let slot = crowd["\(l)-\(i)", default: 0]
                crowd["\(l)-\(i)"] = slot + 1
                return Marker(x: 25 + (i - 1) * 30 + 15 + (slot % 2) * 6 - 3 * min(slot, 1), y: 5 + (5 - l) * 30 + 15 + (slot / 2) * 6,
                              number: index + 1, title: "\(index + 1). \(risk.description) (\(risk.likelihood)×\(risk.impact))")
            }
            return Map(zone: zone.rawValue, title: t(Vocabulary.zone(zone)), cells: cells, markers: markers,
                       description: t("\(inZone.count) risk(s) in \(t(Vocabulary.zone(zone))) by likelihood and impact",
                                      "\(French.count(inZone.count, "risque", "risques")) en \(t(Vocabulary.zone(zone))) selon probabilité et impact"))
        }
        self.rows = numbered.map { index, risk in
            Row(number: index + 1, id: risk.id.hex, description: BoardData.excerpt(risk.description), zone: t(Vocabulary.zone(risk.zone)),
                score: "\(risk.likelihood)×\(risk.impact) = \(risk.score)", high: risk.isHigh,
                owner: risk.owner.map { data.name($0) } ?? "—", status: t(Vocabulary.status(risk.status)), mitigation: risk.mitigation,
                statuses: Risk.Status.allCases.map { Choice(value: $0.rawValue, label: t(Vocabulary.status($0)), selected: $0 == risk.status) },
                scale: (1...5).map { Choice(value: String($0), label: String($0), selected: Int64($0) == risk.likelihood) },
                impacts: (1...5).map { Choice(value: String($0), label: String($0), selected: Int64($0) == risk.impact) },
                history: "/record/\(risk.id.hex)")
        }
        self.heading = t("Risks, raised early", "Les risques, dits tôt")
        self.empty = risks.isEmpty ? t("No risk raised yet. Defection, partnering with friends, the value of work: say it before it happens.",
                                       "Aucun risque signalé. Défection, partenariat entre amis, valeur du travail : dites-le avant que cela n'arrive.") : nil
        self.labels = [
            "impact": t("impact", "impact"), "likelihood": t("likelihood", "probabilité"),
            "Impact": t("Impact (1 minor to 5 fatal)", "Impact (1 mineur à 5 fatal)"), "Likelihood": t("Likelihood (1 unlikely to 5 almost certain)", "Probabilité (1 improbable à 5 presque certain)"), "risk": t("Risk", "Risque"),
            "zone": t("Zone", "Zone"), "score": t("Score", "Score"), "owner": t("Followed by", "Suivi par"), "status": t("Status", "Statut"),
            "mitigation": t("Mitigation", "Parade"), "change": t("Change", "Changer"), "history": t("history", "historique"),
            "raise": t("Raise a risk", "Signaler un risque"), "whatCould": t("What could go wrong", "Ce qui pourrait mal tourner"),
            "raiseButton": t("Raise it", "Le signaler"),
        ]
        self.zones = Risk.Zone.allCases.map { Choice(value: $0.rawValue, label: t(Vocabulary.zone($0))) }
        self.scale = (1...5).map { Choice(value: String($0), label: String($0), selected: $0 == 3) }
        self.members = [Choice(value: "", label: t("(nobody yet)", "(personne encore)"))] + data.memberChoices
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
