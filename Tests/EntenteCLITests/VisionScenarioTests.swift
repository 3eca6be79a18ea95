import EntenteTestSupport
import Foundation
import Testing

/// The seed's story, end to end through the real `entente` binary: three freelancers form a
/// collective, state expectations, map complementarities, plan stages with entries and exits,
/// commit, drift into a crisis, raise a value-disagreement risk, merge each other's replicas in
/// different orders, and end with identical boards and passing audits.
@Suite("Vision scenario, end to end")
struct VisionScenarioTests {
    typealias Fixture = CommandFixture

    func fixture(_ body: (Fixture) throws -> Void) throws {
        try CommandFixture.with("entente-vision", body)
    }

    /// Alice founds "Atelier Nord"; Bob and Carol join from her folder; everyone sees everyone.
    func trio(_ f: Fixture) throws -> (String, String, String) {
        let a = f.replica("alice"), b = f.replica("bob"), c = f.replica("carol")
        try f.ok(["init", "--collective", "Atelier Nord", "--name", "Alice", "--replica", a])
        try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
        try f.ok(["init", "--from", a, "--name", "Carol", "--replica", c])
        try f.ok(["merge", b, "--replica", a])
        try f.ok(["merge", c, "--replica", a])
        try f.ok(["merge", a, "--replica", b])
        try f.ok(["merge", a, "--replica", c])
        return (a, b, c)
    }

    @Test func seedScenario() throws {
        try self.fixture { f in
            let (a, b, c) = try self.trio(f)
            func run(_ replica: String, _ arguments: String...) throws { try f.ok(arguments + ["--replica", replica]) }

            // A shared vision, and each one's expectations, interests and concerns.
            try run(a, "collective", "update", "--purpose", "Win public contracts together", "--vision", "Three trades, one offer")
            try run(a, "expectation", "add", "Win two public tenders a year")
            try run(b, "expectation", "add", "Being paid late by the lead partner", "--type", "concern")
            try run(c, "expectation", "add", "Widen my activity to public buyers", "--type", "interest")

            // Complementarities: strengths, weaknesses, offers and needs.
            try run(a, "strength", "add", "Public tenders", "--type", "strength")
            try run(a, "strength", "add", "Design", "--type", "need")
            try run(b, "strength", "add", "Accounting", "--type", "weakness")
            try run(b, "strength", "add", "Development", "--type", "offer")
            try run(c, "strength", "add", "Design", "--type", "strength")

            // Stages, planned by Alice; a crossed insertion by Bob and Carol.
            try run(a, "stage", "add", "Pilot", "--goal", "One joint contract", "--entry", "Expectations agreed",
                    "--exit", "Contract delivered", "--start", "2026-12-01", "--end", "2027-03-31", "--status", "active")
            try run(a, "stage", "add", "Scale up", "--start", "2027-04-01")
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["merge", a, "--replica", c])
            try run(b, "stage", "add", "Discovery", "--first")
            try run(c, "stage", "add", "Review", "--after", "Pilot")
            try run(b, "stage", "add", "Budget", "--after", "Pilot")    // same place as Carol's, concurrently
            try run(a, "stage", "engage", "Pilot", "--entry-terms", "Two days a week", "--exit-terms", "May leave after delivery")
            try run(b, "stage", "engage", "Pilot", "--entry-terms", "Invoices paid within 30 days")
            try run(c, "stage", "engage", "Scale up", "--not", "--exit-terms", "Stops after the pilot")
            try run(c, "member", "update", "Carol", "--entered-at", "Pilot")

            // Commitments; Bob accepts Alice's.
            try run(a, "commitment", "add", "Draft the tender answer", "--towards", "Bob", "--stage", "Pilot", "--due", "2026-12-15")
            try f.ok(["merge", a, "--replica", b])
            try run(b, "commitment", "accept", "Draft the tender answer")

            // Euphoria, then a drift into crisis that not everyone perceives.
            try run(a, "phase", "add", "euphoria", "--on", "2026-11-01")
            try run(b, "phase", "add", "euphoria", "--on", "2026-11-02")
            try run(b, "phase", "add", "crisis", "--on", "2026-12-20", "--note", "We disagree on the fee split")
            try run(a, "phase", "add", "performance", "--on", "2026-12-21")

            // Work provided, valued very differently: a value disagreement, raised as a risk.
            try run(a, "contribution", "add", "Wrote the tender answer", "--stage", "Pilot", "--effort", "30")
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["merge", a, "--replica", c])
            try run(a, "contribution", "value", "Wrote the tender answer", "3000")
            try run(b, "contribution", "value", "Wrote the tender answer", "1500")
            try run(c, "contribution", "value", "Wrote the tender answer", "2800")
            try run(b, "risk", "add", "We value the tender writing differently", "--zone", "value-of-work",
                    "--likelihood", "4", "--impact", "4", "--owner", "Alice", "--on", "2026-12-22")

