import EntenteActions

/// Picks the text of the page's language. Every text a page shows goes through one, so the
/// templates hold no words of their own and each language is complete.
struct Translator: Sendable {
    let language: Language

    /// French is set as French is printed (``French/typeset(_:)``: no-break spaces before
    /// « : ; ! ? » and inside « »).
    func callAsFunction(_ english: String, _ french: String) -> String {
        self.language == .french ? French.typeset(french) : english
    }

    func callAsFunction(_ phrase: Phrase) -> String {
        self.language == .french ? French.typeset(phrase.french) : phrase.english
    }

    /// `2026-12-03` as "3 Dec 2026" or "3 déc. 2026".
    func date(_ iso: String) -> String {
        Dates.shown(iso, language: self.language)
    }
}
