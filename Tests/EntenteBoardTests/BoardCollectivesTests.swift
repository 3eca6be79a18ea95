import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing
@testable import EntenteBoard

/// Issue "Several collectives": one board for all of a person's collectives, one token, one
/// port; a switcher, and a landing page that says what needs attention in each.
@Suite struct BoardCollectivesTests {
    @Test func oneBoardSwitchesBetweenTheCollectivesOfTheHome() throws {
        let directory = try TemporaryDirectory("entente-board-collectives")
        defer { directory.remove() }
        let binary = try EntenteBinary(environment: ["ENTENTE_HOME": directory.path("home")])
        for (name, commitment) in [("Atelier Nord", "Draft the offer"), ("Consortium Sud", "Price the lots")] {
            #expect(try binary.run(["init", "--collective", name, "--name", "Chloé"]).status == 0)
            #expect(try binary.run(["commitment", "add", commitment]).status == 0)
        }
        #expect(try binary.run(["member", "add", "Bruno", "--collective", "atelier"]).status == 0)
        #expect(try binary.run(["expectation", "add", "Paid within 30 days", "--collective", "atelier"]).status == 0)
        let atelier = try Replica.open(ReplicaFolder(URL(fileURLWithPath: directory.path("home/collectives/atelier-nord"))))
        let consortium = try Replica.open(ReplicaFolder(URL(fileURLWithPath: directory.path("home/collectives/consortium-sud"))))
        let board = try LiveBoard(binary, [])
        defer { board.stop() }
        // The current collective (the last made) first, and every one summarised.
        let landing = try board.send("GET", "/")
        #expect(landing.status == 200)
        #expect(landing.body.contains("Your collectives") && landing.body.contains("Price the lots") == false, "\(landing.body)")
        #expect(landing.body.contains("<option value=\"\(consortium.collective.hex)\" selected>Consortium Sud</option>"), "\(landing.body)")
        let summary = try #require(landing.body.range(of: "<section class=\"collectives\">").map { String(landing.body[$0.lowerBound...].prefix(2000)) })
        #expect(summary.contains("<strong>Atelier Nord</strong> — 1 item needs attention"), "\(summary)")
        #expect(summary.contains("<strong>Consortium Sud</strong> (shown below) — nothing needs attention"), "\(summary)")
        #expect(try board.send("GET", "/commitments").body.contains("Price the lots"))
        // Switching: a form (with the CSRF token) keeps the choice in a cookie.
        let csrf = board.access.csrf
        #expect(try board.send("POST", "/act/collective", body: "back=%2F&collective=\(atelier.collective.hex)").status == 403)
        #expect(try board.send("POST", "/act/collective", body: "csrf=\(csrf)&back=%2F&collective=\(String(repeating: "0", count: 32))").status == 400)
        let switched = try board.send("POST", "/act/collective", body: "csrf=\(csrf)&back=%2F&collective=\(atelier.collective.hex)")
        #expect(switched.status == 303 && switched.header("Location") == "/")
        let cookie = try #require(switched.header("Set-Cookie"))
        #expect(cookie.hasPrefix("\(BoardServer.collectiveCookie)=\(atelier.collective.hex)") && cookie.contains("HttpOnly"), "\(cookie)")
        let both = "Cookie: \(BoardAccess.tokenCookie)=\(board.access.token); \(BoardServer.collectiveCookie)=\(atelier.collective.hex)"
        let commitments = try board.send("GET", "/commitments", cookie: false, headers: [both])
        #expect(commitments.body.contains("Draft the offer") && !commitments.body.contains("Price the lots"))
        // A form then acts on the collective shown, and only there.
        let before = (try atelier.changeCount(), try consortium.changeCount())
        let posted = try board.send("POST", "/act/commitment", cookie: false, headers: [both],
                                    body: "csrf=\(csrf)&back=%2Fcommitments&what=Book+the+room")
        #expect(posted.status == 303)
        #expect(try atelier.changeCount() == before.0 + 1 && consortium.changeCount() == before.1)
        // Without the cookie, the current collective again; one token for all.
        #expect(try board.send("GET", "/commitments").body.contains("Price the lots"))
    }

    @Test func aBoardOfOneCollectiveHasNoSwitcher() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try LiveBoard(fixture.replica)
        defer { board.stop() }
        let landing = try board.send("GET", "/").body
        #expect(!landing.contains("switcher") && !landing.contains("class=\"collectives\""))
        #expect(landing.contains("<p class=\"collective\">Atelier Commun</p>"), "\(landing)")
        let first = try #require(landing.range(of: "<h2>"))
        let heading = String(landing[first.upperBound...].prefix { $0 != "<" })
        #expect(heading.contains("attention"), "the landing page opens with what needs attention: \(heading)")
    }
}
