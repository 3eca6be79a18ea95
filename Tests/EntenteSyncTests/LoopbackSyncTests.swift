import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// Replicas in one process syncing over real TCP on loopback.
@Suite(.serialized) struct LoopbackSyncTests {
    @Test func inviteJoinThenDeltaSync() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        let alice = try collective.replica("Alice")
        #expect(try bob.stateHash() == alice.stateHash())
        let members = try bob.directory().members
        #expect(Set(members.map(\.name)) == ["Alice", "Bob"])
        let bobRecord = try #require(members.first { $0.name == "Bob" })
        #expect(bobRecord.key == bob.author)
        #expect(bobRecord.devices.map(\.noiseKey) == [try bob.noisePublicKey()])

        try collective.addCommitments("Bob", count: 4)
        try collective.addCommitments("Alice", count: 2)
        let summary = try collective.sync("Bob", with: "Alice")
        #expect(summary.changesSent == 4)
        #expect(summary.changesReceived == 2)
        #expect(summary.applied == 2)
        #expect(try bob.stateHash() == alice.stateHash())
        #expect(summary.line.hasPrefix("synced with Alice (127.0.0.1:"))
    }

    @Test func threeReplicasConvergeAfterRandomEditsAndRandomPairSyncs() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        try collective.serve("Bob")
        try collective.serve("Carol")
        // Bob learns of Carol's admission first: a replica only admits members it knows of.
        #expect(throws: SyncFailure.self) { try collective.sync("Carol", with: "Bob") }
        try collective.sync("Bob", with: "Alice")
        let names = ["Alice", "Bob", "Carol"]
        var random = SeededRandom(seed: 0x5eed)
        for round in 0..<12 {
            let editor = names[Int(random.next() % 3)]
            try collective.addCommitments(editor, count: Int(random.next() % 5) + 1, seed: round)
            let a = names[Int(random.next() % 3)]
            let b = names.filter { $0 != a }[Int(random.next() % 2)]
            try collective.sync(a, with: b)
        }
        // A ring twice settles everything.
        for _ in 0..<2 {
            try collective.sync("Alice", with: "Bob")
            try collective.sync("Bob", with: "Carol")
            try collective.sync("Carol", with: "Alice")
        }
        let hashes = try names.map { try collective.replica($0).stateHash() }
        #expect(Set(hashes).count == 1, "\(hashes)")
        let counts = try names.map { try collective.replica($0).changeCount() }
        #expect(Set(counts).count == 1)
    }

    // MARK: - Refusals over TCP

    @Test func usedAndUnknownInvitesAreRefusedAndLeaveNoFolder() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let code = try collective.invite(from: "Alice")
        let (bob, _) = try SyncClient.join(invite: code, name: "Bob", folder: collective.folder("Bob"), idleTimeout: 5)
        let second = collective.folder("Eve")
        #expect {
            try SyncClient.join(invite: code, name: "Eve", folder: second, idleTimeout: 5)
        } throws: { error in
            // A used code admits nobody else: the inviter refuses another key, and no folder stays.
            guard case SyncFailure.invite(let reason, _) = error else { return false }
            return reason.contains("this invite code was already used (by Bob)")
        }
        #expect(!FileManager.default.fileExists(atPath: second.url.path))
        var forged = code
        forged.key = [UInt8](repeating: 7, count: 32)
        #expect {
            try SyncClient.join(invite: forged, name: "Eve", folder: second, idleTimeout: 5)
        } throws: { error in
            guard case SyncFailure.invite(let reason, _) = error else { return false }
            return reason.contains("refused this invite code")
        }
        // The code carries no collective secret, and Bob received the real one in the session.
        #expect(try bob.collectiveSecret() == collective.replica("Alice").collectiveSecret())
        #expect(!code.encodedBytes().containsSubsequence(try bob.collectiveSecret()))
    }

    /// Names are unique among members: a newcomer who asks for a name another member has
    /// (typed another way) is refused before the invite is used, and joins under another.
    @Test func aNameAnotherMemberHasIsRefusedAndTheInviteStaysUsable() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let code = try collective.invite(from: "Alice")
        let folder = collective.folder("Alice2")
        #expect {
            try SyncClient.join(invite: code, name: "alice", folder: folder, idleTimeout: 5)
        } throws: { error in
            guard case SyncFailure.invite(let reason, _) = error else { return false }
            return reason.contains("a member named 'Alice' is already in the collective")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.path))
        let (bob, _) = try SyncClient.join(invite: code, name: "Alice B.", folder: folder, idleTimeout: 5)
        #expect(try bob.directory().members.map(\.name).sorted() == ["Alice", "Alice B."])
    }

    @Test func expiredInvitesAreRefusedByBothSides() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        var code = try collective.invite(from: "Alice")
        // The server's clock moves past the expiry; the code itself still claims validity.
        let server = try #require(collective.servers["Alice"])
        server.invites.now = { UInt64(Date().timeIntervalSince1970) + 7200 }
        #expect {
            try SyncClient.join(invite: code, name: "Eve", folder: collective.folder("Eve"), idleTimeout: 5)
        } throws: { error in
            guard case SyncFailure.invite(let reason, _) = error else { return false }
            return reason.contains("has expired")
        }
        code.expires = 1
        #expect {
            try SyncClient.join(invite: code, name: "Eve", folder: collective.folder("Eve"), idleTimeout: 5)
        } throws: { error in
            "\(error)".contains("expired")
        }
    }

    @Test func wrongSecretIsRefusedAndNothingApplied() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        let before = try alice.stateHash()
        let outsider = try Replica.create(collective.folder("Mallory"), collective: alice.collective, secret: [UInt8](repeating: 1, count: 32))
        try outsider.receive(try alice.changes())  // knows the members, but not the secret
        #expect {
            try SyncClient.sync(replica: outsider, with: try collective.endpoint("Alice"), idleTimeout: 5)
        } throws: { error in
            "\(error)".contains("collective secrets may differ")
        }
        #expect(try alice.stateHash() == before)
        #expect(try outsider.changeCount() == 1)
    }

    @Test func validSecretButNonMemberKeyIsRefused() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        let outsider = try Replica.create(collective.folder("Mallory"), collective: alice.collective, secret: try alice.collectiveSecret())
        try outsider.receive(try alice.changes())  // knows the members, but is not one
        let before = try alice.stateHash()
        #expect {
            try SyncClient.sync(replica: outsider, with: try collective.endpoint("Alice"), idleTimeout: 5)
        } throws: { error in
            guard case SyncFailure.refusedByPeer(let refusal) = error else { return false }
            return refusal.code == .notAMember && "\(error)".contains("entente invite")
        }
        #expect(try alice.stateHash() == before)
    }

    @Test func archivedMemberIsRefused() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        let directory = try alice.directory()
        let bobRecord = try #require(directory.members.first { $0.name == "Bob" })
        let aliceRecord = try #require(directory.member(for: alice.author))
        // Alice is the only other member: her proposal is a majority.
        try alice.commit(message: "") { Admission.propose(.archive, on: bobRecord.id, by: aliceRecord.id, roster: directory.roster, into: &$0) }
        #expect {
            try collective.sync("Bob", with: "Alice")
        } throws: { error in
            guard case SyncFailure.refusedByPeer(let refusal) = error else { return false }
            return refusal.code == .archivedMember && refusal.reason.contains("Bob")
        }
    }

    @Test func peerVanishingMidSyncLeavesAConsistentReplicaAndTheNextSyncCompletes() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        // Two batches (SyncLimits.senderBatchChanges a batch): the cut falls in the second.
        let count = SyncLimits.senderBatchChanges + 900
        try collective.addCommitments("Bob", count: count)
        let firstBatch = try bob.changes().suffix(count).prefix(SyncLimits.senderBatchChanges).reduce(0) { $0 + $1.encoded.count }
        let proxy = try CuttingProxy(target: try collective.endpoint("Alice"), cutAfter: firstBatch + 40_000)
        #expect(throws: SyncFailure.self) {
            try SyncClient.sync(replica: bob, with: proxy.endpoint, idleTimeout: 5)
        }
        proxy.stop()
        let partial = try alice.changeCount()
        #expect(partial > 2 && partial < count + 2, "alice holds \(partial)")
        #expect(try alice.pendingCount() == 0)
        let summary = try collective.sync("Bob", with: "Alice")
        #expect(summary.changesSent == count + 2 - partial)
        #expect(try alice.stateHash() == bob.stateHash())
    }

    @Test func tamperedCiphertextByteIsRefused() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Bob", count: 20)
        let before = try alice.stateHash()
        let proxy = try CuttingProxy(target: try collective.endpoint("Alice"), flipByteAt: 1500)
        #expect(throws: SyncFailure.self) {
            try SyncClient.sync(replica: bob, with: proxy.endpoint, idleTimeout: 5)
        }
        proxy.stop()
        #expect(try alice.stateHash() == before)
    }

    @Test func wireOverheadOfADeltaSyncIsUnderFivePercent() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Bob", count: 2000)
        let summary = try collective.sync("Bob", with: "Alice")
        #expect(summary.counters.overheadRatio < 1.05, "\(summary.counters)")
    }

    /// Issue "Hold up, second round", item 9: a full disk here, during a pull, is told as
    /// this replica's full disk (not "the peer's replica failed"); nothing is half-written,
    /// and once there is room the same sync finishes.
    @Test func aFullDiskDuringAPullIsToldAsSuchAndLosesNothing() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Alice", count: 400)
        // SQLite's page limit on Bob's writing connection stands in for a full disk.
        let pages = try #require(Int(try SQLiteShell.run(bob.folder.database.path, "PRAGMA page_count").trimmingCharacters(in: .whitespacesAndNewlines)))
        try bob._executeForTesting("PRAGMA max_page_count = \(pages + 2)")
        #expect { try collective.sync("Bob", with: "Alice") } throws: { error in
            guard case SyncFailure.replica(StoreError.diskFull) = error else { return false }
            return "\(error)".contains("the disk holding this replica is full") && !"\(error)".contains("peer's replica")
        }
        #expect(try bob.audit(rebuild: true).problems.isEmpty)
        try bob._executeForTesting("PRAGMA max_page_count = 1073741823")
        try collective.sync("Bob", with: "Alice")
        #expect(try bob.stateHash() == collective.replica("Alice").stateHash())
    }

    /// Issue "One history": a replica restored from a backup (or copied) commits under the
    /// same key as the original. Its syncs go on, the work of both copies takes effect
    /// everywhere, and the fork is named by the audit and the status of every replica.
    @Test func aRestoredBackupNeitherBlocksSyncNorLosesWork() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")
        try collective.addCommitments("Bob", count: 1)
        let backup = try collective.copy("Bob", as: "BobBackup")
        try collective.addCommitments("Bob", count: 2, seed: 1)
        try collective.addCommitments("BobBackup", count: 3, seed: 2)
        try collective.sync("Bob", with: "Alice")
        try collective.sync("BobBackup", with: "Alice")
        try collective.addCommitments("BobBackup", count: 1, seed: 3)
        try collective.sync("BobBackup", with: "Alice")
        try collective.sync("Carol", with: "Alice")
        try collective.sync("Bob", with: "Alice")
        let forks = try alice.forks()
        #expect(Set(forks.map(\.author)) == [backup.author])
        #expect(try alice.audit().forks == forks && !alice.audit().passed)
        // Every commitment of both copies counts: the original's 1 + 2, the backup's 3 + 1.
        let titles = try alice.records(kind: RecordKind.commitment).compactMap { $0.string("title") }
        #expect(titles.filter { $0.hasPrefix("Bob's") }.count == 3)
        #expect(titles.filter { $0.hasPrefix("BobBackup's") }.count == 4)
        for name in ["Carol", "Bob", "BobBackup"] {
            let replica = try collective.replica(name)
            if name != "BobBackup" { try collective.sync(name, with: "Alice") }
            #expect(try replica.stateHash() == alice.stateHash(), "\(name)")
            #expect(try replica.forks() == forks, "\(name)")
        }
        // Both copies go on signing without any command.
        try collective.addCommitments("BobBackup", count: 1, seed: 4)
        try collective.addCommitments("Bob", count: 1, seed: 5)
        try collective.sync("BobBackup", with: "Alice")
        try collective.sync("Bob", with: "Alice")
        try collective.sync("BobBackup", with: "Alice")
        #expect(try backup.stateHash() == alice.stateHash())
        #expect(try collective.replica("Bob").stateHash() == alice.stateHash())
    }
}
