import EntenteCore
import EntenteStore
import Foundation
import Testing

@testable import EntenteSync

/// Every replica syncing with every other at the same time, in both directions.
@Suite(.serialized) struct ConcurrentSyncTests {
    @Test func concurrentSyncsInBothDirectionsConverge() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")  // Bob does not know Carol yet
        try collective.serve("Bob")
        try collective.serve("Carol")
        let names = ["Alice", "Bob", "Carol"]
        for (index, name) in names.enumerated() { try collective.addCommitments(name, count: 3, seed: index) }
        // What the threads share is read before they start: replicas (Sendable) and addresses.
        let replicas = try names.map { try collective.replica($0) }
        let endpoints = try names.map { try collective.endpoint($0) }
        for _ in 0..<4 {
            let group = DispatchGroup()
            for (index, replica) in replicas.enumerated() {
                for (other, endpoint) in endpoints.enumerated() where other != index {
                    DispatchQueue.global().async(group: group) {
                        // Bob refuses Carol until he learns of her.
                        _ = try? SyncClient.sync(replica: replica, with: endpoint, idleTimeout: 5)
                    }
                }
            }
            group.wait()
        }
        let hashes = try names.map { try collective.replica($0).stateHash() }
        #expect(Set(hashes).count == 1, "\(hashes)")
        for name in names {
            #expect(try collective.replica(name).pendingCount() == 0)
            #expect(try collective.replica(name).records(kind: RecordKind.commitment).count == 9)
        }
    }
}
