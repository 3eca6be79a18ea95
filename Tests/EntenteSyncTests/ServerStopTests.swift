import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import Foundation
import Testing

@testable import EntenteSync

/// Stopping a server ends every session it runs within `SyncNetLimits.stopDeadline`: the
/// server's threads belong to one owner that closes their connections and waits for them, for
/// at most the deadline.
@Suite(.serialized) struct ServerStopTests {
    /// A server for Alice with Bob admitted, and a commitment of Bob's she does not hold.
    static func collective() throws -> (LoopbackCollective, SyncServer) {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let server = SyncServer(replica: alice, idleTimeout: 20)
        collective.adopt(server, port: try server.start(bind: "127.0.0.1", port: 0), for: "Alice")
        try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Bob", count: 1)
        return (collective, server)
    }

    /// Waits until `condition` holds, at most `seconds`.
    static func eventually(within seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    /// Holds Alice's store lock (as a long write of hers would) until `release` is signalled.
    static func holdStoreLock(of replica: Replica, until release: DispatchSemaphore) {
        let held = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            SyncLocks.lock(for: replica).withLock {
                held.signal()
                release.wait()
            }
        }
        held.wait()
    }

    /// Bob syncs with Alice on a thread of his own; `ended` is signalled when his sync returns.
    static func bobSyncs(_ collective: LoopbackCollective) throws -> DispatchSemaphore {
        let bob = try collective.replica("Bob"), endpoint = try collective.endpoint("Alice")
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? SyncClient.sync(replica: bob, with: endpoint, idleTimeout: 20)
            ended.signal()
        }
        return ended
    }

    /// Bob's session with Alice's server, authenticated and waiting to store his batch while
    /// Alice's store lock is held (until `release` is signalled); `ended` is signalled when
    /// his sync returns.
    static func bobWaitingForAlicesLock() throws -> (LoopbackCollective, SyncServer, release: DispatchSemaphore, ended: DispatchSemaphore) {
        let (collective, server) = try Self.collective()
        let release = DispatchSemaphore(value: 0)
        Self.holdStoreLock(of: try collective.replica("Alice"), until: release)
        let ended = try Self.bobSyncs(collective)
        #expect(Self.eventually(within: 5) { server.load.sessions == 1 })
        Thread.sleep(forTimeInterval: 0.3)
        return (collective, server, release, ended)
    }

    @Test func stopClosesSilentPeersAndStalledSessionsAtOnce() throws {
        let (collective, server) = try Self.collective()
        let endpoint = try collective.endpoint("Alice")
        // One connection that never says a word, one member's session that authenticates and
        // then stalls (its idle timeout, 20 s, is far beyond the deadline).
        let silent = try TCPConnector.connect(to: endpoint, timeout: 2)
        defer { silent.close() }
        let stalled = try ServerLimitTests.stalledSession(try collective.replica("Bob"), endpoint)
        defer { stalled.close() }
        #expect(Self.eventually(within: 5) { server.load.sessions == 1 && server.unprovenCount == 1 })
        #expect(server.threadCount == 3)  // accepting, the gate, the stalled session

        let started = Date()
        let left = server.stop(within: SyncNetLimits.stopDeadline)
        let took = Date().timeIntervalSince(started)
        #expect(left == 0)
        #expect(took < SyncNetLimits.stopDeadline, "stopping took \(took) s")
        #expect(server.threadCount == 0)
        #expect(server.activeSessions == 0)
        #expect(stalled.closedByPeer())
        // A second stop waits for nothing.
        #expect(server.stop(within: 60) == 0)
    }

    @Test func aSessionWaitingForTheReplicaPastTheDeadlineIsLeftToEndOnItsOwn() throws {
        let (collective, server, release, ended) = try Self.bobWaitingForAlicesLock()
        _ = collective

        let deadline: TimeInterval = 0.5
        let started = Date()
        let left = server.stop(within: deadline)
        let took = Date().timeIntervalSince(started)
        #expect(left == 1, "the session waiting for the lock is still running")
        #expect(took >= deadline - 0.05 && took < deadline + 1.5, "stop returned after \(took) s")
        // Once the lock is free, the session ends on its own, and Bob's sync returns.
        release.signal()
        #expect(Self.eventually(within: 10) { server.threadCount == 0 })
        #expect(ended.wait(timeout: .now() + 25) == .success)
    }

    @Test func aSessionThatEndsWithinTheDeadlineIsWaitedFor() throws {
        let (collective, server, release, ended) = try Self.bobWaitingForAlicesLock()
        _ = collective

        // The lock is freed 0.3 s into the stop: the session ends well within the deadline.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { release.signal() }
        let started = Date()
        let left = server.stop(within: 5)
        let took = Date().timeIntervalSince(started)
        #expect(left == 0)
        #expect(took >= 0.25 && took < 5, "stop returned after \(took) s")
        #expect(server.threadCount == 0)
        #expect(ended.wait(timeout: .now() + 25) == .success)
    }
}
