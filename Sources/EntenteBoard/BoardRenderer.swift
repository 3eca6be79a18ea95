import Mustache

/// The board's templates, parsed once. Every `{{value}}` is HTML-escaped by the template
/// library (quotes included, so values are safe inside attributes too); the only unescaped
/// insertion is the layout's `{{{body}}}`, which is itself a rendered template.
struct BoardRenderer: Sendable {
    let library: MustacheLibrary

    static let templates: [String: String] = [
        "layout": LayoutView.template, "hidden": LayoutView.hidden,
        "status": StatusView.template, "vision": VisionView.template, "expectations": ExpectationsView.template,
        "complementarities": ComplementarityView.template, "stages": StagesView.template, "phases": PhasesView.template,
        "commitments": CommitmentsView.template, "risks": RisksView.template, "contributions": ContributionsView.template, "decisions": DecisionsView.template,
        "members": MembersView.template, "log": LogView.template,
    ]

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates {
            try library.register(text, named: name)
        }
        self.library = library
    }

    func render(_ object: Any, _ name: String) -> String {
        // Every name is registered in init, so a missing template is a programming error
        // caught by the view tests; render nothing rather than crash a request.
        self.library.render(object, withTemplate: name) ?? ""
    }
}
