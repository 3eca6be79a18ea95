import EntenteActions
import EntenteCore
import Foundation
import Testing
@testable import EntenteBoard

/// The board over real HTTP on loopback: the security rules, the forms, the live stream.
@Suite(.serialized) struct BoardHTTPTests {
    @Test func requestsWithoutTheTokenOrFromAnotherHostAreRefused() async throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try await LiveBoard(fixture.replica)
        defer { Task { await board.stop() } }
        let ok = try await board.send("GET", "/")
        #expect(ok.status == 200)
        #expect(ok.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        let noToken = try await board.send("GET", "/", cookie: false)
        #expect(noToken.status == 403)
        #expect(noToken.body.contains("secret token"))
        let rebinding = try await board.send("GET", "/", host: "attacker.example:\(board.port)")
        #expect(rebinding.status == 403)
        let otherPort = try await board.send("GET", "/", host: "127.0.0.1:1")
        #expect(otherPort.status == 403)
        // The token in the URL: a cookie is set and the token leaves the address bar.
        let first = try await board.send("GET", "/commitments?token=\(board.server.access.token)", cookie: false)
        #expect(first.status == 303)
        #expect(first.header("Location") == "/commitments")
        #expect(first.header("Set-Cookie")?.contains("HttpOnly") == true)
        #expect(first.header("Set-Cookie")?.contains("SameSite=Strict") == true)
        await board.stop()
    }

    @Test func aFormRecordsOneSignedChangeAndCrossSitePostsAreRefused() async throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try await LiveBoard(fixture.replica)
        let before = try fixture.replica.changeCount()
        let csrf = board.server.access.csrf
        let form = "csrf=\(csrf)&back=%2Fcommitments&what=Book+the+room+%26+the+caf%C3%A9&towards=Bob&due=2026-03-01"
        let missing = try await board.send("POST", "/act/commitment", body: "back=%2F&what=Forged")
        #expect(missing.status == 403)
        let foreign = try await board.send("POST", "/act/commitment", headers: ["Origin: http://evil.example"], body: form)
        #expect(foreign.status == 403)
        let crossSite = try await board.send("POST", "/act/commitment", headers: ["Sec-Fetch-Site: cross-site"], body: form)
        #expect(crossSite.status == 403)
        let noCookie = try await board.send("POST", "/act/commitment", cookie: false, body: form)
        #expect(noCookie.status == 403)
        #expect(try fixture.replica.changeCount() == before)

        let posted = try await board.send("POST", "/act/commitment", headers: ["Origin: http://127.0.0.1:\(board.port)"], body: form)
        #expect(posted.status == 303)
        #expect(try fixture.replica.changeCount() == before + 1)
        let commitment = try #require(try Workspace(fixture.replica).vision.commitments.first { $0.what == "Book the room & the café" })
        #expect(commitment.due == "2026-03-01")
        let location = try #require(posted.header("Location"))
        #expect(location.hasPrefix("/commitments?flash="))
        let shown = try await board.send("GET", location)
        #expect(shown.body.contains("Recorded commitment"))
        #expect(shown.body.contains("Book the room &amp; the café"))

        // An action the rules refuse says so and records nothing.
        let refused = try await board.send("POST", "/act/accept", body: "csrf=\(csrf)&back=%2Fcommitments&commitment=\(commitment.id.hex)")
        #expect(refused.status == 303)
        #expect(try fixture.replica.changeCount() == before + 1)
        let explained = try await board.send("GET", try #require(refused.header("Location")), headers: ["Accept-Language: fr"])
        #expect(explained.body.contains("flash error"))
        await board.stop()
    }

    @Test func aFormLargerThanTheLimitIsRefusedAndOneAtTheLimitIsRead() async throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try await LiveBoard(fixture.replica)
        let csrf = board.server.access.csrf
        let prefix = "csrf=\(csrf)&back=%2Fvision&text="
        let fits = prefix + String(repeating: "a", count: BoardLimits.maximumFormBytes - prefix.utf8.count)
        let accepted = try await board.send("POST", "/act/vision", body: fits)
        #expect(accepted.status == 303)
        let tooLarge = try await board.send("POST", "/act/vision", body: fits + "a")
        #expect(tooLarge.status == 413)
        await board.stop()
    }

    @Test func everyPageAnswersInFrenchWhenAsked() async throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try await LiveBoard(fixture.replica)
        for page in Page.allCases {
            let reply = try await board.send("GET", page.path, headers: ["Accept-Language: fr-FR,fr;q=0.9,en;q=0.5"])
            #expect(reply.status == 200, "\(page)")
            #expect(reply.body.contains("<html lang=\"fr\">"), "\(page)")
            #expect(reply.body.contains("Synchroniser"), "\(page)")
        }
        let switched = try await board.send("GET", "/?lang=en", headers: ["Accept-Language: fr"])
        #expect(switched.body.contains("<html lang=\"en\">"))
        #expect(switched.header("Set-Cookie")?.contains("entente_lang=en") == true)
        await board.stop()
    }

    @Test func theLiveStreamAnnouncesNewChanges() async throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try await LiveBoard(fixture.replica, streamLifetime: .seconds(2))
        let count = try fixture.replica.changeCount()
        let later = Task.detached {
            try await Task.sleep(for: .milliseconds(600))
            _ = try Workspace(fixture.replica).stateExpectation("Share the studio rent")
        }
        // The stream ends by itself after its lifetime, so the reply can be read to the end.
        let stream = try await board.send("GET", "/events")
        _ = try await later.value
        #expect(stream.header("Content-Type") == "text/event-stream")
        #expect(stream.body.contains("data: \(count)\n"))
        #expect(stream.body.contains("data: \(count + 1)\n"))
        await board.stop()
    }
}
