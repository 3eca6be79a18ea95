import EntenteActions
import EntenteCore
import EntenteStore

/// The landing view: what needs attention now, with the buttons that settle each item.
struct StatusView {
    struct Item {
        var text: String
        var detail: String?
        var tone: String
        var action: Action?
        /// A second button, when an item can be settled two ways.
        var alternative: Action?
        /// A record's fields edited at the same time, each with its values to pick from.
        var contested: [Contested] = []
        var hasContested = false
        /// For a passage rewritten at the same time: keep one member's wording, or edit both.
        var keeps: [Action] = []
        var hasKeeps = false
        var editBoth: String?
    }
    /// A one-button form.
    struct Action {
        var path: String
        var label: String
        var fields: [Hidden]
    }
    struct Hidden {
        var name: String
        var value: String
    }
    /// One field of a record edited at the same time, and its values.
    struct Contested {
        var name: String
        var choices: [Pick]
    }
    /// One value of a conflict, with its button.
    struct Pick {
        var value: String
        var author: String
        var index: Int
        var record: String
        var field: String
        var label: String
    }

    /// Each author's wording of a passage rewritten at the same time: « Alice : “…” · Bruno : “…” — ».
    static func wordings(_ rewrite: TextRewrite, _ data: BoardData, _ t: Translator) -> String {
        guard let wording = try? data.workspace.wording(of: rewrite), !wording.versions.isEmpty else { return "" }
        let versions = wording.versions.map { "\($0.author)\(t(":", " :")) \(t("“\(BoardData.excerpt($0.text))”", "« \(BoardData.excerpt($0.text)) »"))" }
        return versions.joined(separator: " · ") + " — "
    }

    /// One collective of several shown by one board: what needs attention in it, and a button
    /// to switch to it.
    struct CollectiveSummary {
        var id: String
        var name: String
        var current: Bool
        var attention: String
        var tone: String
    }

    /// One key idea of the practice on the landing view.
    struct Health {
        var idea: String
        var level: String
        var levelWord: String
        var standing: String
        var next: String
    }

    var heading: String
    var calm: Bool
    var healthHeading: String
    var health: [Health]
    var verdictHeading: String
    var verdict: String
    var items: [Item]
    var csrf: String
    var back: String
    var keepLabel: String
    /// What the other members' changes brought lately, newest first (`arrivals` given).
    var arrivedHeading: String
    var arrived: [LogView.Line]
    var hasArrived: Bool
    /// Every collective the board shows, when there are several (empty otherwise).
    var collectives: [CollectiveSummary] = []
    var collectivesHeading: String?
    var openLabel = ""
    var currentLabel = ""

    static let template = """
        {{#collectivesHeading}}<section class="collectives">
        <h2>{{collectivesHeading}}</h2>
        <ul class="attention">{{#collectives}}<li class="{{tone}}"><strong>{{name}}</strong>{{#current}} ({{currentLabel}}){{/current}} — {{attention}}{{^current}} <form method="post" action="/act/collective" class="inline">{{> hidden}}<input type="hidden" name="collective" value="{{id}}"><button>{{openLabel}}</button></form>{{/current}}</li>{{/collectives}}</ul>
        </section>{{/collectivesHeading}}
        <section class="status">
        <h2>{{heading}}</h2>
        {{#calm}}<p class="calm">✓</p>{{/calm}}
        <ul class="attention">
        {{#items}}<li class="{{tone}}"><span class="what">{{text}}</span>{{#detail}} <span class="detail">{{detail}}</span>{{/detail}}
        {{#action}}<form method="post" action="{{path}}" class="inline">{{> hidden}}{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}<button>{{label}}</button></form>{{/action}}
        {{#alternative}}<form method="post" action="{{path}}" class="inline">{{> hidden}}{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}<button>{{label}}</button></form>{{/alternative}}
        {{#hasContested}}<dl class="contested">{{#contested}}<dt class="field">{{name}}</dt><dd><ul class="picks">{{#choices}}<li><q>{{value}}</q> — {{author}} <form method="post" action="/act/resolve" class="inline">{{> hidden}}<input type="hidden" name="record" value="{{record}}"><input type="hidden" name="field" value="{{field}}"><input type="hidden" name="pick" value="{{index}}"><button>{{label}}</button></form></li>{{/choices}}</ul></dd>{{/contested}}</dl>{{/hasContested}}
        {{#hasKeeps}}<ul class="picks">{{#keeps}}<li><form method="post" action="{{path}}" class="inline">{{> hidden}}{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}<button>{{label}}</button></form></li>{{/keeps}}{{#editBoth}}<li><a href="/vision">{{editBoth}}</a></li>{{/editBoth}}</ul>{{/hasKeeps}}
        </li>{{/items}}
        </ul>
        {{#hasArrived}}<h2>{{arrivedHeading}}</h2>
        <ol class="lines arrived">{{#arrived}}<li><time>{{when}}</time> <span class="text">{{text}}</span>{{#authorsNote}} — <q class="note">{{authorsNote}}</q>{{/authorsNote}}</li>{{/arrived}}</ol>{{/hasArrived}}
        <h2>{{healthHeading}}</h2>
        <table class="health"><tbody>
        {{#health}}<tr class="{{level}}"><th>{{idea}}</th><td><span class="level {{level}}">{{levelWord}}</span></td><td>{{standing}}<br><small>→ {{next}}</small></td></tr>{{/health}}
        </tbody></table>
        <h3>{{verdictHeading}}</h3>
        <p class="verdict">{{verdict}}</p>
        </section>
        """