            // A concurrent edit of the same field: a conflict to surface.
            try run(a, "stage", "update", "Pilot", "--goal", "One joint contract signed")
            try run(b, "stage", "update", "Pilot", "--goal", "Two joint contracts")

            // Merge in different orders.
            try f.ok(["merge", b, "--replica", a])
            try f.ok(["merge", c, "--replica", a])
            try f.ok(["merge", c, "--replica", b])
            try f.ok(["merge", a, "--replica", b])
            try f.ok(["merge", a, "--replica", c])
            try f.ok(["merge", b, "--replica", c])

            // Everyone ends with the same board, and every audit passes.
            let boards = try [a, b, c].map { try f.ok(["show", "--json", "--replica", $0]) }
            #expect(boards[0] == boards[1])
            #expect(boards[1] == boards[2])
            for replica in [a, b, c] {
                #expect(try f.ok(["audit", "--rebuild", "--replica", replica]).contains("Audit passed."))
            }

            let board = try #require(try f.json(["show", "--replica", c]) as? [String: Any])
            #expect(board["format"] as? String == "entente-vision/1")
            let collective = try #require(board["collective"] as? [String: Any])
            #expect(collective["vision"] as? String == "Three trades, one offer")
            let stages = try #require(board["stages"] as? [[String: Any]])
            let titles = stages.compactMap { $0["title"] as? String }
            #expect(titles.count == 5)
            #expect(Array(titles.prefix(2)) == ["Discovery", "Pilot"] && titles.last == "Scale up")
            #expect(Set(titles[2...3]) == ["Review", "Budget"])
            // Review and Budget got the same key: the record id breaks the tie.
            #expect(stages[2]["position"] as? String == stages[3]["position"] as? String)
            #expect((stages[2]["id"] as? String ?? "") < (stages[3]["id"] as? String ?? ""))
            let pilot = try #require(stages.first { $0["title"] as? String == "Pilot" })
            #expect(pilot["conflicts"] as? [String] == ["goal"])
            let engagements = try #require(pilot["engagements"] as? [[String: Any]])
            #expect(engagements.compactMap { $0["memberName"] as? String } == ["Alice", "Bob"])
            let report = try #require(board["complementarityReport"] as? [String: Any])
            let gaps = try #require(report["gaps"] as? [[String: Any]])
            #expect(gaps.compactMap { $0["area"] as? String } == ["Accounting"])
            let members = try #require(board["members"] as? [[String: Any]])
            #expect(members.first { $0["name"] as? String == "Carol" }?["enteredAtTitle"] as? String == "Pilot")
            let commitment = try #require((board["commitments"] as? [[String: Any]])?.first)
            #expect(commitment["status"] as? String == "accepted")
            #expect(commitment["acceptedBy"] as? [String] == ["Bob"])
            let shown = try f.ok(["commitment", "show", "Draft the tender answer", "--replica", c])
            #expect(shown.contains("proposed  by Alice") && shown.contains("accepted  by Bob"))

            // What needs attention after the due date.
            let status = try #require(try f.json(["status", "--today", "2027-01-05", "--replica", a]) as? [String: Any])
            #expect(status["phaseDisagreement"] as? Bool == true)
            let deadlines = try #require(status["deadlines"] as? [[String: Any]])
            #expect(deadlines.first?["overdue"] as? Bool == true)
            #expect((status["highRisks"] as? [Any])?.count == 1)
            #expect((status["valueDisagreements"] as? [[String: Any]])?.first?["lowest"] as? Int == 1500)
            #expect((status["conflicts"] as? [[String: Any]])?.first?["field"] as? String == "goal")
            let unacknowledged = try #require(status["unacknowledged"] as? [[String: Any]])
            #expect(unacknowledged.count == 3)

            // Acknowledging clears the expectation for that member.
            try run(b, "expectation", "ack", "Win two public tenders a year")
            try run(c, "expectation", "ack", "Win two public tenders a year")
            try f.ok(["merge", b, "--replica", a])
            try f.ok(["merge", c, "--replica", a])
            let pending = try #require(try f.json(["expectation", "list", "--pending", "--replica", a]) as? [[String: Any]])
            #expect(!pending.contains { $0["text"] as? String == "Win two public tenders a year" })

