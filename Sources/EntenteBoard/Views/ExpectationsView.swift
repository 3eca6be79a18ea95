import EntenteActions
import EntenteCore

/// Expectations, interests and concerns, who has heard each, and the form to say one.
struct ExpectationsView {
    struct Row {
        var id: String
        var kind: String
        var text: String
        var statedBy: String
        var status: String
        var heardBy: String
        var missing: String
        var canAcknowledge: Bool
        var history: String
    }

    var heading: String
    var rows: [Row]
    var empty: String?
    var labels: [String: String]
    var kinds: [Choice]
    var csrf: String
    var back: String

    static let template = """
        <section class="expectations">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        <ul class="cards">
        {{#rows}}<li class="card"><p class="kind">{{kind}} · {{status}}</p><p class="text">{{text}}</p>
        <p class="meta">{{labels.statedBy}} {{statedBy}} · {{labels.heardBy}} {{heardBy}}{{#missing}} · {{labels.missing}} {{missing}}{{/missing}}</p>
        {{#canAcknowledge}}<form method="post" action="/act/acknowledge" class="inline">{{> hidden}}<input type="hidden" name="expectation" value="{{id}}"><button>{{labels.acknowledge}}</button></form>{{/canAcknowledge}}
        <a class="history" href="{{history}}">{{labels.history}}</a></li>{{/rows}}
        </ul>
        <form method="post" action="/act/expectation" class="card">{{> hidden}}
        <h3>{{labels.say}}</h3>
        <label for="expectation-type">{{labels.type}}</label>
        <select id="expectation-type" name="type">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select>
        <label for="expectation-text">{{labels.text}}</label>
        <input id="expectation-text" name="text" required maxlength="2000">
        <button>{{labels.record}}</button>
        </form>
        </section>
        """

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        self.rows = vision.expectations.filter { !$0.record.isArchived }.map { expectation in
            let missing = expectation.missingAcknowledgements(among: vision.members)
            return Row(id: expectation.id.hex, kind: t(Vocabulary.kind(expectation.kind)), text: BoardData.excerpt(expectation.text),
                       statedBy: data.name(expectation.statedBy), status: t(Vocabulary.status(expectation.status)),
                       heardBy: data.names(expectation.acknowledgedBy, empty: t("nobody yet", "personne encore")),
                       missing: data.names(missing, empty: ""),
                       canAcknowledge: data.me.map { missing.contains($0.id) } ?? false,
                       history: "/record/\(expectation.id.hex)")
        }
        self.heading = t("Expectations said out loud", "Les attentes dites à voix haute")
        self.empty = self.rows.isEmpty ? t("Nobody has said what they expect yet.", "Personne n'a encore dit ce qu'il ou elle attend.") : nil
        self.kinds = Expectation.Kind.allCases.map { Choice(value: $0.rawValue, label: t(Vocabulary.kind($0))) }
        self.labels = [
            "statedBy": t("said by", "dit par"), "heardBy": t("heard by", "entendu par"), "missing": t("not yet by", "pas encore par"),
            "acknowledge": t("I have heard it", "J'en ai pris note"), "history": t("history", "historique"),
            "say": t("Say what you expect, want or fear", "Dites ce que vous attendez, voulez ou craignez"),
            "type": t("Kind", "Nature"), "text": t("In your words", "Avec vos mots"), "record": t("Record", "Enregistrer"),
        ]
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