    /// The other members' five latest changes among the last 200 this replica received, in
    /// the order it received them: what the landing page shows as just arrived.
    static func arrivals(_ replica: Replica) throws -> [SignedChange] {
        Array(try replica.latestChanges(limit: 200).filter { $0.author != replica.author }.suffix(5))
    }

    init(_ data: BoardData, refusals: [OperationRefusal], forks: [Fork], archived: [ArchiveConflict] = [],
         rewrites: [TextRewrite] = [], arrivals: [SignedChange] = [], soonUntil: String) {
        let t = data.t, vision = data.vision
        // What just arrived: the other members' latest changes, in the order this replica
        // received them, newest first, told in words like the log.
        let told = data.words
        self.arrived = arrivals.reversed().map { change in
            LogView.Line(when: LogView.when(change.change.timestamp, t), text: t(told.change(change)), authorsNote: LogView.note(change.change.message),
                         change: change.id.short, signer: data.signer(change.author, at: change.change.timestamp))
        }
        self.hasArrived = !self.arrived.isEmpty
        self.arrivedHeading = t("Just arrived from the others", "Ce qui vient d'arriver des autres")
        let attention = Attention(vision: vision, today: data.today, soonUntil: soonUntil)
        let byID = Dictionary(vision.records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [Item] = []
        for item in attention.unacknowledged {
            guard let expectation = byID[item.expectation].flatMap(Expectation.init) else { continue }
            let missing = data.names(item.missing, empty: "-")
            let mine = data.me.map { item.missing.contains($0.id) } ?? false
            items.append(Item(
                text: t("\(data.name(expectation.statedBy)) said: “\(expectation.text)”", "\(data.name(expectation.statedBy)) a dit : « \(expectation.text) »"),
                detail: t("not yet acknowledged by \(missing)", "pas encore pris en compte par \(missing)"), tone: "ask",
                action: mine ? Action(path: "/act/acknowledge", label: t("I have heard it", "J'en ai pris note"),
                                      fields: [Hidden(name: "expectation", value: expectation.id.hex)]) : nil))
        }
        for rewrite in rewrites {
            let names = rewrite.authors.map { data.workspace.directory.name(of: $0) }.sorted()
            let keeps = names.map { name in
                Action(path: "/act/keep-wording", label: t("Keep \(name)'s wording", "Garder la formulation \(French.de(name))"),
                       fields: [Hidden(name: "member", value: name)])
            }
            items.append(Item(
                text: t("The vision statement was rewritten by \(names.joined(separator: " and ")) at the same time",
                        "L'énoncé de vision a été réécrit par \(names.joined(separator: " et ")) en même temps"),
                detail: Self.wordings(rewrite, data, t) + t("the text holds both run together for now: keep one or merge them on the Vision page",
                                                                 "le texte contient pour l'instant les deux à la suite : gardez-en une ou fusionnez-les sur la page Vision"),
                tone: "ask", keeps: keeps, hasKeeps: !keeps.isEmpty, editBoth: t("Edit both on the Vision page", "Fusionner les deux sur la page Vision")))
        }
        for conflict in archived {
            let label = byID[conflict.record].map(RecordResolver(records: vision.records).label) ?? conflict.kind
            let editors = Array(Set(conflict.edits.map { data.workspace.directory.name(of: $0.write.tag.author) })).sorted().joined(separator: ", ")
            let archiver = data.workspace.directory.name(of: conflict.archive.tag.author)
            let record = [Hidden(name: "record", value: conflict.record.hex)]
            items.append(Item(
                text: t("“\(label)” was archived by \(archiver) while \(editors) changed it",
                        "« \(label) » a été archivé par \(archiver) pendant que \(editors) le modifiait"),
                detail: t("bring it back with the changes, or keep it archived", "le rétablir avec les modifications, ou le garder archivé"),
                tone: "ask",
                action: Action(path: "/act/restore", label: t("Restore it", "Le rétablir"), fields: record),
                alternative: Action(path: "/act/archive", label: t("Keep it archived", "Le garder archivé"), fields: record)))
        }
        for item in attention.deadlines.items {
            guard let commitment = byID[item.commitment].flatMap(Commitment.init) else { continue }
            items.append(Item(
                text: t("\(data.name(commitment.by)) committed to “\(commitment.what)”", "\(data.name(commitment.by)) s'est engagé·e à « \(commitment.what) »"),
                detail: item.overdue ? t("overdue since \(t.date(item.due))", "en retard depuis le \(t.date(item.due))")
                    : t("due \(t.date(item.due))", "échéance le \(t.date(item.due))"),
                tone: item.overdue ? "alarm" : "soon"))
        }
        // One item a record, however many of its fields were edited at the same time: each
        // field with the values to pick from, the fields in the order the record shows them.
        let resolver = RecordResolver(records: vision.records)
        let valueWords = attention.conflicts.isEmpty ? nil : data.words
        var conflicted: [RecordID: [Attention.Conflict]] = [:], order: [RecordID] = []
        for conflict in attention.conflicts {
            if conflicted[conflict.record] == nil { order.append(conflict.record) }
            conflicted[conflict.record, default: []].append(conflict)
        }
        for record in order {
            let conflicts = conflicted[record] ?? []
            guard let first = conflicts.first else { continue }
            let label = byID[record].map(resolver.label) ?? first.kind
            let fields = conflicts.map { conflict in
                let siblings = byID[conflict.record]?.registers[conflict.field] ?? []
                return Contested(
                    name: t(ChangeWords.fieldLabel(conflict.field)),
                    choices: siblings.enumerated().map { index, write in
                        Pick(value: valueWords.map { t($0.valueInWords(kind: conflict.kind, field: conflict.field, write.value, quoted: false)) } ?? write.value.display,
                             author: data.workspace.directory.name(of: write.tag.author), index: index,
                             record: conflict.record.hex, field: conflict.field, label: t("Keep this", "Garder celle-ci"))
                    })
            }
            let names = fields.map(\.name).joined(separator: ", ")
            items.append(Item(
                text: t("“\(label)” was changed by several members at the same time",
                        "« \(label) » a été modifié par plusieurs membres en même temps"),
                detail: fields.count == 1
                    ? t("changed: \(names) — pick the value to keep", "champ modifié : \(names) — choisissez la valeur à garder")
                    : t("changed: \(names) — pick the value to keep for each", "champs modifiés : \(names) — choisissez pour chacun la valeur à garder"),
                tone: "ask", contested: fields))
        }
        if attention.phases.disagreement {
            let views = attention.phases.perceptions.map { "\(t(Vocabulary.phase($0.phase)))\(t(":", " :")) \(data.names($0.members, empty: "-"))" }.joined(separator: "; ")
            items.append(Item(text: t("Members disagree on the phase the partnership is in", "Les membres ne voient pas la même phase du partenariat"),
                              detail: views, tone: "alarm"))
        }
        for id in attention.highRisks {
            guard let risk = byID[id].flatMap(Risk.init) else { continue }
            items.append(Item(text: t("High risk: \(risk.description)", "Risque élevé : \(risk.description)"),
                              detail: "\(t(Vocabulary.zone(risk.zone))) · \(risk.likelihood)×\(risk.impact)", tone: "alarm"))
        }
        for item in attention.valueDisagreements.flagged {
            let what = byID[item.contribution].flatMap(Contribution.init)?.what ?? item.contribution.short
            items.append(Item(text: t("The value of “\(what)” is disputed", "La valeur de « \(what) » est contestée"),
                              detail: t("valuations from \(item.lowest) to \(item.highest)", "évaluations de \(item.lowest) à \(item.highest)"), tone: "ask"))
        }
        for item in attention.renewals {
            guard let engagement = byID[item.engagement].flatMap(Engagement.init) else { continue }
            let who = data.name(engagement.member), stage = engagement.stage.flatMap { vision.stage($0)?.title } ?? "?"
            items.append(Item(
                text: t("\(who)'s engagement in “\(stage)” is to renew", "L'engagement \(French.de(who)) dans « \(stage) » est à renouveler"),
                detail: item.lapsed ? t("lapsed on \(t.date(item.renewOn))", "échu le \(t.date(item.renewOn))")
                    : t("lapses on \(t.date(item.renewOn))", "échoit le \(t.date(item.renewOn))"),
                tone: item.lapsed ? "alarm" : "soon"))
        }
        for item in attention.reviews {
            let terms = byID[item.record].flatMap(ExitTerms.init)
            let label = terms.map { $0.kind.map { t(Vocabulary.exit($0)) } ?? "?" } ?? byID[item.record].map(RecordResolver(records: vision.records).label) ?? item.kind
            let stage = item.kind == RecordKind.stage
            items.append(Item(
                text: stage ? t("Time to review the stage “\(label)”", "Il est temps de revoir l'étape « \(label) »")
                    : t("Time to review the exit terms “\(label)”", "Il est temps de revoir les conditions de sortie « \(label) »"),
                detail: t("review date \(t.date(item.reviewOn))", "date de révision \(t.date(item.reviewOn))"), tone: "soon"))
        }
        let titles = DecisionTitles(vision)
        for item in attention.decisions {
            guard let decision = byID[item.decision].flatMap(Decision.init) else { continue }
            let title = t(titles.title(decision))
            let waiting = data.names(item.waitingFor, empty: "-")
            let text: String, detail: String
            if item.reviewDue {
                text = t("Time to review the decision “\(title)”", "Il est temps de revoir la décision « \(title) »")
                detail = decision.reviewOn.map { t("review date \(t.date($0))", "date de révision \(t.date($0))") } ?? ""
            } else if item.blocked {
                text = t("The proposal “\(title)” is blocked", "La proposition « \(title) » est bloquée")
                detail = t("a single block stops it: see why on the decisions page", "un seul blocage l'arrête : voyez pourquoi sur la page des décisions")
            } else {
                text = t("The proposal “\(title)” waits for stances", "La proposition « \(title) » attend des positions")
                detail = t("not yet said: \(waiting)", "pas encore exprimée par : \(waiting)")
            }
            items.append(Item(text: text, detail: detail, tone: item.blocked ? "alarm" : "ask"))
        }
        let roster = vision.roster
        for motion in roster.openMotions() {
            let consenting = roster.consenting(motion)
            let waiting = data.names(motion.voters.subtracting(consenting).sorted { $0.hex < $1.hex }, empty: "-")
            let target = data.name(motion.target)
            items.append(Item(
                text: motion.action == .archive ? t("Proposal to archive \(target)", "Proposition d'archiver \(target)")
                    : motion.action == .revoke ? t("Proposal to revoke a device of \(target) (\(motion.device?.short ?? "?"))",
                                                   "Proposition de révoquer un appareil \(French.de(target)) (\(motion.device?.short ?? "?"))")
                    : t("Proposal to restore \(target)", "Proposition de rétablir \(target)"),
                detail: t("\(consenting.count) of \(motion.threshold) consents; waiting for \(waiting)",
                          "\(French.count(consenting.count, "consentement", "consentements")) sur \(motion.threshold) ; en attente de \(waiting)"), tone: "ask"))
        }
        for refusal in refusals {
            let author = data.workspace.directory.name(of: refusal.author)
            let why = data.workspace.explain(refusal)
            items.append(Item(text: t("\(author) signed something they may not do: it has no effect", "\(author) a signé un acte qui ne lui revient pas : il reste sans effet"),
                              detail: t(why), tone: "alarm"))
        }
        var seen = Set<AuthorKey>()
        for fork in forks where seen.insert(fork.author).inserted {
            let author = data.workspace.directory.name(of: fork.author)
            items.append(Item(text: t("\(author)'s device signed changes on two copies at once (a restored backup or a copied folder)",
                                      "L'appareil de \(author) a signé des changements sur deux copies à la fois (une sauvegarde restaurée ou un dossier copié)"),
                              detail: t("the work of both copies is kept; from now on, use only one of them (`entente audit` names the changes)",
                                        "le travail des deux copies est gardé ; désormais, n'utilisez plus que l'une d'elles (`entente audit` nomme les changements)"),
                              tone: "alarm"))
        }
        self.items = items.map { item in
            var item = item
            item.hasContested = !item.contested.isEmpty
            return item
        }
        self.calm = items.isEmpty
        self.heading = items.isEmpty
            ? t("Nothing needs attention on \(t.date(data.today)).", "Rien ne demande d'attention le \(t.date(data.today)).")
            : t("\(English.count(items.count, "item needs", "items need")) attention on \(t.date(data.today))", "\(French.count(items.count, "point demande", "points demandent")) de l'attention le \(t.date(data.today))")
        let words = CoachWords(PartnershipHealth(records: vision.records, today: vision.today), vision)
        self.healthHeading = t("How the partnership stands", "Où en est le partenariat")
        self.health = words.health.readings.map { reading in
            Health(idea: t(CoachWords.idea(reading.idea)), level: String(describing: reading.level), levelWord: t(CoachWords.level(reading.level)),
                   standing: t(words.standing(reading)), next: t(words.next(reading)))
        }
        self.verdictHeading = t("Façade or real synergy?", "Partenariat de façade ou réelle synergie ?")
        self.verdict = t(words.verdict)
        self.csrf = data.csrf
        self.back = data.page.path
        self.keepLabel = t("Keep this", "Garder celle-ci")
    }
}