            // A meeting report in both formats.
            let markdown = f.directory.path("meeting.md"), json = f.directory.path("vision.json")
            try run(a, "export", "--format", "markdown", markdown)
            try run(a, "export", "--format", "json", json)
            let text = try String(contentsOfFile: markdown, encoding: .utf8)
            #expect(text.contains("# Atelier Nord: partnership vision"))
            #expect(text.contains("**Gap:** Accounting"))
            #expect(text.contains("**Members disagree on the phase:**"))
            let exported = try String(contentsOfFile: json, encoding: .utf8)
            #expect(exported == (try f.ok(["show", "--json", "--replica", a])))
            // The same report for a French reader: its words in French, the members' as written.
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["export", "--format", "markdown", "-", "--replica", a])
            #expect(french.status == 0, "\(french.output)")
            for heading in ["# Atelier Nord\u{00A0}: vision du partenariat", "## Membres", "## Attentes, intérêts et craintes", "## Complémentarités",
                            "## Étapes", "## Engagements", "## Risques", "## Contributions et valorisations", "## Décisions",
                            "**Manque :** Accounting", "**Les membres ne voient pas la même phase :**"] {
                #expect(french.stdout.contains(heading), "\(heading)")
            }
            for english in ["partnership vision", "## Members", "## Stages", "## Commitments", "## Risks", "**Gap:**", "Stated by", "nobody covers"] {
                #expect(!french.stdout.contains(english), "\(english)")
            }
            #expect(french.stdout.contains("Win two public tenders a year"))
            try f.expectLimitedLogTellsAsTheWholeLog(a)
        }
    }

    @Test func badInputIsRefusedWithoutWritingAnything() throws {
        try self.fixture { f in
            let (a, _, _) = try self.trio(f)
            try f.ok(["expectation", "add", "Clear roles", "--replica", a])
            try f.ok(["expectation", "add", "Clear roles", "--type", "concern", "--replica", a])
            try f.ok(["stage", "add", "Pilot", "--replica", a])

            var message = try f.fails(["commitment", "add", "Draft", "--due", "2026-02-30"], replica: a)
            #expect(message.contains("not a valid date for --due; use YYYY-MM-DD"))
            message = try f.fails(["stage", "add", "Later", "--start", "2027-13-01"], replica: a)
            #expect(message.contains("--start"))
            message = try f.fails(["stage", "add", "Later", "--start", "2027-05-01", "--end", "2027-04-01"], replica: a)
            #expect(message.contains("before --start"))
            message = try f.fails(["phase", "add", "crisis", "--on", "yesterday"], replica: a)
            #expect(message.contains("YYYY-MM-DD"))
            message = try f.fails(["expectation", "add", "Fair pay", "--by", "Zed"], replica: a)
            #expect(message.contains("no member matches 'Zed'"))
            message = try f.fails(["risk", "add", "Defection", "--likelihood", "6", "--impact", "3"], replica: a)
            #expect(message.contains("--likelihood must be between 1 (low) and 5 (high), not 6"))
            message = try f.fails(["risk", "add", "Defection", "--likelihood", "3", "--impact", "3", "--zone", "weather"], replica: a)
            #expect(message.contains("use one of: defection, lack-of-distance, value-of-work, evaluation-of-results, other"))
            message = try f.fails(["expectation", "ack", "Clear roles", "--by", "Bob"], replica: a)
            #expect(message.contains("'Clear roles' matches 2 expectations"))
            message = try f.fails(["phase", "add", "hibernation"], replica: a)
            #expect(message.contains("euphoria, crisis, performance"))
            message = try f.fails(["strength", "add", "Design", "--type", "talent"], replica: a)
            #expect(message.contains("strength, weakness, offer, need"))
            message = try f.fails(["stage", "engage", "Nowhere"], replica: a)
            #expect(message.contains("no stage matches 'Nowhere'"))
            message = try f.fails(["contribution", "value", "ffff0000", "10"], replica: a)
            #expect(message.contains("no contribution matches"))
            try f.fails(["export", "--format", "pdf", f.directory.path("x.pdf")], replica: a)
            try f.ok(["strength", "add", "Design", "--replica", a])
            let entry = try #require((try f.json(["strength", "list", "--replica", a]) as? [[String: Any]])?.first?["id"] as? String)
            message = try f.fails(["strength", "update", String(entry.prefix(8)), "--type", "genius"], replica: a)
            #expect(message.contains("'genius' is not allowed for --type"))
            message = try f.fails(["contribution", "add", "Tender", "--stage", "Nowhere"], replica: a)
            #expect(message.contains("no stage matches 'Nowhere'"))
        }
    }

    @Test func boardIsPlainWhenPipedAndHelpHasExamples() throws {
        try self.fixture { f in
            let (a, _, _) = try self.trio(f)
            let board = try f.ok(["show", "--replica", a])
            #expect(!board.contains("\u{1B}["))
            #expect(board.contains("== Stages"))
            let help = try f.binary.run(["risk", "add", "--help"])
            #expect(help.stdout.contains("--likelihood 4 --impact 4"))
            #expect(help.stdout.contains("Example:"))
            let status = try f.ok(["status", "--today", "2026-01-01", "--replica", a])
            #expect(status.contains("Nothing needs attention") || status.contains("need attention"))
        }
    }

    @Test func jsonShapesKeepEveryKey() throws {
        try self.fixture { f in
            let (a, _, _) = try self.trio(f)
            try f.ok(["stage", "add", "Pilot", "--replica", a])
            let stage = try #require((try f.json(["stage", "list", "--replica", a]) as? [[String: Any]])?.first)
            #expect(stage["goal"] is NSNull)
            #expect(Set(stage.keys) == ["conflicts", "end", "engagements", "entryConditions", "exitConditions", "goal", "id",
                                        "order", "position", "reviewOn", "start", "status", "title"])
            let board = try #require(try f.json(["show", "--replica", a]) as? [String: Any])
            #expect(Set(board.keys) == ["format", "collective", "members", "expectations", "complementarities", "complementarityReport",
                                        "stages", "commitments", "phases", "risks", "contributions", "valueDisagreements", "decisions"])
            let status = try #require(try f.json(["status", "--today", "2026-01-01", "--replica", a]) as? [String: Any])
            #expect(Set(status.keys) == ["today", "count", "unacknowledged", "deadlines", "conflicts", "phaseDisagreement", "phases",
                                         "highRisks", "valueDisagreements", "motions", "refused", "forks", "decisions", "renewals",
                                         "reviews", "archived", "rewrites"])
        }
    }

    @Test func leavingIsRecordedNotDeleted() throws {
        try self.fixture { f in
            let (a, _, c) = try self.trio(f)
            try f.ok(["stage", "add", "Pilot", "--replica", a])
            try f.ok(["expectation", "add", "Two tenders a year", "--replica", a])
            try f.ok(["merge", a, "--replica", c])
            let before = try f.logCount(a)
            // Only Carol records Carol's exit; from Alice's replica it is refused, nothing written.
            let refused = try f.fails(["member", "leave", "Carol", "--on", "2026-03-01"], replica: a)
            #expect(refused.contains("only Carol can record Carol's exit"))
            #expect(try f.logCount(a) == before)
            try f.ok(["member", "leave", "Carol", "--on", "2026-03-01", "--at", "Pilot", "--terms", "Hands over her clients", "--replica", c])
            let merged = try f.ok(["merge", c, "--replica", a])
            // Carol's departure, then Alice renews the collective secret (Carol knew it).
            #expect(merged.contains("The collective secret was renewed"))
            #expect(try f.logCount(a) == before + 2)
            let carol = try #require(try f.json(["member", "show", "Carol", "--replica", a]) as? [String: Any])
            #expect(carol["active"] as? Bool == false)
            #expect(carol["leftOn"] as? String == "2026-03-01")
            #expect(carol["leftAtTitle"] as? String == "Pilot")
            #expect(carol["exitTerms"] as? String == "Hands over her clients")
            let members = try #require(try f.json(["member", "list", "--replica", a]) as? [[String: Any]])
            #expect(members.count == 3)
            // Someone who left is no longer asked to acknowledge.
            let expectations = try #require(try f.json(["expectation", "list", "--replica", a]) as? [[String: Any]])
            #expect(expectations.first?["notYetAcknowledgedBy"] as? [String] == ["Bob"])
            let message = try f.fails(["member", "leave", "Carol"], replica: a)
            #expect(message.contains("already left"))
            let history = try f.ok(["history", "Carol", "--replica", a])
            // Told under the name Carol had then, with her key's short fingerprint.
            #expect(history.contains("Carol (") && history.contains(") set the leaving date of the member Carol to “2026-03-01”"), "\(history)")
        }
    }
}
