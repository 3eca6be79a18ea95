import EntenteActions
import EntenteCore
import Testing

/// Keywords typed as people type them, in either language.
@Suite struct KeywordTests {
    @Test(arguments: [
        ("crise", "crisis"), ("Euphorie", "euphoria"), ("PERFORMANCE", "performance"), ("euphoria", "euphoria"),
    ])
    func phasesInEitherLanguage(_ typed: String, _ code: String) throws {
        #expect(try Input.choice(typed, PhaseCheckIn.Phase.self, option: "the phase").rawValue == code)
    }

    @Test(arguments: [
        ("défection", "defection"), ("defection", "defection"), ("Défection", "defection"),
        ("manque de distance", "lack-of-distance"), ("Manque-de-distance", "lack-of-distance"), ("lack of distance", "lack-of-distance"),
        ("lack-of-distance", "lack-of-distance"), ("valeur du travail", "value-of-work"), ("évaluation des résultats", "evaluation-of-results"),
        ("autre", "other"),
    ])
    func zonesWithAccentsSpacesAndHyphens(_ typed: String, _ code: String) throws {
        #expect(try Input.choice(typed, Risk.Zone.self, option: "--zone").rawValue == code)
    }

    @Test func frenchAdjectivesInAnyGenderAndNumber() throws {
        for typed in ["atténué", "atténuée", "attenue", "Atténués", "mitigated"] {
            #expect(try Input.choice(typed, Risk.Status.self, option: "--status") == .mitigated, "\(typed)")
        }
        for typed in ["ouvert", "ouverte", "open"] {
            #expect(try Input.choice(typed, Expectation.Status.self, option: "--status") == .open, "\(typed)")
        }
        for typed in ["discuté", "discutée", "convenu"] {
            #expect(try Input.choice(typed, Expectation.Status.self, option: "--status") != .open, "\(typed)")
        }
        #expect(try Input.choice("adopté", Decision.Status.self, option: "--status") == .adopted)
        #expect(try Input.choice("prévu", Stage.Status.self, option: "--status") == .planned)
        #expect(try Input.choice("en cours", Stage.Status.self, option: "--status") == .active)
    }

    @Test func everyValueIsReachedByEachOfItsWordsAndNoneIsAmbiguous() throws {
        func check<T: Keyword & Equatable>(_ type: T.Type) {
            for value in T.allCases {
                for typed in [value.rawValue, value.words.english, value.words.french] + value.synonyms {
                    #expect(T.parse(typed) == value, "\(T.self): '\(typed)' should name \(value.rawValue)")
                }
            }
        }
        check(Expectation.Kind.self); check(Expectation.Status.self); check(Commitment.Status.self); check(Risk.Status.self)
        check(Risk.Zone.self); check(PhaseCheckIn.Phase.self); check(Complementarity.Kind.self); check(Decision.Status.self)
        check(Stance.Position.self); check(ExitKind.self); check(ContributionType.self); check(Stage.Status.self)
    }

    @Test(arguments: [
        ("fait", Commitment.Status.done), ("tenu", .done), ("done", .done), ("accepté", .accepted), ("acceptée", .accepted),
        ("abandonné", .dropped), ("rompu", .broken), ("proposé", .proposed),
    ])
    func commitmentStatuses(_ typed: String, _ status: Commitment.Status) throws {
        #expect(try Input.choice(typed, Commitment.Status.self, option: "--status") == status)
    }

    @Test func stancesAndExitsAsSaid() throws {
        #expect(try Input.choice("bloquer", Stance.Position.self, option: "x") == .block)
        #expect(try Input.choice("d’accord", Stance.Position.self, option: "x") == .agree)
        #expect(try Input.choice("abstention", Stance.Position.self, option: "x") == .abstain)
        #expect(try Input.choice("bonne raison", ExitKind.self, option: "x") == .goodReason)
        #expect(try Input.choice("good-reason", ExitKind.self, option: "x") == .goodReason)
        #expect(try Input.choice("sans bonne raison", ExitKind.self, option: "x") == .noGoodReason)
        #expect(try Input.choice("exclusion pour faute", ExitKind.self, option: "x") == .excludedWithCause)
        #expect(try Input.choice("crainte", Expectation.Kind.self, option: "x") == .concern)
        #expect(try Input.choice("soin", ContributionType.self, option: "x") == .care)
    }

    @Test func unknownWordsAreRefusedWithTheValuesInTheReadersLanguage() {
        do {
            _ = try Input.choice("bof", PhaseCheckIn.Phase.self, option: Phrase("the phase", fr: "la phase"))
            Issue.record("'bof' was accepted")
        } catch let error as ActionError {
            #expect(error.phrase.english == "'bof' is not allowed for the phase; use one of: euphoria, crisis, performance")
            #expect(error.phrase.french == "« bof » n'est pas permis pour la phase ; choisissez parmi : euphorie, crise, performance")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try Input.choice("", Risk.Zone.self, option: "--zone")
            Issue.record("an empty zone was accepted")
        } catch let error as ActionError {
            #expect(error.phrase.french.hasSuffix("choisissez parmi : défection, « manque de distance », « valeur du travail », « évaluation des résultats », autre"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
