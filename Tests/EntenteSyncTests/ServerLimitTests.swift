import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import EntenteWire
import Foundation
import Glibc
import Testing

@testable import EntenteSync

/// The server's connection limit and per-connection timeouts: a silent peer never blocks others.
@Suite(.serialized) struct ServerLimitTests {
    /// The server's idle timeout here: a join must finish well within it.
    static let idleTimeout: TimeInterval = 3

    static func founded() throws -> (LoopbackCollective, Replica) {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let server = SyncServer(replica: alice, maximumConnections: 2, idleTimeout: Self.idleTimeout)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        collective.adopt(server, port: port, for: "Alice")
        return (collective, alice)
    }

    @Test func aSilentPeerDoesNotBlockAMemberAndIsDroppedAfterTheIdleTimeout() throws {
        let (collective, _) = try Self.founded()
        let silent = try TCPConnector.connect(to: try collective.endpoint("Alice"), timeout: 2)
        defer { silent.close() }
        let invite = try #require(collective.servers["Alice"]).makeInvite(host: "127.0.0.1")
        let started = Date()
        let (bob, summary) = try SyncClient.join(invite: invite, name: "Bob", folder: collective.folder("Bob"), idleTimeout: 5)
        #expect(Date().timeIntervalSince(started) < Self.idleTimeout - 0.5, "the silent peer delayed the join")
        #expect(summary.changesReceived == 2)
        _ = bob
        silent.setTimeout(Self.idleTimeout * 2 + 3)  // idle timeout, then the 2 s drain of a graceful close
        let waited = Date()
        #expect { _ = try silent.input.readSome() } throws: { error in  // closed by the server
            [NetError.Kind.peerClosed, .readFailed].contains((error as? NetError)?.kind)
        }
        #expect(Date().timeIntervalSince(waited) < Self.idleTimeout + 3)
    }

    /// A member's session that authenticates and then stalls, holding a session slot until the
    /// server's idle timeout.
    static func stalledSession(_ replica: Replica, _ endpoint: TCPEndpoint) throws -> SocketStreamPair {
        let noise = try replica.noiseKey()
        var session = try SyncSession(role: .initiator, configuration: SyncSession.Configuration(
            collective: replica.collective, staticKey: noise, psk: try replica.collectiveSecret(),
            payload: .member(identity: replica.identity, collective: replica.collective, staticKey: try replica.noisePublicKey())))
        let pair = try TCPConnector.connect(to: endpoint, timeout: 2)
        pair.setTimeout(3)
        var events = session.start()
        while true {
            try pair.output.writeAll(session.takeOutput())
            if events.contains(where: { if case .peerAuthenticated = $0 { return true }; return false }) {
                _ = session.admitPeer(summary: HistorySummary())
                try pair.output.writeAll(session.takeOutput())  // message 3 and the summary: authenticated
                return pair
            }
            events = session.receive(try pair.input.readSome())
        }
    }

    @Test func memberSessionLimitBothSidesAndBusyIsSaidAsSuch() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let server = SyncServer(replica: alice, maximumConnections: 2, idleTimeout: Self.idleTimeout)
        collective.adopt(server, port: try server.start(bind: "127.0.0.1", port: 0), for: "Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        // One member's stalled session: one slot of two is left, and Carol syncs.
        let first = try Self.stalledSession(bob, try collective.endpoint("Alice"))
        defer { first.close() }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.load.sessions == 1)
        _ = try collective.sync("Carol", with: "Alice")
        // Two stalled sessions: at the limit, Carol is told the server is busy.
        let second = try Self.stalledSession(bob, try collective.endpoint("Alice"))
        defer { second.close() }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.load.sessions == 2)
        #expect {
            try collective.sync("Carol", with: "Alice")
        } throws: { error in
            guard case SyncFailure.refusedByPeer(let refusal) = error else { return false }
            return refusal.code == .busy && "\(error)".contains("try again")
        }
    }

    @Test func unfinishedHandshakesHaveADeadlineAndAPerAddressCap() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let server = SyncServer(replica: alice, maximumHandshakesPerAddress: 3, handshakeDeadline: 1, idleTimeout: 30)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        collective.adopt(server, port: port, for: "Alice")
        // Five connections from one address: three are kept, the others closed at once.
        let held = try (0..<5).map { _ in try HostileConnection(source: "127.0.0.9", port: port) }
        defer { held.forEach { $0.close() } }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(server.load.handshaking == 3)
        // Trickling a byte every 0.3 s does not extend the 1 s deadline (the idle timeout is 30 s).
        for _ in 0..<6 {
            held.forEach { $0.trickle() }
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(server.load.handshaking == 0)
    }

    /// Issue "Hold up", goal: 1,000 hostile connections (idle, trickling, half-open) from many
    /// addresses, and an honest member's sync succeeds within 5 s, every time; the server keeps
    /// at most `maximumHandshakes` unfinished handshakes and `maximumConnections` sessions.
    @Test func aThousandHostileConnectionsDoNotLockAMemberOut() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let server = SyncServer(replica: alice, idleTimeout: 30)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        collective.adopt(server, port: port, for: "Alice")
        try collective.join("Bob", via: "Alice")
        var hostile: [HostileConnection] = []
        defer { hostile.forEach { $0.close() } }
        for index in 0..<1_000 {
            // 200 source addresses in 127.0.0.0/8, five connections each.
            let connection = try HostileConnection(source: "127.0.\(1 + index / 250).\(2 + index % 200)", port: port)
            if index % 3 == 2 { connection.halfClose() }
            hostile.append(connection)
        }
        var peak = (handshaking: 0, sessions: 0)
        for attempt in 0..<5 {
            for (index, connection) in hostile.enumerated() where index % 3 == 1 { connection.trickle() }
            try collective.addCommitments("Alice", count: 1)
            let started = Date()
            let summary = try collective.sync("Bob", with: "Alice")
            let seconds = Date().timeIntervalSince(started)
            #expect(seconds < 5, "attempt \(attempt): the honest sync took \(seconds) s")
            #expect(summary.changesReceived == 1)
            let load = server.load
            peak = (max(peak.handshaking, load.handshaking), max(peak.sessions, load.sessions))
            // More hostile connections keep arriving between syncs.
            for index in 0..<50 { hostile.append(try HostileConnection(source: "127.0.9.\(2 + index)", port: port)) }
        }
        #expect(peak.handshaking <= SyncNetLimits.maximumHandshakes)
        #expect(peak.sessions <= SyncNetLimits.maximumConnections)
        #expect(server.activeSessions <= SyncNetLimits.maximumHandshakes + SyncNetLimits.maximumConnections)
    }
}

/// A raw TCP connection from a chosen loopback source address that never completes a handshake.
final class HostileConnection {
    private var fd: Int32

    init(source: String, port: UInt16) throws {
        self.fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard self.fd >= 0 else { throw NetError(.socketSetupFailed, "socket") }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, connected == 0 else {
            Glibc.close(self.fd)
            throw NetError(.connectFailed, "connect from \(source)")
        }
    }

    private var sent = 0

    /// One more byte of a handshake message 1 that never ends: a frame announcing 48 bytes,
    /// then its bytes one at a time.
    func trickle() {
        var byte: UInt8 = self.sent == 1 ? 0x30 : 0
        _ = send(self.fd, &byte, 1, Int32(MSG_NOSIGNAL))
        self.sent += 1
    }
    func halfClose() { _ = shutdown(self.fd, Int32(SHUT_WR)) }

    func close() {
        if self.fd >= 0 { Glibc.close(self.fd) }
        self.fd = -1
    }
}
