import EntenteActions
import Testing

@Suite struct LanguageTests {
    @Test func acceptLanguagePicksTheFirstSpokenLanguageByWeight() {
        #expect(Language.preferred(acceptLanguage: "fr-CH, fr;q=0.9, en;q=0.8") == .french)
        #expect(Language.preferred(acceptLanguage: "en-US,en;q=0.9,fr;q=0.8") == .english)
        #expect(Language.preferred(acceptLanguage: "de-DE, fr;q=0.5, en;q=0.4") == .french)
        #expect(Language.preferred(acceptLanguage: "en;q=0.2, fr;q=0.7") == .french)
        #expect(Language.preferred(acceptLanguage: "de, it") == .english)
        #expect(Language.preferred(acceptLanguage: "fr;q=0, en") == .english)
        #expect(Language.preferred(acceptLanguage: "fr;q=nan") == .english)
        #expect(Language.preferred(acceptLanguage: nil) == .english)
        #expect(Language.preferred(acceptLanguage: ",,;;q=") == .english)
    }
}
