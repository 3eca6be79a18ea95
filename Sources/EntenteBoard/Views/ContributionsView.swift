import EntenteActions
import EntenteCore

/// Contributions with every member's valuation side by side (bars drawn as SVG), and the
/// disagreements on the value of work flagged.
struct ContributionsView {
    struct Value {
        var text: String
        var bar: Int
        var mine: Bool
        var note: String?
    }
    struct Row {
        var id: String
        var what: String
        var by: String
        var hours: String
        var values: [Value]
        var flagged: Bool
        var spread: String?
        var history: String
    }
    struct Header {
        var name: String
    }

    struct ShareRow {
        var name: String
        var gross: String
        var net: String
    }

    var heading: String
    var empty: String?
    /// The rule in force, in words, and each member's share under it.
    var rule: String?
    var shares: [ShareRow]
    var fund: String?
    var members: [Header]
    var rows: [Row]
    var labels: [String: String]
    var contributions: [Choice]
    var stages: [Choice]
    var csrf: String
    var back: String

    static let template = """
        <section class="contributions">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        {{^empty}}<table class="valuations"><thead><tr><th>{{labels.what}}</th><th>{{labels.by}}</th><th>{{labels.hours}}</th>{{#members}}<th>{{name}}</th>{{/members}}</tr></thead><tbody>
        {{#rows}}<tr{{#flagged}} class="flagged"{{/flagged}}><td>{{what}}{{#flagged}}<br><strong class="alarm">{{labels.disputed}} {{spread}}</strong>{{/flagged}} <a class="history" href="{{history}}">{{labels.history}}</a></td><td>{{by}}</td><td>{{hours}}</td>
        {{#values}}<td class="value{{#mine}} mine{{/mine}}"{{#note}} title="{{note}}"{{/note}}>{{text}}<svg width="80" height="8" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><rect width="{{bar}}" height="8" class="bar"/></svg></td>{{/values}}</tr>{{/rows}}
        </tbody></table>{{/empty}}
        {{#rule}}<h3>{{labels.shares}}</h3><p class="meta">{{rule}}</p>
        <table class="shares"><thead><tr><th>{{labels.member}}</th><th>{{labels.gross}}</th><th>{{labels.net}}</th></tr></thead><tbody>
        {{#shares}}<tr><td>{{name}}</td><td>{{gross}}</td><td>{{net}}</td></tr>{{/shares}}
        </tbody></table><p>{{labels.fund}} {{fund}}</p>{{/rule}}
        <div class="forms">
        <form method="post" action="/act/value" class="card">{{> hidden}}
        <h3>{{labels.valueIt}}</h3>
        <label for="value-contribution">{{labels.contribution}}</label><select id="value-contribution" name="contribution">{{#contributions}}<option value="{{value}}">{{label}}</option>{{/contributions}}</select>
        <label for="value-amount">{{labels.worth}}</label><input id="value-amount" name="value" type="number" min="0" step="1" required>
        <label for="value-note">{{labels.why}}</label><input id="value-note" name="note" maxlength="1000">
        <button>{{labels.record}}</button>
        </form>
        <form method="post" action="/act/contribution" class="card">{{> hidden}}
        <h3>{{labels.add}}</h3>
        <label for="contribution-what">{{labels.done}}</label><input id="contribution-what" name="what" required maxlength="2000">
        <label for="contribution-stage">{{labels.stage}}</label><select id="contribution-stage" name="stage">{{#stages}}<option value="{{value}}">{{label}}</option>{{/stages}}</select>
        <label for="contribution-hours">{{labels.hours}}</label><input id="contribution-hours" name="effort" type="number" min="0" step="1">
        <button>{{labels.record}}</button>
        </form>
        </div>
        </section>
        """

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        let report = ValueDisagreementReport(records: vision.records)
        let flagged = Dictionary(report.flagged.map { ($0.contribution, $0) }, uniquingKeysWith: { a, _ in a })
        let members = vision.activeMembers
        let contributions = vision.contributions.filter { !$0.record.isArchived }
        let highest = max(1, vision.valuations.compactMap(\.value).max() ?? 1)
        self.members = members.map { Header(name: $0.name) }
        self.rows = contributions.map { contribution in
            let values = members.map { member -> Value in
                let valuation = vision.valuations.first { $0.contribution == contribution.id && $0.member == member.id }
                let amount = valuation?.value
                // Both are at least 0 and amount ≤ highest, so the ratio is within 0...1.
                let bar = amount.map { Int(Double(max(0, $0)) / Double(highest) * 80) } ?? 0
                return Value(text: amount.map(String.init) ?? "—", bar: bar, mine: member.id == data.me?.id, note: valuation?.note)
            }
            let item = flagged[contribution.id]
            return Row(id: contribution.id.hex, what: BoardData.excerpt(contribution.what), by: data.name(contribution.member),
                       hours: contribution.effort.map(String.init) ?? "—", values: values, flagged: item != nil,
                       spread: item.map { "\($0.lowest)–\($0.highest)" }, history: "/record/\(contribution.id.hex)")
        }
        let shares = ValueShares(vision)
        if let rule = shares.rule {
            let money = { (minor: Int64) in Money.format(minor, digits: rule.minorDigits, currency: rule.currency, language: t.language) }
            let multipliers = ContributionType.allCases.map { "\($0.rawValue) \(Money.ratio(rule.multiplier($0), percent: false, language: t.language))" }.joined(separator: ", ")
            self.rule = t("The agreed rule: \(money(rule.hourRate)) an hour; \(multipliers); levy \(Money.ratio(rule.levy, percent: true, language: t.language)).",
                          "La règle convenue : \(money(rule.hourRate)) de l'heure ; \(multipliers) ; prélèvement \(Money.ratio(rule.levy, percent: true, language: t.language)).")
            self.shares = shares.shares.map { ShareRow(name: data.name($0.member), gross: money($0.gross), net: money($0.net)) }
            self.fund = money(shares.fund)
        } else {
            self.rule = nil
            self.shares = []
            self.fund = nil
        }
        self.heading = t("What the work is worth, to each of us", "Ce que vaut le travail, pour chacun de nous")
        self.empty = contributions.isEmpty ? t("No contribution recorded yet.", "Aucune contribution enregistrée pour l'instant.") : nil
        self.labels = [
            "what": t("Contribution", "Contribution"), "by": t("By", "Par"), "hours": t("Hours", "Heures"),
            "disputed": t("values disagree:", "évaluations divergentes :"), "history": t("history", "historique"),
            "valueIt": t("Say what a contribution is worth to you", "Dites ce que vaut une contribution pour vous"),
            "contribution": t("Contribution", "Contribution"), "worth": t("Worth (the collective's unit)", "Valeur (dans l'unité du collectif)"),
            "why": t("Why (optional)", "Pourquoi (facultatif)"), "record": t("Record", "Enregistrer"),
            "shares": t("Each one's share under the agreed rule", "La part de chacun selon la règle convenue"),
            "member": t("Member", "Membre"), "gross": t("Gross", "Brut"), "net": t("After the levy", "Après prélèvement"),
            "fund": t("Common fund:", "Fonds commun :"),
            "add": t("Record work you did", "Enregistrer un travail fait"), "done": t("What you did", "Ce que vous avez fait"), "stage": t("Stage", "Étape"),
        ]
        self.contributions = contributions.map { Choice(value: $0.id.hex, label: $0.what) }
        self.stages = data.stageChoices
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
