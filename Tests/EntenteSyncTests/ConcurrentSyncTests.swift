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
        for _ in 0..<4 {
            let group = DispatchGroup()
            for name in names {
                for other in names where other != name {
                    DispatchQueue.global().async(group: group) {
                        _ = try? collective.sync(name, with: other)  // Bob refuses Carol until he learns of her
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
