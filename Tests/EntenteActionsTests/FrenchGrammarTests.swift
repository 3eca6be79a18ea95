import EntenteActions
import EntenteCore
import Testing

/// Sample sentences checked by a French reader's rules: élision, contractions, counts,
/// agreement with the noun's gender.
@Suite struct FrenchGrammarTests {
    @Test(arguments: [
        ("Alice", "d'Alice"), ("Bruno", "de Bruno"), ("Hélène", "d'Hélène"), ("Élodie", "d'Élodie"), ("Yves", "d'Yves"),
        ("euphorie", "d'euphorie"), ("crise", "de crise"), ("le statut", "du statut"), ("les heures", "des heures"),
        ("l'étape", "de l'étape"), ("la date", "de la date"), ("Le Goff", "de Le Goff"),
    ])
    func deElidesAndContracts(_ word: String, _ expected: String) {
        #expect(French.de(word) == expected)
    }

    @Test func àContracts() {
        #expect(French.à("le texte") == "au texte" && French.à("les conditions") == "aux conditions" && French.à("la date") == "à la date")
    }

    @Test func countsAgreeWithTheirNumber() {
        #expect(French.count(0, "point demande", "points demandent") == "0 point demande")
        #expect(French.count(1, "point demande", "points demandent") == "1 point demande")
        #expect(French.count(12, "point demande", "points demandent") == "12 points demandent")
        #expect(English.count(0, "item", "items") == "0 items" && English.count(1, "item", "items") == "1 item")
    }

    @Test func nothingFoundAgreesWithTheNoun() {
        for (kind, expected) in [(RecordKind.stage, "aucune étape ne correspond"), (RecordKind.risk, "aucun risque ne correspond"),
                                 (RecordKind.decision, "aucune décision ne correspond"), (RecordKind.phaseCheckIn, "aucun relevé de phase")] {
            do {
                _ = try RecordResolver(records: []).resolve("licorne", kind: kind)
                Issue.record("found a \(kind)")
            } catch let error as ActionError {
                #expect(error.phrase.french.hasPrefix(expected), "\(error.phrase.french)")
                #expect(!error.phrase.french.contains("·"), "\(error.phrase.french)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func valuesReadInFrenchWithTheirGender() {
        #expect(Expectation.Kind.concern.words.french == "crainte" && Expectation.Kind.concern.isFeminine)
        #expect(!Expectation.Kind.interest.isFeminine)
        #expect(Stage.Status.active.words.french == "en cours" && ContributionType.care.words.french == "soin")
    }
}

/// Issue 25: French is set with a no-break space before « : » and inside « », a narrow one
/// before « ; ! ? », so that no line starts with them.
@Suite struct FrenchTypographyTests {
    static let nbsp = "\u{00A0}", narrow = "\u{202F}"

    @Test(arguments: [
        ("clé : valeur", "clé\(nbsp): valeur"),
        ("Exemple :\n  entente sync", "Exemple\(nbsp):\n  entente sync"),
        ("« Pilote »", "«\(nbsp)Pilote\(nbsp)»"),
        ("Continuer ? [o/N]", "Continuer\(narrow)? [o/N]"),
        ("c'est fait ! bravo ; merci", "c'est fait\(narrow)! bravo\(narrow); merci"),
        ("« Budget : 2027 » ?", "«\(nbsp)Budget\(nbsp): 2027\(nbsp)»\(narrow)?"),
        // Left alone: no space before, or not punctuation.
        ("entente peer add NOM HÔTE:PORT", "entente peer add NOM HÔTE:PORT"),
        ("écoute sur [::1]:7420 et :: à 14:05", "écoute sur [::1]:7420 et :: à 14:05"),
        ("voir http://127.0.0.1:7421/?jeton=a", "voir http://127.0.0.1:7421/?jeton=a"),
        ("a :b", "a :b"),
        ("rien à changer", "rien à changer"),
    ])
    func spacesBeforeMarksDoNotBreak(_ text: String, _ expected: String) {
        #expect(French.typeset(text) == expected)
        #expect(French.typeset(French.typeset(text)) == expected, "setting twice changes nothing more")
    }
}
