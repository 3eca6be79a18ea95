import EntenteActions
import EntenteCore

/// Decisions: each proposal with its driver, every member's stance and reason, who has not
/// said, the outcome; the forms to propose, to give one's stance and to close one's own.
struct DecisionsView {
    struct Said {
        var name: String
        var position: String
        var word: String
        var reason: String?
        var option: String?
    }
    struct Card {
        var id: String
        var text: String
        var driver: String?
        var by: String
        var status: String
        var statusWord: String
        var open: Bool
        var blocked: Bool
        var stances: [Said]
        var waiting: String?
        var outcome: String?
        var review: String?
        var reviewDue: Bool
        var options: [Choice]
        var hasOptions: Bool
        var mine: Bool
        var history: String
    }

    var heading: String
    var empty: String?
    var cards: [Card]
    var labels: [String: String]
    var positions: [Choice]
    var closings: [Choice]
    var csrf: String
    var back: String

    static let template = """
        <section class="decisions">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        {{#cards}}<article class="card decision {{status}}">
        <h3>{{text}} <span class="badge{{#blocked}} alarm{{/blocked}}">{{statusWord}}</span></h3>
        {{#driver}}<p class="meta">{{labels.driver}} {{driver}}</p>{{/driver}}
        <p class="meta">{{labels.by}} {{by}}{{#review}} · {{labels.review}} {{review}}{{#reviewDue}} <strong class="alarm">{{labels.due}}</strong>{{/reviewDue}}{{/review}}</p>
        {{#outcome}}<p><strong>{{labels.outcome}}</strong> {{outcome}}</p>{{/outcome}}
        <ul class="stances">{{#stances}}<li class="stance {{position}}"><strong>{{name}}</strong> {{word}}{{#option}} · {{option}}{{/option}}{{#reason}} — {{reason}}{{/reason}}</li>{{/stances}}</ul>
        {{#waiting}}<p class="meta">{{labels.waiting}} {{waiting}}</p>{{/waiting}}
        {{#open}}<form method="post" action="/act/stance">{{> hidden}}<input type="hidden" name="decision" value="{{id}}">
        <select name="position" aria-label="{{labels.stance}}">{{#positions}}<option value="{{value}}">{{label}}</option>{{/positions}}</select>
        {{#hasOptions}}<select name="option" aria-label="{{labels.option}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/hasOptions}}
        <input name="reason" maxlength="2000" placeholder="{{labels.reason}}" aria-label="{{labels.reason}}">
        <button>{{labels.give}}</button></form>
        {{#mine}}<form method="post" action="/act/close-decision">{{> hidden}}<input type="hidden" name="decision" value="{{id}}">
        <select name="status" aria-label="{{labels.closeAs}}">{{#closings}}<option value="{{value}}">{{label}}</option>{{/closings}}</select>
        <input name="outcome" maxlength="2000" placeholder="{{labels.outcome}}" aria-label="{{labels.outcome}}">
        <input name="review" type="date" aria-label="{{labels.review}}" title="{{labels.review}}">
        <button>{{labels.close}}</button></form>{{/mine}}
        {{/open}}
        <a class="history" href="{{history}}">{{labels.history}}</a>
        </article>{{/cards}}
        <form method="post" action="/act/propose" class="card">{{> hidden}}
        <h3>{{labels.propose}}</h3>
        <label for="decision-text">{{labels.what}}</label><input id="decision-text" name="text" required maxlength="2000">
        <label for="decision-driver">{{labels.why}}</label><input id="decision-driver" name="driver" maxlength="2000">
        <label for="decision-options">{{labels.options}}</label><textarea id="decision-options" name="options" rows="3"></textarea>
        <label for="decision-review">{{labels.review}}</label><input id="decision-review" name="review" type="date">
        <button>{{labels.proposeButton}}</button>
        </form>
        </section>
        """

    init(_ data: BoardData) {
        let t = data.t, vision = data.vision
        let report = DecisionReport(vision, today: data.today)
        let decisions = vision.decisions.sorted { ($0.status.isOpen ? 0 : 1) < ($1.status.isOpen ? 0 : 1) }
        let titles = DecisionTitles(vision)
        // Closing is offered only where the core would accept it (nil: offer the proposer's).
        let permissions = data.workspace.permissions(decisions: decisions)
        self.cards = decisions.map { decision in
            let item = report.item(decision.id)
            return Card(
                id: decision.id.hex, text: BoardData.excerpt(t(titles.title(decision))), driver: decision.driver, by: data.name(decision.proposedBy),
                status: decision.status.rawValue,
                statusWord: item?.blocked == true && decision.status.isOpen ? t("blocked", "bloquée") : t(Vocabulary.status(decision.status)),
                open: decision.status.isOpen, blocked: item?.blocked == true && decision.status.isOpen,
                stances: (item?.stances ?? []).map { stance in
                    Said(name: data.name(stance.member), position: stance.position?.rawValue ?? "",
                         word: stance.position.map { t(Vocabulary.position($0)) } ?? "?", reason: stance.reason, option: stance.option)
                },
                waiting: (item?.waitingFor ?? []).isEmpty ? nil : data.names(item?.waitingFor ?? [], empty: ""),
                outcome: decision.outcome, review: decision.reviewOn.map(t.date), reviewDue: item?.reviewDue ?? false,
                // No option unless one is chosen (for agreeing): a block is on the whole proposal.
                options: [Choice(value: "", label: t("— the whole proposal", "— toute la proposition"), selected: true)]
                    + decision.options.map { Choice(value: $0, label: $0) },
                hasOptions: !decision.options.isEmpty,
                mine: permissions?.closable.contains(decision.id) ?? (decision.proposedBy == data.me?.id), history: "/record/\(decision.id.hex)")
        }
        self.heading = t("What we decide together", "Ce que nous décidons ensemble")
        self.empty = decisions.isEmpty ? t("No decision yet: propose the first one below.", "Aucune décision pour l'instant : proposez la première ci-dessous.") : nil
        self.positions = [Stance.Position.agree, .abstain, .object, .block, .withdrawn].map { Choice(value: $0.rawValue, label: t(Vocabulary.position($0))) }
        self.closings = [Decision.Status.adopted, .rejected, .withdrawn].map { Choice(value: $0.rawValue, label: t(Vocabulary.status($0))) }
        self.labels = [
            "driver": t("Why:", "Pourquoi :"), "by": t("proposed by", "proposée par"), "review": t("review on", "à revoir le"),
            "due": t("review due", "à revoir"), "outcome": t("Outcome:", "Issue :"), "waiting": t("waiting for", "en attente de"),
            "stance": t("Your stance", "Votre position"), "option": t("Your option", "Votre option"),
            "reason": t("Why (required to object or block)", "Pourquoi (obligatoire pour objecter ou bloquer)"),
            "give": t("Give my stance", "Donner ma position"), "closeAs": t("Close as", "Clore comme"), "close": t("Close my proposal", "Clore ma proposition"),
            "history": t("history", "historique"), "propose": t("Propose a decision", "Proposer une décision"),
            "what": t("What you propose", "Ce que vous proposez"), "why": t("Why it is needed", "Pourquoi c'est nécessaire"),
            "options": t("Options, one a line (optional)", "Options, une par ligne (facultatif)"), "proposeButton": t("Propose", "Proposer"),
        ]
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
