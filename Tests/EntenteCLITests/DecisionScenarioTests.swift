import EntenteTestSupport
import EntenteActions
import Foundation
import Testing

/// The seed's decisions, end to end through the binary, in French: a proposal, stances by three
/// members on their own replicas (an objection with its reason, a block then lifted), an
/// outcome and a review date, visible after sync everywhere a person looks.
@Suite("Decisions, end to end")
struct DecisionScenarioTests {
    @Test func aProposalIsDecidedByEachMemberOnTheirOwnReplica() throws {
        try CommandFixture.with("entente-decisions") { f in
            let a = f.replica("alice"), b = f.replica("bob"), c = f.replica("chloe")
            try f.ok(["init", "--collective", "Atelier Nord", "--name", "Alice", "--replica", a])
            try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
            try f.ok(["init", "--from", a, "--name", "Chloé", "--replica", c])
            func everyoneSyncs() throws {
                for (to, from) in [(a, b), (a, c), (b, a), (c, a)] { try f.ok(["merge", from, "--replica", to]) }
            }
            try everyoneSyncs()
            func json(_ replica: String, _ arguments: String...) throws -> [String: Any] {
                try #require(try f.json(arguments + ["--replica", replica]) as? [String: Any])
            }

            let proposed = try f.ok(["decision", "propose", "Nous répondons à l'appel d'offres ensemble",
                                     "--driver", "Aucun de nous ne peut y répondre seul", "--replica", a])
            let id = try #require(proposed.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            #expect(id.count == 8)
            try everyoneSyncs()
            // Bob objects with his reason; Chloé blocks; a block without a reason is refused.
            try f.fails(["decision", "stance", id, "block"], replica: c)
            try f.ok(["decision", "stance", id, "object", "--reason", "Le délai de trois semaines est trop court", "--replica", b])
            try f.ok(["decision", "stance", id, "block", "--reason", "Nous n'avons pas fixé le partage des honoraires", "--replica", c])
            // Nobody speaks for another: Alice cannot give Bob's stance (there is no flag for it),
            // and her replica cannot adopt while Chloé's block stands.
            try everyoneSyncs()
            let blocked = try f.fails(["decision", "close", id, "--status", "adopted"], replica: a)
            #expect(blocked.contains("Chloé blocks this decision (Nous n'avons pas fixé le partage des honoraires)"))
            var status = try json(a, "status")
            let waiting = try #require(status["decisions"] as? [[String: Any]])
            #expect(waiting.first?["blocked"] as? Bool == true)
            #expect(waiting.first?["waitingFor"] as? [String] == ["Alice"])

            // Chloé lifts her block (a new stance), Alice agrees, then closes with an outcome.
            try f.ok(["decision", "stance", id, "agree", "--replica", c])
            try f.ok(["decision", "stance", id, "agree", "--replica", a])
            try everyoneSyncs()
            let review = Dates.today()
            try f.ok(["decision", "close", id, "--status", "adopted", "--outcome", "Alice coordonne, Bob relit", "--review", review, "--replica", a])
            try everyoneSyncs()
            // Once Bob's replica holds the close, his late objection is refused.
            try f.fails(["decision", "stance", id, "object", "--reason", "Trop tard"], replica: b)

            // Visible after sync, on Bob's replica: show, status (the review is due today), JSON, export.
            let shown = try f.ok(["decision", "show", id, "--replica", b])
            #expect(shown.contains("Nous répondons à l'appel d'offres ensemble"))
            #expect(shown.contains("driver:      Aucun de nous ne peut y répondre seul"))
            #expect(shown.contains("status:      adopted"))
            #expect(shown.contains("outcome:     Alice coordonne, Bob relit"))
            #expect(shown.contains("Bob: object — Le délai de trois semaines est trop court"))
            #expect(shown.contains("Chloé: agree"))
            status = try json(b, "status")
            let due = try #require(status["decisions"] as? [[String: Any]])
            #expect(due.first?["reviewDue"] as? Bool == true)
            let board = try json(b, "show")
            let decisions = try #require(board["decisions"] as? [[String: Any]])
            #expect(decisions.count == 1)
            #expect(decisions.first?["status"] as? String == "adopted")
            #expect((decisions.first?["stances"] as? [[String: Any]])?.count == 3)
            let export = f.directory.path("vision.md")
            try f.ok(["export", "--format", "markdown", export, "--replica", b])
            let markdown = try String(contentsOfFile: export, encoding: .utf8)
            #expect(markdown.contains("## Decisions"))
            #expect(markdown.contains("Bob object: Le délai de trois semaines est trop court"))
            // The log says it in words.
            let log = try f.ok(["log", "--replica", b])
            #expect(log.contains("Chloé blocks the proposal “Nous répondons à l'appel d'offres ensemble”"), "\(log)")
            try f.expectLimitedLogTellsAsTheWholeLog(b)
        }
    }

