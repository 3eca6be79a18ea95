import EntenteCore
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation
import Logging

/// Bytes on the wire for delta syncs over real TCP on loopback, against the encoded size of
/// the missing changes plus the handshake (issue "Sync over TCP", goal <= 1.05x).
func runSyncBenchmark(arguments: [String]) {
    do {
        var logger = Logger(label: "entente.bench")
        logger.logLevel = .error
        let folder = try BenchFolder("sync")
        defer { folder.remove() }
        let alice = try Replica.found(ReplicaFolder(folder.url.appendingPathComponent("alice")), collective: "Bench", founder: "Alice")
        var created: RecordID?
        let made = try alice.commit(message: "") { change in created = change.create(RecordKind.commitment) }
        guard let record = created.map(made.resolve) else { return }
        let server = SyncServer(replica: alice, logger: logger)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        defer { server.stop() }
        let invite = try server.makeInvite(host: "127.0.0.1", lifetime: 600)
        let (bob, _) = try SyncClient.join(invite: invite, name: "Bob", folder: ReplicaFolder(folder.url.appendingPathComponent("bob")), logger: logger)

        print("== Delta sync over TCP on loopback: wire bytes vs (missing changes + handshake)")
        print("delta   change bytes   handshake   wire bytes   ratio   time")
        for delta in [1, 10, 100, 1000, 10_000] {
            for index in 0..<delta {
                try alice.commit(message: "status \(index)") { $0.set(record, "status", .string("step \(index)")) }
            }
            let summary = try SyncClient.sync(replica: bob, host: "127.0.0.1", port: port, logger: logger)
            let counters = summary.counters
            let changeBytes = counters.changeBytesSent + counters.changeBytesReceived
            let handshake = counters.handshakeBytesSent + counters.handshakeBytesReceived
            precondition(summary.applied == delta, "the sync must bring the whole delta")
            print(String(format: "%5d   %12d   %9d   %10d   %.3fx  %7.1f ms", delta, changeBytes, handshake, counters.wireBytes,
                         Double(counters.wireBytes) / Double(changeBytes + handshake), summary.seconds * 1000))
        }
        let converged = try alice.stateHash() == bob.stateHash()
        print(converged ? "(both replicas hold the same state)" : "THE REPLICAS DIFFER")
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}
