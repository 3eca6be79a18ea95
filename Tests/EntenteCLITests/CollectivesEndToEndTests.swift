import EntenteCore
import EntenteStore
@testable import EntenteCLI
import EntenteTestSupport
import Foundation
import Testing

/// Issue "Several collectives, one Entente", first step: one home for all of a person's
/// collectives, `entente collectives`, `--collective NAME` on every command, and `status`
/// summarising them; through the real binary, in French and English, on 80 columns.
@Suite("Several collectives in one home, end to end")
struct CollectivesEndToEndTests {
    struct Person {
        let binary: EntenteBinary
        let french: Bool

        init(home: String, language: String) throws {
            self.binary = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_HOME": home, "ENTENTE_LANG": language, "COLUMNS": "80"]))
            self.french = language == "fr"
        }

        @discardableResult
        func ok(_ arguments: [String], narrow: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try self.binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)", sourceLocation: sourceLocation)
            // Text fits 80 columns; JSON, invite codes and paths are data.
            for line in result.stdout.split(separator: "\n") where narrow {
                #expect(line.count <= 80, "entente \(arguments.joined(separator: " ")): \(line)", sourceLocation: sourceLocation)
            }
            return result.stdout
        }

        func fails(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try self.binary.run(arguments)
            #expect(result.status != 0, "entente \(arguments.joined(separator: " ")) should fail: \(result.output)", sourceLocation: sourceLocation)
            return result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }

