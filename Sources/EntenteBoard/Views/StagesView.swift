import EntenteActions
import EntenteCore

/// The stages as a timeline (SVG), then each stage with its entry and exit conditions, who is
/// engaged in it and on which terms, and the form to engage oneself.
struct StagesView {
    struct Box {
        var x: Int
        var width: Int
        var title: String
        var dates: String
        var status: String
        var statusLabel: String
        var engaged: Int
        var engagedLabel: String
    }
    struct Engaged {
        var name: String
        var engaged: Bool
        var word: String
        var entry: String?
        var exit: String?
    }
    struct Card {
        var id: String
        var title: String
        var goal: String?
        var status: String
        var entry: String
        var exit: String
        var review: String?
        var people: [Engaged]
        var hasPeople: Bool
        var mine: Engaged?
        var history: String
    }

    var heading: String
    var empty: String?
    var width: Int
    var boxes: [Box]
    var cards: [Card]
    var labels: [String: String]
    var description: String
    var csrf: String
    var back: String

    static let template = """
        <section class="stages">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        {{^empty}}
        <svg class="timeline" role="img" aria-label="{{description}}" viewBox="0 0 {{width}} 120" width="{{width}}" height="120" xmlns="http://www.w3.org/2000/svg">
        <line x1="0" x2="{{width}}" y1="60" y2="60" class="axis"/>
        {{#boxes}}<g class="stage {{status}}"><title>{{title}} · {{statusLabel}} · {{engagedLabel}}</title><rect x="{{x}}" y="20" width="{{width}}" height="80" rx="8"/><text x="{{x}}" y="44" dx="10" class="title">{{title}}</text><text x="{{x}}" y="66" dx="10" class="dates">{{dates}}</text><text x="{{x}}" y="88" dx="10" class="count">{{engagedLabel}}</text></g>{{/boxes}}
        </svg>
        {{/empty}}
        {{#cards}}<article class="card stage-card"><h3>{{title}} <span class="badge">{{status}}</span></h3>
        {{#goal}}<p>{{goal}}</p>{{/goal}}
        <dl><dt>{{labels.entry}}</dt><dd>{{entry}}</dd><dt>{{labels.exit}}</dt><dd>{{exit}}</dd>{{#review}}<dt>{{labels.review}}</dt><dd>{{review}}</dd>{{/review}}</dl>
        {{#hasPeople}}<table><thead><tr><th>{{labels.member}}</th><th>{{labels.engagement}}</th><th>{{labels.entryTerms}}</th><th>{{labels.exitTerms}}</th></tr></thead><tbody>
        {{#people}}<tr><td>{{name}}</td><td>{{word}}</td><td>{{entry}}</td><td>{{exit}}</td></tr>{{/people}}
        </tbody></table>{{/hasPeople}}
        <details><summary>{{labels.engageMe}}</summary>
        <form method="post" action="/act/engage">{{> hidden}}<input type="hidden" name="stage" value="{{id}}">
        <label><input type="radio" name="engaged" value="yes" checked> {{labels.yes}}</label>
        <label><input type="radio" name="engaged" value="no"> {{labels.no}}</label>
        <label>{{labels.entryTerms}} <input name="entryTerms" maxlength="1000" value="{{mine.entry}}"></label>
        <label>{{labels.exitTerms}} <input name="exitTerms" maxlength="1000" value="{{mine.exit}}"></label>
        <button>{{labels.record}}</button></form></details>
        <a class="history" href="{{history}}">{{labels.history}}</a>
        </article>{{/cards}}
        </section>
        """

    static let boxWidth = 190, gap = 24

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        let stages = vision.stages.filter { !$0.record.isArchived }
        self.heading = t("Stages: entering, working, leaving", "Les étapes : entrer, travailler, sortir")
        self.empty = stages.isEmpty ? t("No stages planned yet (`entente stage add`).", "Aucune étape prévue pour l'instant (`entente stage add`).") : nil
        self.width = max(1, stages.count) * (Self.boxWidth + Self.gap) + Self.gap
        let none = t("not said", "non précisé")
        self.boxes = stages.enumerated().map { index, stage in
            let engaged = vision.engaged(in: stage.id).count
            let dates = [stage.start.map(t.date), stage.end.map(t.date)].compactMap { $0 }.joined(separator: " → ")
            return Box(x: Self.gap + index * (Self.boxWidth + Self.gap), width: Self.boxWidth, title: stage.title, dates: dates.isEmpty ? "—" : dates,
                       status: stage.status.rawValue, statusLabel: Self.status(stage.status, t), engaged: engaged,
                       engagedLabel: t("\(engaged) engaged", French.count(engaged, "membre engagé", "membres engagés")))
        }
        self.cards = stages.map { stage in
            let people = vision.engagements(of: stage.id).map { engagement in
                let lapsed = engagement.engaged && engagement.isLapsed(on: vision.today)
                let renew = engagement.renewOn.map(t.date) ?? ""
                return Engaged(name: data.name(engagement.member), engaged: engagement.isInForce(on: vision.today),
                        word: lapsed ? t("lapsed on \(renew): to renew", "échu le \(renew) : à renouveler")
                            : (engagement.engaged ? t("engaged", "engagé·e") : t("not engaged", "pas engagé·e")),
                        entry: engagement.entryTerms, exit: engagement.exitTerms)
            }
            let mine = vision.engagements(of: stage.id).first { $0.member == data.me?.id }.map { engagement in
                Engaged(name: data.name(engagement.member), engaged: engagement.engaged, word: "", entry: engagement.entryTerms, exit: engagement.exitTerms)
            }
            return Card(id: stage.id.hex, title: stage.title, goal: stage.goal, status: Self.status(stage.status, t),
                        entry: stage.entryConditions ?? none, exit: stage.exitConditions ?? none, review: stage.reviewOn.map(t.date),
                        people: people, hasPeople: !people.isEmpty, mine: mine, history: "/record/\(stage.id.hex)")
        }
        self.labels = [
            "entry": t("To enter", "Pour entrer"), "exit": t("To leave", "Pour sortir"), "review": t("Review on", "À revoir le"), "member": t("Member", "Membre"),
            "engagement": t("Engagement", "Engagement"), "entryTerms": t("My entry terms", "Mes conditions d'entrée"),
            "exitTerms": t("My exit terms", "Mes conditions de sortie"), "engageMe": t("My engagement in this stage", "Mon engagement dans cette étape"),
            "yes": t("I engage", "Je m'engage"), "no": t("I do not engage", "Je ne m'engage pas"), "record": t("Record", "Enregistrer"),
            "history": t("history", "historique"),
        ]
        self.description = t("Timeline of \(stages.count) stage(s)", "Frise de \(French.count(stages.count, "étape", "étapes"))")
        self.csrf = data.csrf
        self.back = data.page.path
    }

    static func status(_ status: Stage.Status, _ t: Translator) -> String {
        switch status {
        case .planned: t("planned", "prévue")
        case .active: t("under way", "en cours")
        case .done: t("done", "terminée")
        }
    }
}