    /// The same practice read in French: what each member types and reads (LANG=fr_FR.UTF-8).
    @Test func theSeedsDecisionReadsInFrench() throws {
        try CommandFixture.with("entente-decisions-fr", environment: ["LANG": "fr_FR.UTF-8", "ENTENTE_LANG": ""]) { f in
            let a = f.replica("alice"), b = f.replica("bob"), c = f.replica("chloe")
            try f.ok(["init", "--collective", "Atelier Nord", "--name", "Alice", "--replica", a])
            try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
            try f.ok(["init", "--from", a, "--name", "Chloé", "--replica", c])
            func everyoneSyncs() throws {
                for (to, from) in [(a, b), (a, c), (b, a), (c, a)] { try f.ok(["merge", from, "--replica", to]) }
            }
            try everyoneSyncs()
            let proposed = try f.ok(["decision", "propose", "Nous répondons à l'appel d'offres ensemble",
                                     "--driver", "Aucun de nous ne peut y répondre seul", "--replica", a])
            #expect(proposed.hasPrefix("Proposition "))
            #expect(proposed.contains("Chaque membre donne sa position"))
            let id = try #require(proposed.split(separator: " ").dropFirst().first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":")) })
            try everyoneSyncs()
            let noReason = try f.fails(["decision", "stance", id, "block"], replica: c)
            #expect(noReason.contains("Erreur\u{00A0}: pour blocage, dites pourquoi"), "\(noReason)")
            try f.ok(["decision", "stance", id, "object", "--reason", "Le délai de trois semaines est trop court", "--replica", b])
            try f.ok(["decision", "stance", id, "block", "--reason", "Nous n'avons pas fixé le partage des honoraires", "--replica", c])
            try everyoneSyncs()
            let blocked = try f.fails(["decision", "close", id, "--status", "adopted"], replica: a)
            #expect(blocked.contains("Chloé bloque cette décision (Nous n'avons pas fixé le partage des honoraires)"), "\(blocked)")
            let waiting = try f.ok(["status", "--replica", a])
            #expect(waiting.contains("bloquée\u{00A0}:") && waiting.contains("la décision «\u{00A0}Nous répondons à l'appel d'offres ensemble\u{00A0}»"), "\(waiting)")
            try f.ok(["decision", "stance", id, "agree", "--replica", c])
            try f.ok(["decision", "stance", id, "agree", "--replica", a])
            try everyoneSyncs()
            let closed = try f.ok(["decision", "close", id, "--status", "adopted", "--outcome", "Alice coordonne, Bob relit",
                                   "--review", Dates.today(), "--replica", a])
            #expect(closed.contains("adoptée, à revoir le \(Dates.shown(Dates.today(), language: .french))"), "\(closed)")
            try everyoneSyncs()
            let shown = try f.ok(["decision", "show", id, "--replica", b])
            #expect(shown.contains("proposée par\u{00A0}:  Alice"), "\(shown)")
            #expect(shown.contains("raison\u{00A0}:        Aucun de nous ne peut y répondre seul"), "\(shown)")
            #expect(shown.contains("statut\u{00A0}:        adoptée"), "\(shown)")
            #expect(shown.contains("issue\u{00A0}:         Alice coordonne, Bob relit"), "\(shown)")
            #expect(shown.contains("à revoir le\u{00A0}:   \(Dates.shown(Dates.today(), language: .french)) (échue)"), "\(shown)")
            #expect(shown.contains("Bob\u{00A0}: objection — Le délai de trois semaines est trop court"), "\(shown)")
            #expect(shown.contains("Chloé\u{00A0}: d'accord"), "\(shown)")
            let listed = try f.ok(["decision", "list", "--replica", b])
            #expect(listed.contains("PROPOSITION") && listed.contains("adoptée (à revoir)"), "\(listed)")
            let due = try f.ok(["status", "--replica", b])
            #expect(due.contains("la décision «\u{00A0}Nous répondons à l'appel d'offres ensemble\u{00A0}» est à revoir"), "\(due)")
            let board = try #require(try f.json(["show", "--replica", b]) as? [String: Any])
            #expect((board["decisions"] as? [[String: Any]])?.first?["outcome"] as? String == "Alice coordonne, Bob relit")
            let export = f.directory.path("vision.md")
            try f.ok(["export", "--format", "markdown", export, "--replica", b])
            #expect(try String(contentsOfFile: export, encoding: .utf8).contains("Alice coordonne, Bob relit"))
        }
    }

