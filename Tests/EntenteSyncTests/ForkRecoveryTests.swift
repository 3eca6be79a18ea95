import EntenteCore
import EntenteStore
import Foundation
import Testing

@testable import EntenteSync

/// Issue "Hold up", "forks never block and never hide": a replica restored from a backup (or
/// copied) adopts its own later changes, refuses to fork its key further once it knows, and
/// `entente recover` re-signs its unaccepted work under a fresh key linked to its member.
@Suite struct ForkRecoveryTests {
    /// The vision statement of a replica.
    static func vision(_ replica: Replica) throws -> String? {
        Collective.find(in: try replica.records())?.vision
    }

    static func editVision(_ replica: Replica, to text: String) throws {
        let collective = try #require(Collective.find(in: try replica.records())).id
        try replica.commit(message: "") { change in try Collective.setVision(text, on: collective, in: &change) }
    }

    static func titles(_ replica: Replica, prefix: String) throws -> [String] {
        try replica.records(kind: RecordKind.commitment).compactMap { $0.string("title") }.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Alice serves; Bob joins and signs one commitment; his folder is copied (a backup); the
    /// original signs `original` more and syncs with Alice; the copy signs `copy` more.
    static func aliceAndACopyOfBob(_ collective: LoopbackCollective, original: Int, copy: Int) throws -> (alice: Replica, copy: Replica) {
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Bob", count: 1)
        let backup = try collective.copy("Bob", as: "BobBackup")
        try collective.addCommitments("Bob", count: original, seed: 1)
        try collective.sync("Bob", with: "Alice")
        if copy > 0 { try collective.addCommitments("BobBackup", count: copy, seed: 2) }
        return (alice, backup)
    }

    @Test func aRestoredBackupThatSignedNothingAdoptsItsOwnLaterChanges() throws {
        let collective = try LoopbackCollective()
        let (alice, backup) = try Self.aliceAndACopyOfBob(collective, original: 2, copy: 0)
        // Bob's disk dies; the backup comes back and syncs before signing anything.
        let summary = try collective.sync("BobBackup", with: "Alice")
        #expect(summary.applied >= 2)
        #expect(try backup.ownForkAhead() == nil)
        try collective.addCommitments("BobBackup", count: 1, seed: 3)
        try collective.sync("BobBackup", with: "Alice")
        #expect(try alice.forkEvidence().isEmpty)
        #expect(try Self.titles(alice, prefix: "Bob's").count == 3)
        #expect(try Self.titles(alice, prefix: "BobBackup").count == 1)
        #expect(try alice.stateHash() == backup.stateHash())
    }

    @Test func aCopyThatKnowsItsKeySignedFurtherElsewhereRefusesToSign() throws {
        let collective = try LoopbackCollective()
        let (_, backup) = try Self.aliceAndACopyOfBob(collective, original: 3, copy: 1)
        #expect(try backup.ownForkAhead() == nil)  // nothing known yet: it may sign
        try collective.sync("BobBackup", with: "Alice")
        let ahead = try #require(try backup.ownForkAhead())
        let head = try backup.versionVector()[backup.author]
        #expect(ahead > head)
        #expect(throws: StoreError.self) { try collective.addCommitments("BobBackup", count: 1, seed: 3) }
        do {
            try collective.addCommitments("BobBackup", count: 1, seed: 3)
        } catch let error as StoreError {
            #expect("\(error)".contains("entente recover"))
        }
        #expect(try backup.versionVector()[backup.author] == head)  // nothing was signed
    }

    @Test func recoverResignsTheUnacceptedWorkUnderANewLinkedKey() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        try Self.editVision(alice, to: "We say our expectations out loud.")
        try collective.sync("Bob", with: "Alice")
        try collective.addCommitments("Bob", count: 1)
        let backup = try collective.copy("Bob", as: "BobBackup")
        let oldKey = backup.author
        try collective.addCommitments("Bob", count: 5, seed: 1)
        try collective.sync("Bob", with: "Alice")
        // The copy's own work: a commitment created then retitled in a second change (a
        // reference to a record it created), a decision referring to that commitment, and an
        // edit of the vision text, then a second edit of its own words.
        try backup.commit(message: "typed by Bob") { change in
            let record = change.create(RecordKind.commitment)
            change.set(record, "title", .string("Copy's draft"))
        }
        let draft = try #require(try backup.records(kind: RecordKind.commitment).first { $0.string("title") == "Copy's draft" }).id
        try backup.commit(message: "") { change in
            change.set(draft, "title", .string("Copy's commitment"))
            let note = change.create(RecordKind.decision)
            change.set(note, "title", .string("Copy's decision"))
            change.add(note, "links", .record(draft))
        }
        try Self.editVision(backup, to: "We say our expectations out loud, early.")
        try Self.editVision(backup, to: "We say our expectations out loud, early and kindly.")
        try collective.sync("BobBackup", with: "Alice")
        #expect(try backup.ownForkAhead() != nil)
        let carolBefore = try collective.replica("Carol").stateHash()

        let report = try ForkRecovery.recover(backup, with: try collective.endpoint("Alice"))
        #expect(report.outcome == .recovered)
        #expect(report.unaccepted == 4)
        #expect(report.refused.isEmpty)
        let newKey = try #require(report.newKey)
        #expect(newKey != oldKey)
        let kept = try #require(report.keptAt)
        #expect(FileManager.default.fileExists(atPath: kept + "/replica.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: collective.folder("BobBackup").url.path + "/.recovery"))

        // Alice holds the copy's work under the new key, which speaks for Bob.
        let bob = try #require(try alice.directory().member(for: oldKey))
        #expect(try alice.directory().member(for: newKey)?.id == bob.id)
        #expect(try Self.titles(alice, prefix: "Copy's") == ["Copy's commitment"])
        let commitment = try #require(try alice.records(kind: RecordKind.commitment).first { $0.string("title") == "Copy's commitment" })
        #expect(commitment.header.createdBy.author == newKey)
        let decision = try #require(try alice.records(kind: RecordKind.decision).first { $0.string("title") == "Copy's decision" })
        #expect(decision.sets["links"] == [.record(commitment.id)])
        #expect(try Self.vision(alice) == "We say our expectations out loud, early and kindly.")
        #expect(try Self.titles(alice, prefix: "Bob's").count == 6)  // the original's work stays
        #expect(try alice.changes().first { $0.change.author == newKey }?.change.message == "typed by Bob")

        // The recovered folder signs with the new key, and everybody converges.
        let recovered = try Replica.open(collective.folder("BobBackup"))
        #expect(recovered.author == newKey)
        #expect(try recovered.ownForkAhead() == nil)
        try recovered.commit(message: "") { change in
            let record = change.create(RecordKind.commitment)
            change.set(record, "title", .string("Copy's next commitment"))
        }
        #expect(try SyncClient.sync(replica: recovered, with: try collective.endpoint("Alice"), idleTimeout: 5).changesSent == 1)
        try collective.sync("Carol", with: "Alice")
        try collective.sync("Bob", with: "Alice")
        #expect(try collective.replica("Carol").stateHash() != carolBefore)
        #expect(try collective.replica("Carol").stateHash() == alice.stateHash())
        #expect(try collective.replica("Bob").stateHash() == alice.stateHash())
        #expect(try recovered.stateHash() == alice.stateHash())
        // The original device received the link on top of its own history: no fork there.
        #expect(try collective.replica("Bob").forkEvidence().isEmpty)
    }

