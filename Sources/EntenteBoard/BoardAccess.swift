import Crypto
import Foundation

/// The secrets that guard one run of the board: a random token that must come with every
/// request (in the URL the first time, then in a cookie), and the CSRF token every form
/// carries. Both are made anew each time `entente board` starts.
public struct BoardAccess: Sendable {
    /// The cookie that keeps the token after the first visit.
    public static let tokenCookie = "entente_board"
    /// The form field that carries the CSRF token.
    public static let csrfField = "csrf"
    /// Random bytes in the token.
    public static let tokenBytes = 32

    public let token: String
    public let csrf: String

    public init(token: String) {
        self.token = token
        // Derived, so it never has to be stored; different from the token, so a form's
        // source does not reveal the token (and the token cannot be guessed from it).
        let digest = SHA256.hash(data: Data("entente board csrf\u{0}\(token)".utf8))
        self.csrf = digest.map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh token from the system's random generator.
    public static func random() -> BoardAccess {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.tokenBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return BoardAccess(token: bytes.map { String(format: "%02x", $0) }.joined())
    }

    /// Compares without stopping at the first differing byte.
    static func same(_ lhs: String?, _ rhs: String) -> Bool {
        guard let lhs else { return false }
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// What the board decides about a request before any page or action runs. Pure, so each
/// rule is tested on both sides without a server.
public struct BoardGate: Sendable {
    public enum Verdict: Equatable, Sendable {
        case allow
        /// The token came in the URL: set the cookie and send the browser to the same page
        /// without the token (so it does not linger in the address bar or the history).
        case acceptToken
        /// A POST that passed every check a body is not needed for: only now may its body be
        /// read and decoded, then its CSRF field checked with ``BoardGate/checkForm(csrf:)``.
        case readForm
        case refuse(Reason)
    }

    public enum Reason: String, Equatable, Sendable {
        case wrongHost = "wrong-host"
        case missingToken = "missing-token"
        case crossSite = "cross-site"
        case missingCSRF = "missing-csrf"
    }

    public let access: BoardAccess
    public let port: UInt16

    public init(access: BoardAccess, port: UInt16) {
        self.access = access
        self.port = port
    }

    /// The Host values a browser sends for this board: anything else is another name that
    /// resolves here (DNS rebinding) and is refused.
    public var allowedHosts: [String] { ["127.0.0.1:\(self.port)", "localhost:\(self.port)"] }
    public var allowedOrigins: [String] { self.allowedHosts.map { "http://" + $0 } }

    /// Everything decided before any byte of the body is read.
    /// - Parameters:
    ///   - host: the Host header (HTTP/1.1's authority).
    ///   - queryToken: the `token` query parameter.
    ///   - cookieToken: the token cookie.
    ///   - isPost: whether the request changes state.
    ///   - origin: the Origin header; `Sec-Fetch-Site` too, when the browser sends it.
    public func check(host: String?, queryToken: String?, cookieToken: String?, isPost: Bool,
                      origin: String? = nil, fetchSite: String? = nil) -> Verdict {
        guard let host, self.allowedHosts.contains(host.lowercased()) else { return .refuse(.wrongHost) }
        let byCookie = BoardAccess.same(cookieToken, self.access.token)
        let byQuery = BoardAccess.same(queryToken, self.access.token)
        guard byCookie || byQuery else { return .refuse(.missingToken) }
        if isPost {
            if let origin, !self.allowedOrigins.contains(origin.lowercased()) { return .refuse(.crossSite) }
            if let fetchSite, fetchSite != "same-origin", fetchSite != "none" { return .refuse(.crossSite) }
            return .readForm
        }
        return byQuery && !byCookie ? .acceptToken : .allow
    }

    /// A POST's form, once decoded: it must carry the CSRF token of this run.
    public func checkForm(csrf: String?) -> Verdict {
        BoardAccess.same(csrf, self.access.csrf) ? .allow : .refuse(.missingCSRF)
    }
}