    /// Alice closes her proposal from two devices at once with different outcomes: neither
    /// wins silently, the conflict is shown until she settles it.
    @Test func concurrentClosesWithDifferentOutcomesAreAVisibleConflict() throws {
        try CommandFixture.with("entente-decisions-closes") { f in
            let a = f.replica("alice"), laptop = f.replica("alice-laptop")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            let proposed = try f.ok(["decision", "propose", "Un local commun", "--replica", a])
            let id = try #require(proposed.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            try f.ok(["device", "link", laptop, "--replica", a])
            try f.ok(["merge", a, "--replica", laptop])
            try f.ok(["decision", "close", id, "--status", "adopted", "--outcome", "À Lyon", "--replica", a])
            try f.ok(["decision", "close", id, "--status", "rejected", "--outcome", "Trop cher", "--replica", laptop])
            try f.ok(["merge", laptop, "--replica", a])
            try f.ok(["merge", a, "--replica", laptop])
            for replica in [a, laptop] {
                let decision = try #require(try f.json(["decision", "show", id, "--replica", replica]) as? [String: Any])
                #expect(decision["conflicts"] as? [String] == ["outcome", "status"])
                let conflicts = try f.ok(["conflicts", "--replica", replica])
                #expect(conflicts.contains("À Lyon") && conflicts.contains("Trop cher"))
                #expect(try f.ok(["status", "--replica", replica]).contains("conflict on decision “Un local commun”, the outcome:"))
            }
        }
    }

    @Test func badDecisionInputIsRefusedAndWritesNothing() throws {
        try CommandFixture.with("entente-decisions-bad") { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            let proposed = try f.ok(["decision", "propose", "Un local commun", "--option", "Lyon", "--option", "Grenoble", "--replica", a])
            let id = try #require(proposed.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            #expect(try f.fails(["decision", "propose", "Plus tard", "--review", "2001-01-01"], replica: a).contains("is in the past"))
            #expect(try f.fails(["decision", "propose", "   "], replica: a).contains("must not be empty"))
            #expect(try f.fails(["decision", "stance", id, "maybe"], replica: a).contains("use one of: agree, abstain, object, block, withdrawn"))
            #expect(try f.fails(["decision", "stance", id, "agree", "--option", "Paris"], replica: a).contains("its options: Grenoble, Lyon"))
            #expect(try f.fails(["decision", "stance", id, "withdrawn"], replica: a).contains("no stance on this decision"))
            #expect(try f.fails(["decision", "close", id, "--status", "open"], replica: a).contains("adopted, rejected or withdrawn"))
            try f.ok(["decision", "stance", id, "agree", "--option", "Lyon", "--replica", a])
            try f.ok(["decision", "close", id, "--status", "withdrawn", "--replica", a])
            #expect(try f.fails(["decision", "stance", id, "agree"], replica: a).contains("already withdrawn"))
            #expect(try f.fails(["decision", "close", id, "--status", "adopted"], replica: a).contains("already withdrawn"))
        }
    }
}

