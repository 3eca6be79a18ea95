import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import EntenteWire
import Foundation
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

    @Test func connectionLimitBothSides() throws {
        let (collective, _) = try Self.founded()
        let first = try TCPConnector.connect(to: try collective.endpoint("Alice"), timeout: 2)
        defer { first.close() }
        // One below the limit (2): a member can still join.
        let invite = try #require(collective.servers["Alice"]).makeInvite(host: "127.0.0.1")
        _ = try SyncClient.join(invite: invite, name: "Bob", folder: collective.folder("Bob"), idleTimeout: 5)
        // At the limit: a third connection is closed at once.
        let second = try TCPConnector.connect(to: try collective.endpoint("Alice"), timeout: 2)
        defer { second.close() }
        Thread.sleep(forTimeInterval: 0.2)
        let over = try TCPConnector.connect(to: try collective.endpoint("Alice"), timeout: 2)
        defer { over.close() }
        over.setTimeout(0.5)
        #expect { _ = try over.input.readSome() } throws: { error in
            (error as? NetError)?.kind == .peerClosed
        }
    }
}
