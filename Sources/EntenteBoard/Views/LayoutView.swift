import EntenteActions

/// The frame of every page: the collective, who is looking, the navigation, the language
/// switch, the sync and meet buttons, the message of the last action, and the view itself.
struct LayoutView {
    struct Link {
        var href: String
        var label: String
        var current: Bool
    }
    struct Flash {
        var text: String
        var tone: String
    }
    /// A collective the board can switch to (one board for all of a person's collectives).
    struct Collective {
        var id: String
        var name: String
        var current: Bool
    }

    var lang: String
    var title: String
    var collective: String
    /// Every collective this board shows, when there are several (empty otherwise).
    var collectives: [Collective] = []
    var switchLabel: String?
    var youAre: String
    var nav: [Link]
    var navLabel: String
    var languages: [Link]
    var syncLabel: String
    /// Nil when the board was started with --no-meet.
    var meetLabel: String?
    var liveLabel: String
    var changes: Int
    var flash: Flash?
    var body: String
    var csrf: String
    var back: String

    static let template = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{collective}}</title>
        <link rel="stylesheet" href="/assets/board.css">
        <script src="/assets/board.js" defer></script>
        </head>
        <body data-changes="{{changes}}">
        <header class="top">
        {{^collectives}}<p class="collective">{{collective}}</p>{{/collectives}}
        {{#switchLabel}}<form method="post" action="/act/collective" class="inline switcher">{{> hidden}}<label>{{switchLabel}} <select name="collective">{{#collectives}}<option value="{{id}}"{{#current}} selected{{/current}}>{{name}}</option>{{/collectives}}</select></label> <button>OK</button></form>{{/switchLabel}}
        <p class="who">{{youAre}}</p>
        <p class="languages">{{#languages}}<a href="{{href}}" hreflang="{{label}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a> {{/languages}}</p>
        <form method="post" action="/act/sync" class="inline">{{> hidden}}<button>{{syncLabel}}</button></form>
        {{#meetLabel}}<form method="post" action="/act/meet" class="inline">{{> hidden}}<button>{{meetLabel}}</button></form>{{/meetLabel}}
        <span id="live" class="live" hidden>{{liveLabel}}</span>
        </header>
        <nav aria-label="{{navLabel}}">{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
        {{#flash}}<p class="flash {{tone}}" role="status">{{text}}</p>{{/flash}}
        <main id="main">{{{body}}}</main>
        </body>
        </html>
        """

    /// The hidden fields every form carries: the CSRF token and the page to come back to.
    static let hidden = """
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}">
        """
}