/// The value rule through the binary: proposed, adopted, applied to hours and cash.
@Suite("The value rule, end to end")
struct ValueRuleScenarioTests {
    @Test func anAdoptedRuleGivesEachMemberTheirShare() throws {
        try CommandFixture.with("entente-value") { f in
            let a = f.replica("alice"), b = f.replica("bob")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
            try f.ok(["merge", b, "--replica", a])
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["contribution", "add", "Réponse à l'appel d'offres", "--effort", "10", "--replica", a])
            try f.ok(["contribution", "add", "Ordinateur pour l'atelier", "--type", "cash", "--amount", "1200", "--replica", b])
            #expect(try f.ok(["value", "shares", "--replica", a]).contains("No value rule is in force"))
            let proposed = try f.ok(["value", "rule", "--rate", "60", "--multiplier", "cash=0.5", "--levy", "10 %", "--replica", a])
            let id = try #require(proposed.components(separatedBy: "as decision ").last?.prefix(8)).description
            try f.fails(["value", "rule", "--rate", "-60"], replica: a)
            try f.fails(["value", "rule", "--rate", "60", "--levy", "150 %"], replica: a)
            try f.fails(["value", "rule", "--rate", "60,555"], replica: a)
            // The rule's decision is named at display time, in each reader's language; nothing English is stored.
            #expect(try f.ok(["decision", "show", id, "--replica", a]).hasPrefix("Value rule: 60.00 EUR an hour, cash ×0.5, levy 10 % for the common fund"))
            let enFrançais = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["decision", "list", "--replica", a]).stdout
            #expect(enFrançais.contains("Règle de valeur") && !enFrançais.contains("Value rule"), "\(enFrançais)")
            let stored = try #require(try f.json(["decision", "show", id, "--replica", a]) as? [String: Any])
            #expect((stored["text"] as? String)?.hasPrefix("Value rule: ") == true)
            #expect(try f.ok(["decision", "show", "règle de valeur", "--replica", a]).hasPrefix("Value rule:"))
            try f.ok(["decision", "close", id, "--status", "adopted", "--replica", a])
            try f.ok(["merge", b, "--replica", a])
            let shares = try #require(try f.json(["value", "shares", "--replica", a]) as? [String: Any])
            let byName = Dictionary(uniqueKeysWithValues: (shares["shares"] as? [[String: Any]] ?? []).compactMap { share in
                (share["memberName"] as? String).map { ($0, share["net"] as? Int ?? -1) }
            })
            // Alice: 10 h × 60.00 = 600.00, less 10 % = 540.00. Bob: 1200.00 × 0.5 = 600.00, less 10 % = 540.00.
            #expect(byName == ["Alice": 54000, "Bob": 54000])
            #expect(shares["fund"] as? Int == 12000)
            let text = try f.ok(["value", "shares", "--replica", a])
            #expect(text.contains("Rule: 60.00 EUR an hour") && text.contains("Common fund: 120.00 EUR"))
            try f.expectLimitedLogTellsAsTheWholeLog(a)
        }
    }
}

@Suite("entente coach, end to end")
struct CoachCommandTests {
    @Test func coachAnswersTheSeedsQuestionInFrench() throws {
        let directory = try TemporaryDirectory("entente-coach-cli")
        defer { directory.remove() }
        let french = try EntenteBinary(environment: ["LANG": "fr_FR.UTF-8", "ENTENTE_LANG": ""])
        let replica = directory.path("alice")
        #expect(try french.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", replica]).status == 0)
        let result = try french.run(["coach", "--replica", replica])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Échanger sur les attentes et les intérêts mutuels — pas encore"), "\(result.stdout)")
        #expect(result.stdout.contains("Partenariat de façade ou réelle synergie\u{202F}?"))
        #expect(result.stdout.contains("Pour l'instant, un partenariat de façade"))
        let english = try EntenteBinary(environment: ["LANG": "C.UTF-8", "ENTENTE_LANG": ""])
        let json = try english.run(["coach", "--json", "--replica", replica])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(parsed?["verdict"] as? String == "facade")
        #expect((parsed?["readings"] as? [[String: Any]])?.count == 7)
    }
}

