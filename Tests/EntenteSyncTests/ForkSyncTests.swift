import EntenteCore
import EntenteStore
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// Issue "One history": a device whose folder was copied, used on both copies, over real TCP
/// on loopback. Each history reaches a different member first; every replica ends holding
/// both, showing the same state, naming the fork.
@Suite("Forks over sync")
struct ForkSyncTests {
    /// Bob's replica is copied; both copies sign the same number of changes, and each history
    /// reaches a different member. Dave syncs only with Alice, Eve only with Carol.
    @Test func bothCopiesWorkReachesEveryoneAndTheStatesAgree() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        for name in ["Bob", "Carol", "Dave", "Eve"] { try collective.join(name, via: "Alice") }
        try collective.serve("Carol")
        for name in ["Bob", "Carol", "Dave", "Eve"] { try collective.sync(name, with: "Alice") }
        let copy = try collective.copy("Bob", as: "BobCopy")
        let bob = try collective.replica("Bob")
        try collective.addCommitments("Bob", count: 2, seed: 1)
        try collective.addCommitments("BobCopy", count: 2, seed: 2)
        try collective.sync("Bob", with: "Alice")
        try collective.sync("BobCopy", with: "Carol")
        let carol = try collective.replica("Carol")
        // Carol builds on the copy's work, Alice on the original's.
        try collective.addCommitments("Carol", count: 1, seed: 3)
        try collective.addCommitments("Alice", count: 1, seed: 4)
        #expect(try alice.forks().isEmpty && carol.forks().isEmpty)

        // Alice and Carol meet: both histories, both in effect.
        let summary = try collective.sync("Alice", with: "Carol")
        #expect(summary.changesSent >= 3 && summary.changesReceived >= 3)
        for replica in [alice, carol] {
            let forks = try replica.forks()
            // Both copies signed two changes: a fork at each of those two places.
            #expect(forks.count == 2 && forks.allSatisfy { $0.author == bob.author && $0.changes.count == 2 }, "\(forks)")
            #expect(try !replica.audit().passed)
            let titles = try Self.titles(replica)
            for title in ["Bob's commitment 1.1", "BobCopy's commitment 2.1", "Carol's commitment 3.0", "Alice's commitment 4.0"] {
                #expect(titles.contains(title), "\(title)")
            }
        }
        #expect(try alice.stateHash() == carol.stateHash())

        // Dave through Alice, Eve through Carol, the two copies: everyone ends in one state.
        try collective.sync("Dave", with: "Alice")
        try collective.sync("Eve", with: "Carol")
        try collective.sync("Bob", with: "Alice")
        try collective.sync("BobCopy", with: "Carol")
        for name in ["Dave", "Eve", "Bob", "BobCopy"] {
            let replica = try collective.replica(name)
            #expect(try replica.stateHash() == alice.stateHash(), "\(name)")
            #expect(try replica.forks() == alice.forks(), "\(name)")
            #expect(try replica.changeCount() == alice.changeCount(), "\(name)")
        }
        _ = copy
    }

    static func titles(_ replica: Replica) throws -> [String] {
        try replica.records(kind: RecordKind.commitment).compactMap { $0.string("title") }
    }
}
