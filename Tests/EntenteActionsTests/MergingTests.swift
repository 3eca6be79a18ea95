import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Pulling changes without the network, as `entente merge` and `entente bundle import` print
/// them: from another replica's folder, or from a bundle file.
@Suite struct MergingTests {
    /// Alice's collective with Bob admitted from her folder; Alice then records a commitment
    /// Bob does not hold.
    static func aliceAndBob(in directory: TemporaryDirectory) throws -> (alice: Replica, bob: Replica) {
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let alice = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: directory.path("alice"), home: home).replica
        let bob = try LocalAdmission.admit(name: "Bob", from: directory.path("alice"), replicaPath: directory.path("bob"), home: home).replica
        try alice.commit(message: "") { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Draft the tender answer"))
        }
        return (alice, bob)
    }

    @Test func aFolderMergedBringsWhatIsMissingOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (alice, bob) = try Self.aliceAndBob(in: directory)
        #expect(try bob.stateHash() != alice.stateHash())

        let first = try Merging.merge(into: bob, from: directory.path("alice"))
        #expect(first.report.applied.count == 1)
        #expect(first.secretRenewal == nil)  // a commitment makes no renewal due
        #expect(try bob.stateHash() == alice.stateHash())

        let again = try Merging.merge(into: bob, from: directory.path("alice"))
        #expect(again.report.applied.isEmpty)
        #expect(try bob.stateHash() == alice.stateHash())
    }

    @Test func aBundleImportedBringsWhatIsMissingAndNothingElse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (alice, bob) = try Self.aliceAndBob(in: directory)
        let bundle = directory.path("news.entente")
        #expect(try alice.exportBundle(to: URL(fileURLWithPath: bundle), since: try bob.summary()) == 1)

        let imported = try Merging.importBundle(into: bob, from: bundle)
        #expect(imported.report.applied.count == 1)
        #expect(try bob.stateHash() == alice.stateHash())
        #expect(try Merging.importBundle(into: bob, from: bundle).report.applied.isEmpty)
    }

    @Test func somethingThatIsNoBundleStoresNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, bob) = try Self.aliceAndBob(in: directory)
        let before = try bob.stateHash()
        let junk = directory.path("junk.entente")
        try Data("not a bundle".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: (any Error).self) { try Merging.importBundle(into: bob, from: junk) }
        #expect(throws: (any Error).self) { try Merging.merge(into: bob, from: directory.path("nowhere")) }
        #expect(try bob.stateHash() == before)
    }
}
