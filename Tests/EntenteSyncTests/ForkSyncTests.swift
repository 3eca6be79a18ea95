import EntenteCore
import EntenteStore
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// Issue "Hold up": forks never hide (SYNC.md §5 step 8). Over real TCP on loopback.
@Suite("Forks found and forwarded by sync")
struct ForkSyncTests {
    /// Bob's replica is copied; both copies sign the same number of changes, and each history
    /// reaches a different member. Before heads in the vector, Alice and Carol saw equal `seq`s
    /// and exchanged nothing: the fork hid until one copy signed more.
    @Test func twoHistoriesOfTheSameLengthAreFoundAndTheEvidenceReachesEveryone() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        try collective.join("Dave", via: "Alice")
        try collective.serve("Carol")
        for name in ["Bob", "Carol", "Dave"] { try collective.sync(name, with: "Alice") }
        let copy = try collective.copy("Bob", as: "BobCopy")
        let bob = try collective.replica("Bob")
        try collective.addCommitments("Bob", count: 2, seed: 1)
        try collective.addCommitments("BobCopy", count: 2, seed: 2)
        let head = try bob.versionVector()[bob.author]
        #expect(try copy.versionVector()[copy.author] == head)  // the same length
        try collective.sync("Bob", with: "Alice")
        try collective.sync("BobCopy", with: "Carol")
        let carol = try collective.replica("Carol")
        #expect(try alice.forkEvidence().isEmpty && carol.forkEvidence().isEmpty)

        // Alice and Carol: equal seqs for Bob's key, different heads.
        let summary = try collective.sync("Alice", with: "Carol")
        #expect(summary.changesSent >= 1)
        for replica in [alice, carol] {
            let forks = try replica.forkEvidence()
            #expect(!forks.isEmpty && forks.allSatisfy { $0.author == bob.author }, "\(forks)")
            #expect(try !replica.audit().passed)
        }
        // Each keeps the history it had: Alice the original's, Carol the copy's.
        #expect(try Self.titles(alice).contains("Bob's commitment 1.1") && Self.titles(carol).contains("BobCopy's commitment 2.1"))
        #expect(try !Self.titles(alice).contains("BobCopy's commitment 2.1"))

        // Dave syncs only with Alice: he follows the original and receives the fork forwarded.
        let dave = try collective.replica("Dave")
        try collective.sync("Dave", with: "Alice")
        #expect(try dave.forkEvidence().contains { $0.author == bob.author })
        #expect(try dave.audit().forks.isEmpty == false)
        #expect(try dave.stateHash() == alice.stateHash())
        // The original device learns that its key signed another history: status will say so.
        try collective.sync("Bob", with: "Alice")
        #expect(try bob.forkEvidence().contains { $0.author == bob.author && $0.rejected.change.seq <= head })
        // The copy, through Carol, learns of the original's history.
        try collective.sync("BobCopy", with: "Carol")
        #expect(try copy.forkEvidence().contains { $0.author == bob.author })
        // And nothing was applied twice or lost: the logs of Alice and Dave are the same.
        #expect(try alice.changes().map(\.id) == dave.changes().map(\.id))
    }

    static func titles(_ replica: Replica) throws -> [String] {
        try replica.records(kind: RecordKind.commitment).compactMap { $0.string("title") }
    }
}
