import EntenteActions

/// Picks the text of the page's language. Every text a page shows goes through one, so the
/// templates hold no words of their own and each language is complete.
struct Translator: Sendable {
    let language: Language

    func callAsFunction(_ english: String, _ french: String) -> String {
        self.language == .french ? french : english
    }

    func callAsFunction(_ phrase: Phrase) -> String {
        phrase.text(self.language)
    }

    /// `2026-12-03` as "3 Dec 2026" or "3 déc. 2026".
    func date(_ iso: String) -> String {
        Dates.shown(iso, language: self.language)
    }
}
