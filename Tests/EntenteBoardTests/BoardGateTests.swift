import Testing
@testable import EntenteBoard

/// Each rule of the board's gate, on both sides.
@Suite struct BoardGateTests {
    let access = BoardAccess(token: String(repeating: "ab", count: 32))
    var gate: BoardGate { BoardGate(access: self.access, port: 7421) }

    @Test func hostMustBeLoopbackWithTheBoardsPort() {
        let token = self.access.token
        #expect(self.gate.check(host: "127.0.0.1:7421", queryToken: nil, cookieToken: token, isPost: false) == .allow)
        #expect(self.gate.check(host: "localhost:7421", queryToken: nil, cookieToken: token, isPost: false) == .allow)
        #expect(self.gate.check(host: "LOCALHOST:7421", queryToken: nil, cookieToken: token, isPost: false) == .allow)
        // DNS rebinding: another name, another port, no port, no Host.
        for host in ["evil.example:7421", "127.0.0.1:7422", "127.0.0.1", "localhost", "127.0.0.2:7421", "[::1]:7421", ""] {
            #expect(self.gate.check(host: host, queryToken: nil, cookieToken: token, isPost: false) == .refuse(.wrongHost), "\(host)")
        }
        #expect(self.gate.check(host: nil, queryToken: nil, cookieToken: token, isPost: false) == .refuse(.wrongHost))
    }

    @Test func tokenComesByCookieOrOnceInTheURL() {
        let token = self.access.token
        let host = "127.0.0.1:7421"
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: nil, isPost: false) == .refuse(.missingToken))
        #expect(self.gate.check(host: host, queryToken: String(token.dropLast()) + "c", cookieToken: nil, isPost: false) == .refuse(.missingToken))
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: String(token.prefix(10)), isPost: false) == .refuse(.missingToken))
        #expect(self.gate.check(host: host, queryToken: token, cookieToken: nil, isPost: false) == .acceptToken)
        #expect(self.gate.check(host: host, queryToken: token, cookieToken: token, isPost: false) == .allow)
    }

    @Test func postNeedsTheCSRFTokenAndNoForeignOrigin() {
        let token = self.access.token, csrf = self.access.csrf
        let host = "127.0.0.1:7421"
        // The checks before the body: a POST with the token and no foreign origin may be read.
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: token, isPost: true) == .readForm)
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: token, isPost: true, origin: "http://127.0.0.1:7421", fetchSite: "same-origin") == .readForm)
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: token, isPost: true, origin: "http://evil.example") == .refuse(.crossSite))
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: token, isPost: true, fetchSite: "cross-site") == .refuse(.crossSite))
        // Without the session token, a POST is refused before its body is read at all.
        #expect(self.gate.check(host: host, queryToken: nil, cookieToken: nil, isPost: true) == .refuse(.missingToken))
        #expect(self.gate.check(host: "evil.example:7421", queryToken: nil, cookieToken: token, isPost: true) == .refuse(.wrongHost))
        // Then the decoded form's CSRF field.
        #expect(self.gate.checkForm(csrf: csrf) == .allow)
        #expect(self.gate.checkForm(csrf: nil) == .refuse(.missingCSRF))
        #expect(self.gate.checkForm(csrf: token) == .refuse(.missingCSRF))
        #expect(self.gate.checkForm(csrf: String(csrf.dropLast())) == .refuse(.missingCSRF))
    }

    @Test func tokensAreRandomAndTheCSRFTokenIsNotTheToken() {
        let one = BoardAccess.random(), two = BoardAccess.random()
        #expect(one.token != two.token)
        #expect(one.token.count == BoardAccess.tokenBytes * 2)
        #expect(one.csrf != one.token)
        #expect(BoardAccess(token: one.token).csrf == one.csrf)
    }

    @Test func backGoesOnlyToTheBoardsOwnPages() {
        #expect(BoardServer.safeBack("/commitments") == "/commitments")
        #expect(BoardServer.safeBack("/record/0123abcd") == "/record/0123abcd")
        for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/nowhere", "/record/<x>", nil] {
            #expect(BoardServer.safeBack(hostile) == "/")
        }
    }
}