@Suite("Exit terms by kind of exit, end to end")
struct ExitTermsScenarioTests {
    @Test func theMostSpecificAgreedTermsApplyToEachKindOfExit() throws {
        try CommandFixture.with("entente-exits") { f in
            let a = f.replica("alice"), b = f.replica("bob")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
            try f.ok(["stage", "add", "Pilote", "--replica", a])
            try f.ok(["merge", b, "--replica", a])
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["exit", "add", "good-reason", "--notice", "30", "--keeps-share", "100 %", "--keeps", "Ses propres clients", "--replica", a])
            try f.ok(["exit", "add", "no-good-reason", "--notice", "60", "--keeps-share", "50 %", "--replica", a])
            try f.ok(["exit", "add", "excluded-with-cause", "--keeps-share", "0 %", "--replica", a])
            // Bob's own terms for the pilot, on his replica.
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["exit", "add", "good-reason", "--mine", "--stage", "Pilote", "--notice", "15", "--settlement", "Payé à la facture suivante", "--replica", b])
            try f.ok(["merge", b, "--replica", a])
            #expect(try f.ok(["exit", "show", "good-reason", "--member", "Bob", "--stage", "Pilote", "--replica", a])
                .contains("Terms for good-reason (Bob's own terms): notice 15 days; settlement: Payé à la facture suivante."))
            #expect(try f.ok(["exit", "show", "good-reason", "--member", "Bob", "--replica", a])
                .contains("(the collective's terms): notice 30 days; keeps 100 % of their share; keeps: Ses propres clients."))
            #expect(try f.ok(["exit", "show", "excluded-without-cause", "--replica", a]).contains("No exit terms were agreed for excluded-without-cause"))
            let list = try #require(try f.json(["exit", "list", "--replica", a]) as? [[String: Any]])
            #expect(list.count == 4)
            // Bad input, refused, nothing written.
            #expect(try f.fails(["exit", "add", "fired", "--notice", "3"], replica: a).contains("use one of: good-reason"))
            #expect(try f.fails(["exit", "add", "good-reason", "--notice=-3"], replica: a).contains("number of days"))
            #expect(try f.fails(["exit", "add", "good-reason", "--keeps-share", "120 %"], replica: a).contains("0 % to 100 %"))
            #expect(try f.fails(["exit", "add", "good-reason"], replica: a).contains("say at least one term"))
            #expect(try f.fails(["member", "leave", "Bob", "--kind", "sacked"], replica: b).contains("use one of"))
            // Bob leaves without a good reason: the collective's terms are shown and the kind recorded.
            let left = try f.ok(["member", "leave", "Bob", "--kind", "no-good-reason", "--replica", b])
            #expect(left.contains("Terms for no-good-reason (the collective's terms): notice 60 days; keeps 50 % of their share."), "\(left)")
            #expect(try f.ok(["history", "Bob", "--replica", b]).contains("no-good-reason"))
        }
    }
}

@Suite("Engagements that lapse unless renewed, end to end")
struct RenewalScenarioTests {
    @Test func anEngagementToRenewIsListedThenLapses() throws {
        try CommandFixture.with("entente-renewals") { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["stage", "add", "Pilote", "--replica", a])
            try f.fails(["stage", "engage", "Pilote", "--renew-on", "2001-01-01"], replica: a)
            let soon = Dates.today()
            try f.ok(["stage", "engage", "Pilote", "--exit-terms", "Rend les fichiers", "--renew-on", soon, "--replica", a])
            // Within the week: to renew; after the date: lapsed; well before it: nothing.
            let now = try f.ok(["status", "--replica", a])
            #expect(now.contains("Alice's engagement in stage Pilote lapses on \(soon)"), "\(now)")
            let later = try #require(try f.json(["status", "--today", "2999-01-01", "--replica", a]) as? [String: Any])
            let renewals = try #require(later["renewals"] as? [[String: Any]])
            #expect(renewals.first?["lapsed"] as? Bool == true)
            let before = try #require(try f.json(["status", "--today", "2000-01-01", "--days", "0", "--replica", a]) as? [String: Any])
            #expect((before["renewals"] as? [Any])?.isEmpty == true)
        }
    }
}
