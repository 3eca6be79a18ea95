import EntenteActions
import Mustache
import EntenteCore

/// Commitments as a board by status, with due and overdue marks and who accepted them.
struct CommitmentsView {
    struct Card {
        var id: String
        var what: String
        var by: String
        var towards: String
        var due: String?
        var mark: String?
        var markLabel: String?
        var acceptedBy: String?
        var canAccept: Bool
        /// Whether the member may give it another status (the core's rules, dry run).
        var canChange: Bool
        var statuses: [Choice]
        var stage: String?
        var conflict: Bool
        var history: String
    }
    struct Column {
        var status: String
        var title: String
        var count: Int
        var cards: [Card]
    }

    var heading: String
    var columns: [Column]
    var labels: [String: String]
    var members: [Choice]
    var stages: [Choice]
    var csrf: String
    var back: String

    static let template = """
        <section class="commitments">
        <h2>{{heading}}</h2>
        <div class="columns">
        {{#columns}}<div class="column {{status}}"><h3>{{title}} <span class="count">{{count}}</span></h3>
        {{#cards}}<article class="card commitment">
        <p class="what">{{what}}{{#conflict}} <span class="badge alarm">{{labels.conflict}}</span>{{/conflict}}</p>
        <p class="meta">{{by}} → {{towards}}{{#stage}} · {{stage}}{{/stage}}</p>
        {{#due}}<p class="due {{mark}}">{{labels.due}} {{due}}{{#markLabel}} · <strong>{{markLabel}}</strong>{{/markLabel}}</p>{{/due}}
        {{#acceptedBy}}<p class="meta">{{labels.acceptedBy}} {{acceptedBy}}</p>{{/acceptedBy}}
        {{#canAccept}}<form method="post" action="/act/accept" class="inline">{{> hidden}}<input type="hidden" name="commitment" value="{{id}}"><button>{{labels.accept}}</button></form>{{/canAccept}}
        {{#canChange}}<form method="post" action="/act/commitment-status" class="inline">{{> hidden}}<input type="hidden" name="commitment" value="{{id}}">
        <select name="status" aria-label="{{labels.status}}">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select><button>{{labels.change}}</button></form>{{/canChange}}
        <a class="history" href="{{history}}">{{labels.history}}</a>
        </article>{{/cards}}
        </div>{{/columns}}
        </div>
        <form method="post" action="/act/commitment" class="card">{{> hidden}}
        <h3>{{labels.add}}</h3>
        <label for="commitment-what">{{labels.what}}</label><input id="commitment-what" name="what" required maxlength="2000">
        <label for="commitment-towards">{{labels.towards}}</label>
        <select id="commitment-towards" name="towards" multiple>{{#members}}<option value="{{value}}">{{label}}</option>{{/members}}</select>
        <label for="commitment-due">{{labels.dueOn}}</label><input id="commitment-due" name="due" type="date">
        <label for="commitment-stage">{{labels.stage}}</label>
        <select id="commitment-stage" name="stage">{{#stages}}<option value="{{value}}">{{label}}</option>{{/stages}}</select>
        <button>{{labels.commit}}</button>
        </form>
        </section>
        """

    init(_ data: BoardData, soonUntil: String) {
        let t = data.t, vision = data.vision
        let deadlines = CommitmentDeadlines(records: vision.records, today: data.today, soonUntil: soonUntil)
        let marks = Dictionary(deadlines.items.map { ($0.commitment, $0.overdue) }, uniquingKeysWith: { a, _ in a })
        let commitments = vision.commitments.filter { !$0.record.isArchived }
        // Only what the core would accept is offered (nil: it could not be told; offer all).
        let permissions = data.workspace.permissions(commitments: commitments)
        self.columns = Commitment.Status.allCases.map { status in
            let cards = commitments.filter { $0.status == status }.map { commitment -> Card in
                let owed = commitment.towards.isEmpty ? vision.activeMembers.map(\.id).filter { $0 != commitment.by } : commitment.towards
                let mine = data.me.map { me in owed.contains(me.id) && !commitment.acceptedBy.contains(me.id) && me.id != commitment.by } ?? false
                let mark: String? = marks[commitment.id].map { $0 ? "overdue" : "soon" }
                return Card(
                    id: commitment.id.hex, what: BoardData.excerpt(commitment.what), by: data.name(commitment.by),
                    towards: commitment.towards.isEmpty ? t("the collective", "le collectif") : data.names(commitment.towards, empty: "-"),
                    due: commitment.due.map(t.date), mark: mark,
                    markLabel: mark.map { $0 == "overdue" ? t("overdue", "en retard") : t("due soon", "bientôt dû") },
                    acceptedBy: commitment.acceptedBy.isEmpty ? nil : data.names(commitment.acceptedBy, empty: ""),
                    canAccept: mine && commitment.status.isOpen && (permissions?.acceptable.contains(commitment.id) ?? true),
                    canChange: permissions.map { !($0.commitmentStatuses[commitment.id] ?? []).isEmpty } ?? true,
                    statuses: Commitment.Status.allCases
                        .filter { $0 == commitment.status || (permissions?.commitmentStatuses[commitment.id]?.contains($0) ?? (permissions == nil)) }
                        .map { Choice(value: $0.rawValue, label: t(Vocabulary.status($0)), selected: $0 == commitment.status) },
                    stage: commitment.stage.flatMap { vision.stage($0)?.title }, conflict: !commitment.record.conflictedFields.isEmpty,
                    history: "/record/\(commitment.id.hex)")
            }
            return Column(status: status.rawValue, title: t(Vocabulary.status(status)), count: cards.count, cards: cards)
        }
        self.heading = t("Who committed to what", "Qui s'est engagé à quoi")
        self.labels = [
            "due": t("due", "échéance"), "acceptedBy": t("accepted by", "accepté par"), "accept": t("I accept it", "J'accepte"),
            "status": t("Status", "Statut"), "change": t("Change", "Changer"), "history": t("history", "historique"),
            "conflict": t("conflict", "conflit"), "add": t("Commit to something", "S'engager à quelque chose"),
            "what": t("What you commit to", "Ce à quoi vous vous engagez"), "towards": t("Towards (none: the whole collective)", "Envers (aucun : tout le collectif)"),
            "dueOn": t("Due on", "Pour le"), "stage": t("Stage", "Étape"), "commit": t("I commit", "Je m'engage"),
        ]
        self.members = vision.activeMembers.filter { $0.id != data.me?.id }.map { Choice(value: $0.id.hex, label: $0.name) }
        self.stages = data.stageChoices
        self.csrf = data.csrf
        self.back = data.page.path
    }
}

// The template reads each card's fields by name: answered here rather than by reflection
// (swift-mustache's `Mirror` walk made the page of a thousand commitments take 0.4 s).
extension CommitmentsView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": self.heading
        case "columns": self.columns
        case "labels": self.labels
        case "members": self.members
        case "stages": self.stages
        case "csrf": self.csrf
        case "back": self.back
        default: nil
        }
    }
}

extension CommitmentsView.Column: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "status": self.status
        case "title": self.title
        case "count": self.count
        case "cards": self.cards
        default: nil
        }
    }
}

extension CommitmentsView.Card: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "what": self.what
        case "by": self.by
        case "towards": self.towards
        case "due": self.due
        case "mark": self.mark
        case "markLabel": self.markLabel
        case "acceptedBy": self.acceptedBy
        case "canAccept": self.canAccept
        case "statuses": self.statuses
        case "stage": self.stage
        case "conflict": self.conflict
        case "history": self.history
        default: nil
        }
    }
}
