import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// A rotated collective secret over real TCP (`Protocol/SYNC.md` §3): members who have not
/// yet received the rotation still sync, in both roles, and learn the new secret by syncing.
@Suite(.serialized) struct SecretRotationSyncTests {
    /// Alice, Bob (joined through Alice, serving) and a rotation that only Alice holds.
    static func rotated() throws -> (LoopbackCollective, old: [UInt8], new: [UInt8]) {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.serve("Bob")
        let alice = try collective.replica("Alice")
        let old = try alice.secretChain().current
        #expect(try bob.secretChain().current == old)
        let directory = try alice.directory()
        let secret = [UInt8](repeating: 0x42, count: 32)
        try alice.commit(message: "") { change in
            SecretRotation.write(into: &change, secret: secret, recipients: SecretRotation.recipients(in: directory), collective: alice.collective)
        }
        #expect(try alice.secretChain().current == secret)
        #expect(try alice.secretChain().accepted == [secret, old])
        return (collective, old, secret)
    }

    @Test func aMemberBehindSyncsWithOneAheadAndLearnsTheNewSecret() throws {
        let (collective, old, new) = try Self.rotated()
        let bob = try collective.replica("Bob")
        #expect(try bob.secretChain().current == old)
        // Bob connects with the old secret; Alice's server still accepts it.
        let summary = try SyncClient.sync(replica: bob, with: try collective.endpoint("Alice"), idleTimeout: 5)
        #expect(summary.applied == 1)
        #expect(try bob.secretChain().current == new && !(try bob.secretChain().missesCurrent))
        #expect(try bob.stateHash() == (try collective.replica("Alice").stateHash()))
        // Both sides note the completed session with the other's device (the board's "in step").
        let alice = try collective.replica("Alice")
        #expect(bob.peerExchanges()[alice.author]?.changes == (try bob.changeCount()))
        #expect(LoopbackDiscovery.eventually { alice.peerExchanges()[bob.author]?.changes == (try? alice.changeCount()) })
    }

    @Test func aMemberAheadReachesOneBehindWithAnEarlierSecret() throws {
        let (collective, old, new) = try Self.rotated()
        let alice = try collective.replica("Alice")
        // Bob's server only knows the old secret: Alice's first handshake fails, the second
        // (with the old secret) goes through and carries the rotation to Bob.
        let summary = try SyncClient.sync(replica: alice, with: try collective.endpoint("Bob"), idleTimeout: 5)
        #expect(summary.changesSent == 1)
        let bob = try collective.replica("Bob")
        #expect(try bob.secretChain().current == new)
        #expect(try bob.secretChain().accepted == [new, old])
    }

    @Test func anOutsiderWithAnotherSecretIsStillRefused() throws {
        let (collective, _, _) = try Self.rotated()
        let stranger = try LoopbackCollective()
        let mallory = try stranger.found("Mallory")
        #expect(throws: SyncFailure.self) { try SyncClient.sync(replica: mallory, with: try collective.endpoint("Alice"), idleTimeout: 5) }
    }
}
