import EntenteActions
import EntenteCore

/// The vision statement, each part marked with who wrote it (shown on hover), and the form
/// that records an edit as the smallest set of inserts and deletes.
struct VisionView {
    struct Run {
        var text: String
        var author: String
        var tint: Int
        var title: String
    }
    struct Share {
        var author: String
        var characters: Int
        var tint: Int
        var label: String
    }

    var heading: String
    var runs: [Run]
    var empty: String?
    var shares: [Share]
    var current: String
    var editLabel: String
    var messageLabel: String
    var saveLabel: String
    var explain: String
    var csrf: String
    var back: String

    static let template = """
        <section class="vision">
        <h2>{{heading}}</h2>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        <p class="statement">{{#runs}}<span class="run tint{{tint}}" title="{{title}}">{{text}}</span>{{/runs}}</p>
        <ul class="legend">{{#shares}}<li><span class="swatch tint{{tint}}"></span>{{label}}</li>{{/shares}}</ul>
        <form method="post" action="/act/vision" class="card">{{> hidden}}
        <label for="vision-text">{{editLabel}}</label>
        <textarea id="vision-text" name="text" rows="8">{{current}}</textarea>
        <label for="vision-message">{{messageLabel}}</label>
        <input id="vision-message" name="message" maxlength="500">
        <p class="hint">{{explain}}</p>
        <button>{{saveLabel}}</button>
        </form>
        </section>
        """

    init(_ data: BoardData, authorship: [(author: AuthorKey?, text: String)]) {
        let t = data.t
        var tints: [String: Int] = [:]
        func tint(_ name: String) -> Int {
            if let known = tints[name] { return known }
            let next = tints.count % 6
            tints[name] = next
            return next
        }
        self.runs = authorship.map { run in
            let name = run.author.map { data.workspace.directory.name(of: $0) } ?? "?"
            return Run(text: run.text, author: name, tint: tint(name), title: t("written by \(name)", "écrit par \(name)"))
        }
        var totals: [String: Int] = [:]
        for run in authorship {
            totals[run.author.map { data.workspace.directory.name(of: $0) } ?? "?", default: 0] += run.text.unicodeScalars.count
        }
        self.shares = totals.sorted { $0.value > $1.value }.map { name, count in
            Share(author: name, characters: count, tint: tint(name), label: t("\(name): \(count) characters", "\(name) : \(count) caractères"))
        }
        self.heading = t("The vision we share", "La vision que nous partageons")
        self.empty = authorship.isEmpty ? t("No vision statement yet: write the first one below.", "Pas encore d'énoncé de vision : écrivez le premier ci-dessous.") : nil
        self.current = (try? data.workspace.collective().vision) ?? ""
        self.editLabel = t("Edit the statement", "Modifier l'énoncé")
        self.messageLabel = t("Why (optional)", "Pourquoi (facultatif)")
        self.saveLabel = t("Record my edit", "Enregistrer ma modification")
        self.explain = t("Only what you changed is recorded; edits made by others at the same time merge with yours.",
                         "Seul ce que vous changez est enregistré ; les modifications faites en même temps par d'autres se fondent avec les vôtres.")
        self.csrf = data.csrf
        self.back = data.page.path
    }
}