        func tr(_ english: String, _ french: String) -> String { self.french ? french : english }
    }

    @Test(arguments: ["fr", "en"])
    func twoCollectivesSideBySide(_ language: String) throws {
        let directory = try TemporaryDirectory("entente-collectives")
        defer { directory.remove() }
        let home = directory.path("home")
        let me = try Person(home: home, language: language)
        try me.ok(["init", "--collective", "Atelier Nord", "--name", "Chloé"])
        let second = try me.ok(["init", "--collective", "Consortium Sud", "--name", "Chloé"])
        #expect(second.contains(me.tr("Consortium Sud is now your current collective", "Consortium Sud est désormais votre collectif courant")), "\(second)")
        // Each collective has its own folder, keys and secret.
        for folder in ["atelier-nord", "consortium-sud"] {
            #expect(FileManager.default.fileExists(atPath: "\(home)/collectives/\(folder)/replica.sqlite"))
        }
        let keys = try ["atelier-nord", "consortium-sud"].map { try Data(contentsOf: URL(fileURLWithPath: "\(home)/collectives/\($0)/collective.secret")) }
        #expect(keys[0] != keys[1])
        // Without --collective, the current one; with it, the one named as people type it.
        try me.ok(["commitment", "add", "Répondre à l'appel d'offres"])
        #expect(try me.ok(["commitment", "list", "--collective", "CONSORTIUM sud"]).contains("Répondre"))
        #expect(!(try me.ok(["commitment", "list", "--collective", "atelier"])).contains("Répondre"))
        #expect(try me.ok(["whoami", "--collective", "atelier nord"], narrow: false).contains("Atelier Nord"))
        #expect(try me.fails(["status", "--collective", "Nowhere"]).contains(me.tr("no collective of yours is called 'Nowhere'", "aucun de vos collectifs ne s'appelle « Nowhere »")))
        // The list says what needs attention in each; an expectation nobody acknowledged counts.
        try me.ok(["member", "add", "Bruno", "--collective", "atelier"])
        try me.ok(["expectation", "add", "Être payés à 30 jours", "--collective", "atelier"])
        let listed = try me.ok(["collectives"])
        let atelier = try #require(listed.split(separator: "\n").first { $0.contains("Atelier Nord") }, "\(listed)")
        #expect(atelier.hasSuffix("1") && !atelier.hasPrefix("*"), "\(listed)")
        #expect(try #require(listed.split(separator: "\n").first { $0.contains("Consortium Sud") }).hasPrefix("*"), "\(listed)")
        // `status` summarises each, then the current one in full.
        try me.ok(["collectives", "use", "atel"])
        let status = try me.ok(["status"])
        #expect(status.contains(me.tr("- Atelier Nord (current): 1 item needs attention", "- Atelier Nord (courant)\u{00A0}: 1 point demande de l'attention")), "\(status)")
        #expect(status.contains(me.tr("- Consortium Sud: nothing needs attention", "- Consortium Sud\u{00A0}: rien ne demande d'attention")), "\(status)")
        #expect(status.contains("Être payés à 30 jours"), "\(status)")
        // --json keeps its shape: the current collective only.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try me.ok(["status", "--json"], narrow: false).utf8)) as? [String: Any])
        #expect(json["unacknowledged"] as? [Any] != nil, "\(json.keys)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try me.ok(["collectives", "list", "--json"], narrow: false).utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["Atelier Nord", "Consortium Sud"] && list.map { $0["attention"] as? Int } == [1, 0])
        // --replica keeps working for scripts, and not together with --collective.
        try me.ok(["init", "--collective", "Script", "--name", "Chloé", "--replica", directory.path("elsewhere")])
        #expect(try me.ok(["whoami", "--replica", directory.path("elsewhere")], narrow: false).contains("Script"))
        #expect(try me.ok(["collectives", "list", "--json"], narrow: false).contains("Script") == false)
        _ = try me.fails(["status", "--replica", directory.path("elsewhere"), "--collective", "atelier"])
        // Leaving removes it from the home and keeps its replica aside.
        let left = try me.ok(["collectives", "leave", "consortium"])
        #expect(left.contains(me.tr("kept aside, in:", "mis de côté, dans\u{00A0}:")), "\(left)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: "\(home)/left")
        #expect(kept.count == 1 && kept[0].hasPrefix("consortium-sud-"), "\(kept)")
        #expect(FileManager.default.fileExists(atPath: "\(home)/left/\(kept[0])/replica.sqlite"))
        #expect(!(try me.ok(["collectives"])).contains("Consortium"))
        #expect(try me.ok(["commitment", "list"]).contains("ID"))   // one left: it is the current one
    }

    @Test func fiveCollectivesAndNoneChosen() throws {
        let directory = try TemporaryDirectory("entente-collectives-five")
        defer { directory.remove() }
        let home = directory.path("home")
        let me = try Person(home: home, language: "en")
        let names = ["Atelier Nord", "Atelier Sud", "Coopérative Été", "Consortium", "Réseau des coachs"]
        for name in names { try me.ok(["init", "--collective", name, "--name", "Dana"]) }
        let listed = try me.ok(["collectives"])
        for name in names { #expect(listed.contains(name), "\(listed)") }
        #expect(listed.split(separator: "\n").count == 6)
        // "atelier" could be two of them; accents and case do not matter.
        #expect(try me.fails(["status", "--collective", "atelier"]).contains("'atelier' could be several collectives (Atelier Nord, Atelier Sud)"))
        #expect(try me.ok(["whoami", "--collective", "cooperative ete"], narrow: false).contains("Coopérative Été"))
        // With no current one (the file removed), commands ask which; status lists them all.
        try FileManager.default.removeItem(atPath: "\(home)/current")
        #expect(try me.fails(["commitment", "list"]).contains("you belong to 5 collectives"))
        let status = try me.ok(["status"])
        #expect(status.contains("- Réseau des coachs: nothing needs attention") && status.contains("entente collectives use NAME"), "\(status)")
    }

    /// Joining with an invite, without --replica, adds the collective to the newcomer's home.
    @Test func joiningAddsTheCollectiveToTheHome() throws {
        let directory = try TemporaryDirectory("entente-collectives-join")
        defer { directory.remove() }
        let alice = try Person(home: directory.path("alice-home"), language: "en")
        let bruno = try Person(home: directory.path("bruno-home"), language: "en")
        try alice.ok(["init", "--collective", "Atelier", "--name", "Alice"])
        try alice.ok(["init", "--collective", "Autre", "--name", "Alice"])
        try alice.ok(["commitment", "add", "Draft the offer", "--collective", "atelier"])
        try bruno.ok(["init", "--collective", "Bruno's own", "--name", "Bruno"])
        let server = try RunningEntente(alice.binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--collective", "atelier"])
        defer { server.stop() }
        let code = try alice.ok(["invite", "--collective", "atelier"], narrow: false).trimmingCharacters(in: .whitespacesAndNewlines)
        let joined = try bruno.ok(["join", code, "--name", "Bruno"])
        #expect(joined.contains("Atelier is now your current collective"), "\(joined)")
        #expect(try bruno.ok(["commitment", "list"]).contains("Draft the offer"))
        #expect(try bruno.ok(["collectives"]).contains("Bruno's own"))
    }

    /// One `serve` for every collective of the home, on one port: each member reaches their
    /// own collective, and a peer of a collective not hosted there learns nothing more than
    /// from a server hosting none of its own (SYNC.md §3, "Several collectives").
    @Test func oneServeAnswersTheMembersOfEachCollective() throws {
        let directory = try TemporaryDirectory("entente-collectives-serve")
        defer { directory.remove() }
        let alice = try Person(home: directory.path("alice-home"), language: "en")
        let bruno = try Person(home: directory.path("bruno-home"), language: "en")
        let chloe = try Person(home: directory.path("chloe-home"), language: "en")
        let eve = try Person(home: directory.path("eve-home"), language: "en")
        for name in ["Atelier", "Consortium", "Coopérative", "Réseau", "Tandem"] { try alice.ok(["init", "--collective", name, "--name", "Alice"]) }
        try alice.ok(["commitment", "add", "Draft the offer", "--collective", "atelier"])
        try alice.ok(["commitment", "add", "Price the lots", "--collective", "consortium"])
        try eve.ok(["init", "--collective", "Ailleurs", "--name", "Eve"])
        let server = try RunningEntente(alice.binary, ["serve", "--bind", "127.0.0.1", "--port", "0"], keepingStandardError: true)
        var stopped = false
        defer { if !stopped { _ = server.stop() } }
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
        // Each newcomer joins their collective through the one port, with their own invite.
        let forBruno = try alice.ok(["invite", "--collective", "atelier"], narrow: false).trimmingCharacters(in: .whitespacesAndNewlines)
        let forChloe = try alice.ok(["invite", "--collective", "consortium"], narrow: false).trimmingCharacters(in: .whitespacesAndNewlines)
        try bruno.ok(["join", forBruno, "--name", "Bruno"])
        try chloe.ok(["join", forChloe, "--name", "Chloé"])
        #expect(try bruno.ok(["commitment", "list"]).contains("Draft the offer"))
        #expect(!(try bruno.ok(["commitment", "list"])).contains("Price the lots"))
        #expect(try chloe.ok(["commitment", "list"]).contains("Price the lots"))
        // Later edits cross the same port, each to its collective.
        try bruno.ok(["commitment", "add", "Call the client"])
        try chloe.ok(["commitment", "add", "Book the room"])
        try bruno.ok(["sync", "127.0.0.1:\(port)"])
        try chloe.ok(["sync", "127.0.0.1:\(port)"])
        #expect(try alice.ok(["commitment", "list", "--collective", "atelier"]).contains("Call the client"))
        #expect(try alice.ok(["commitment", "list", "--collective", "consortium"]).contains("Book the room"))
        #expect(!(try alice.ok(["commitment", "list", "--collective", "atelier"])).contains("Book the room"))
        // A peer of a collective not hosted here is closed as by a server that hosts nothing of
        // it: Eve's collective is not served, and Bruno's is not on a server of Consortium only.
        let onlyConsortium = try RunningEntente(alice.binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--collective", "consortium"])
        defer { _ = onlyConsortium.stop() }
        let otherPort = try #require(onlyConsortium.firstLine.split(separator: ":").last.flatMap { UInt16($0) })
        let refusals = try [(eve, port), (eve, otherPort), (bruno, otherPort)].map { person, port in
            try person.fails(["sync", "127.0.0.1:\(port)"]).replacingOccurrences(of: String(port), with: "PORT")
        }
        #expect(Set(refusals).count == 1, "\(refusals)")
        stopped = true
        let log = server.stop().standardError
        #expect(log.components(separatedBy: "serving ").count - 1 == 5, "\(log)")
        #expect(log.contains("session with Bruno [Atelier]") && log.contains("session with Chloé [Consortium]"), "\(log)")
    }
}

/// What `serve` and `board` open from the home: every collective, the current first, at
/// most the limit given (both sides), saying which were left out.
@Suite struct EveryCollectiveTests {
    @Test func everyCollectiveUpToTheLimitAndTheCurrentFirst() throws {
        let directory = try TemporaryDirectory("entente-every-collective")
        defer { directory.remove() }
        let home = EntenteHome(URL(fileURLWithPath: directory.path("home")))
        for name in ["Un", "Deux", "Trois"] {
            _ = try Replica.found(try home.newFolder(for: name), collective: name, founder: "Chloé")
        }
        try home.use(try #require(home.entries().first { $0.name == "Trois" }))
        let options = try EntenteCommand.Serve.parse([]).options
        var warnings: [String] = []
        let all = try options.everyCollective(limit: 3, home: home) { warnings.append($0) }
        #expect(all.count == 3 && warnings.isEmpty)
        #expect(try all.first?.records(kind: RecordKind.collective).first?.string(Collective.Field.name) == "Trois")
        let two = try options.everyCollective(limit: 2, home: home) { warnings.append($0) }
        #expect(two.count == 2 && warnings.count == 1, "\(warnings)")
    }
}