    /// The peer keeps, as fork evidence, a change of this device's refused history one past
    /// its own head (a replica that received it before probes existed, SYNC.md §5 step 8).
    /// It forwards it to the recovery's scratch, which holds the peer's history and must still
    /// sign the link: that evidence is the very work being recovered.
    @Test func evidenceForwardedToTheScratchDoesNotStopTheRecovery() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.sync("Bob", with: "Alice")
        try collective.addCommitments("Bob", count: 1)
        let backup = try collective.copy("Bob", as: "BobBackup")
        try collective.addCommitments("Bob", count: 2, seed: 1)
        try collective.sync("Bob", with: "Alice")
        try collective.addCommitments("BobBackup", count: 4, seed: 2)
        let head = try alice.versionVector()[backup.author]
        let past = try #require(try backup.change(author: backup.author, seq: head + 1))
        try alice.receive([past])
        #expect(try alice.forkEvidence().map(\.rejected.id) == [past.id])

        let report = try ForkRecovery.recover(backup, with: try collective.endpoint("Alice"))
        #expect(report.outcome == .recovered)
        #expect(report.unaccepted == 4)
        #expect(try Self.titles(alice, prefix: "BobBackup's").count == 4)
    }

    /// Alice took the copy's second change, Carol the original's; the copy learns from Carol
    /// that its key went further and stops signing. Alice's history holds all of the copy's
    /// work, so recovering with Alice signs nothing, keeps the key, and lets the copy sign again.
    @Test func recoverWithAPeerThatHoldsAllOfThisCopyLetsItSignAgain() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        try collective.serve("Carol")
        try collective.sync("Bob", with: "Alice")  // Bob learns of Carol
        try collective.addCommitments("Bob", count: 1)
        let copy = try collective.copy("Bob", as: "BobCopy")
        try collective.addCommitments("BobCopy", count: 1, seed: 1)
        try collective.sync("BobCopy", with: "Alice")
        try collective.addCommitments("Bob", count: 3, seed: 2)
        try collective.sync("Bob", with: "Carol")
        try collective.sync("BobCopy", with: "Carol")
        #expect(try copy.ownForkAhead() != nil)
        #expect(throws: StoreError.self) { try collective.addCommitments("BobCopy", count: 1, seed: 3) }

        let report = try ForkRecovery.recover(copy, with: try collective.endpoint("Alice"))
        #expect(report.outcome == .intact)
        #expect(report.unaccepted == 0)
        #expect(report.newKey == nil)
        #expect(!FileManager.default.fileExists(atPath: collective.folder("BobCopy").url.path + "/.recovery"))
        #expect(try copy.ownForkAhead() == nil)
        try collective.addCommitments("BobCopy", count: 1, seed: 3)
        try collective.sync("BobCopy", with: "Alice")
        #expect(try Self.titles(alice, prefix: "BobCopy").count == 2)
        // Alice follows the copy's history; the original's reached her as the fork the copy
        // forwarded (SYNC.md §5 step 8): named there too, as its first change only.
        let forks = try alice.forkEvidence()
        #expect(forks.count == 1 && forks.allSatisfy { $0.author == copy.author }, "\(forks)")
        #expect(try forks.first.map { try collective.replica("Bob").change(author: copy.author, seq: $0.rejected.change.seq)?.id == $0.rejected.id } == true)
    }

    struct Stop: Error {}

    /// A recovery stopped at each of its steps (as a crash would) finishes on the next run with
    /// the same fresh key: one link, the copy's work once, nothing signed twice.
    @Test(arguments: [ForkRecovery.Step.linked, .switched, .resigned])
    func anInterruptedRecoveryResumes(at step: ForkRecovery.Step) throws {
        let collective = try LoopbackCollective()
        let (alice, backup) = try Self.aliceAndACopyOfBob(collective, original: 3, copy: 2)
        try collective.sync("BobBackup", with: "Alice")
        let endpoint = try collective.endpoint("Alice")
        #expect(throws: Stop.self) {
            try ForkRecovery.recover(backup, with: endpoint, idleTimeout: 5, logger: .quiet("test"), now: Date(),
                                     interrupt: { if $0 == step { throw Stop() } })
        }
        try backup.close()
        let reopened = try Replica.open(collective.folder("BobBackup"))
        #expect(reopened.author == backup.author)  // the folder is untouched until the end
        let report = try ForkRecovery.recover(reopened, with: endpoint)
        #expect(report.outcome == .recovered)
        let newKey = try #require(report.newKey)
        let bob = try #require(try alice.directory().member(for: backup.author))
        #expect(bob.devices.count == 2)
        #expect(try alice.directory().member(for: newKey)?.id == bob.id)
        #expect(try Self.titles(alice, prefix: "BobBackup's").count == 2)
        #expect(try alice.versionVector()[newKey] == 1)
        #expect(try alice.forkEvidence().allSatisfy { $0.author == backup.author })
        #expect(try Replica.open(collective.folder("BobBackup")).author == newKey)
    }

    /// A recovery interrupted while it puts the rebuilt replica in place finishes before
    /// anything else opens the folder.
    @Test func anInterruptedSwapFinishes() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let folder = collective.folder("Alice")
        let scratch = folder.url.appendingPathComponent(".recovery")
        let kept = folder.url.appendingPathComponent("forked-1")
        // The original's files were moved aside; a rebuilt copy waits in the scratch.
        try alice.close()
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        for name in ["replica.sqlite", "identity.key", "noise.key"] {
            try FileManager.default.copyItem(at: folder.url.appendingPathComponent(name), to: scratch.appendingPathComponent(name))
            try FileManager.default.moveItem(at: folder.url.appendingPathComponent(name), to: kept.appendingPathComponent(name))
        }
        #expect(FileManager.default.createFile(atPath: scratch.appendingPathComponent("finishing").path, contents: Data("forked-1".utf8)))
        #expect(FileManager.default.createFile(atPath: scratch.appendingPathComponent("finishing-placed-aside").path, contents: Data()))
        #expect(throws: StoreError.self) { try Replica.open(folder) }
        #expect(try RecoveryScratch.finishIfInterrupted(folder)?.lastPathComponent == "forked-1")
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(try Replica.open(folder).changeCount() == 1)
        #expect(try RecoveryScratch.finishIfInterrupted(folder) == nil)
    }
}
