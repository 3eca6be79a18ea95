import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// Revoking a lost or stolen device (VISION.md, "Authority", revoke motions): its key stops
/// speaking for anyone in every change that knows of the revocation, the same on every replica.
@Suite("Revoking a device")
struct RevocationTests {
    /// Alice (M0) and Bob (M1), and a second device of Bob's linked from his first.
    struct World {
        var replicas: [MemoryReplica]
        var bob2: MemoryReplica
        var alice: RecordID
        var bob: RecordID
        var bobFirst: RecordID
        var bobSecond: RecordID
        var every: [SignedChange] { Array(Dictionary((self.replicas.flatMap(\.changes) + self.bob2.changes).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values) }
    }

    static func world(members: Int = 2) throws -> World {
        var (_, replicas) = try MemoryReplica.collective(members, clock: 1_764_000_000_000)
        let directory = Directory(records: try replicas[0].storage.authorityRecords())
        let alice = try #require(directory.member(for: replicas[0].author)).id
        let bob = try #require(directory.member(for: replicas[1].author)).id
        let second = SigningIdentity()
        try replicas[1].commit { Admission.addDevice(key: second.author, noiseKey: [UInt8](repeating: 0x22, count: 32), for: bob, into: &$0) }
        var bob2 = MemoryReplica(collective: replicas[0].collective, identity: second, clock: 1_764_000_000_500)
        try bob2.receive(replicas[1].changes)
        for index in replicas.indices where index != 1 { try replicas[index].receive(replicas[1].changes) }
        let devices = Directory(records: try replicas[1].storage.authorityRecords()).roster.devices(of: bob)
        #expect(devices.count == 2)
        return World(replicas: replicas, bob2: bob2, alice: alice, bob: bob,
                     bobFirst: try #require(devices.first { $0.key == replicas[1].author }).record,
                     bobSecond: try #require(devices.first { $0.key == second.author }).record)
    }

    static func refusals(_ replica: MemoryReplica, of change: SignedChange) throws -> [String] {
        try replica.storage.refusals().filter { $0.change == change.id }.map { "\($0.operation):\($0.rule.rawValue)" }
    }

    @Test func aMemberRevokesTheirOwnDeviceAtOnceAndItsLaterChangesHaveNoEffect() throws {
        var w = try Self.world()
        let roster = Directory(records: try w.replicas[1].storage.authorityRecords()).roster
        // Made on the stolen laptop before the revocation reached it: concurrent, it counts.
        let before = try w.bob2.commit { change in
            let thing = change.create("thing")
            change.set(thing, "name", .string("before"))
        }
        let revocation = try w.replicas[1].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        #expect(try Self.refusals(w.replicas[1], of: revocation).isEmpty)
        let member = try #require(Directory(records: try w.replicas[1].storage.authorityRecords()).members.first { $0.id == w.bob })
        #expect(member.revoked == [w.bobSecond])
        #expect(member.liveDevices.map(\.key) == [w.replicas[1].author])
        #expect(member.isRevoked(w.bob2.author))
        // The thief's device learns of it, and signs anyway: nothing of it takes effect.
        try w.bob2.receive(w.replicas[1].changes)
        let after = try w.bob2.craft { change in
            let thing = change.create("thing")
            change.set(thing, "name", .string("after"))
        }
        try w.replicas[0].receive(w.every)
        #expect(try Self.refusals(w.replicas[0], of: before).isEmpty)
        #expect(try Self.refusals(w.replicas[0], of: after) == ["0:revoked", "1:revoked"])
        let names = try w.replicas[0].storage.allRecords().filter { $0.kind == "thing" }.count
        #expect(names == 1)
    }

    @Test func twoDevicesRevokingEachOtherAtOnceAreBothRevokedAndAnotherMemberMayLinkANewOne() throws {
        var w = try Self.world()
        let roster = Directory(records: try w.replicas[1].storage.authorityRecords()).roster
        // The thief revokes the owner's laptop while the owner revokes the stolen one.
        let byOwner = try w.replicas[1].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        let byThief = try w.bob2.commit { Admission.revoke(w.bobFirst, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        try w.replicas[0].receive([byThief, byOwner])
        let directory = Directory(records: try w.replicas[0].storage.authorityRecords())
        let bob = try #require(directory.members.first { $0.id == w.bob })
        #expect(bob.revoked == [w.bobFirst, w.bobSecond])
        #expect(bob.liveDevices.isEmpty)
        // Bob can no longer speak, so he is like a member recorded before he had a replica:
        // the others link his new laptop (an invite for him) and may fix his name.
        let fresh = SigningIdentity()
        let relinked = try w.replicas[0].commit { change in
            Admission.addDevice(key: fresh.author, noiseKey: [UInt8](repeating: 0x33, count: 32), for: w.bob, into: &change)
            change.set(w.bob, Member.Field.name, .string("Bob"))
        }
        #expect(try Self.refusals(w.replicas[0], of: relinked).isEmpty)
        #expect(Directory(records: try w.replicas[0].storage.authorityRecords()).member(for: fresh.author)?.id == w.bob)
    }

    @Test func anotherMembersDeviceTakesTheVotersMajority() throws {
        var w = try Self.world(members: 3)
        var roster = Directory(records: try w.replicas[0].storage.authorityRecords()).roster
        let proposal = try w.replicas[0].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.alice, roster: roster, into: &$0) }
        roster = Directory(records: try w.replicas[0].storage.authorityRecords()).roster
        // Alice and M2 vote (Bob is the target): one of two is not a majority.
        #expect(roster.isRevokedKey(w.bob2.author) == false)
        let motion = try #require(roster.openMotions().first { $0.action == .revoke })
        #expect(motion.voters.count == 2 && motion.threshold == 2)
        try w.replicas[2].receive([proposal])
        let me2 = try #require(Directory(records: try w.replicas[2].storage.authorityRecords()).member(for: w.replicas[2].author)).id
        let consent = try w.replicas[2].commit { Admission.consent(to: motion.record, by: me2, into: &$0) }
        try w.replicas[0].receive([consent])
        roster = Directory(records: try w.replicas[0].storage.authorityRecords()).roster
        #expect(roster.isRevokedKey(w.bob2.author))
        #expect(!roster.isRevokedKey(w.replicas[1].author))
    }

    @Test func revokeMotionsThatBreakTheRulesAreRefused() throws {
        var w = try Self.world(members: 3)
        let roster = Directory(records: try w.replicas[0].storage.authorityRecords()).roster
        let aliceDevice = try #require(roster.devices(of: w.alice).first).record
        // Alice pretends the device is her own (only voter: herself).
        let selfServed = try w.replicas[0].craft { change in
            let motion = change.create(RecordKind.motion)
            change.set(motion, MotionField.member, .record(w.bob))
            change.set(motion, MotionField.action, .string("revoke"))
            change.set(motion, MotionField.proposer, .record(w.alice))
            change.set(motion, MotionField.device, .record(w.bobSecond))
            change.add(motion, MotionField.voters, .record(w.alice))
        }
        // A device of Alice's named as Bob's.
        let wrongMember = try w.replicas[0].craft { Admission.revoke(aliceDevice, of: w.bob, by: w.alice, roster: roster, into: &$0) }
        // No device at all.
        let noDevice = try w.replicas[0].craft { change in
            let motion = change.create(RecordKind.motion)
            change.set(motion, MotionField.member, .record(w.bob))
            change.set(motion, MotionField.action, .string("revoke"))
            change.set(motion, MotionField.proposer, .record(w.alice))
            for voter in roster.voters(excluding: w.bob).sorted() { change.add(motion, MotionField.voters, .record(voter)) }
        }
        // Bob revokes his second device, then again.
        let once = try w.replicas[1].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        let twice = try w.replicas[1].craft { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        #expect(try Self.refusals(w.replicas[0], of: selfServed).allSatisfy { $0.hasSuffix(":bad-motion") })
        #expect(try !Self.refusals(w.replicas[0], of: selfServed).isEmpty)
        #expect(try !Self.refusals(w.replicas[0], of: wrongMember).isEmpty)
        #expect(try Self.refusals(w.replicas[0], of: noDevice).allSatisfy { $0.hasSuffix(":bad-motion") })
        #expect(try !Self.refusals(w.replicas[0], of: noDevice).isEmpty)
        #expect(try Self.refusals(w.replicas[1], of: once).isEmpty)
        #expect(try !Self.refusals(w.replicas[1], of: twice).isEmpty)
        // Archiving still works as before, and a revoke never archives.
        #expect(!Directory(records: try w.replicas[1].storage.authorityRecords()).roster.isArchived(w.bob))
    }

    @Test func aRevokedDeviceNeedsANewSecretAndIsNotSealedTo() throws {
        var w = try Self.world()
        let roster = Directory(records: try w.replicas[1].storage.authorityRecords()).roster
        #expect(SecretRotation.due(records: [], directory: Directory(records: try w.replicas[1].storage.authorityRecords())).isEmpty)
        try w.replicas[1].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        let directory = Directory(records: try w.replicas[1].storage.authorityRecords())
        #expect(SecretRotation.due(records: [], directory: directory) == [w.bob])
        let recipients = SecretRotation.recipients(in: directory).map(\.key)
        #expect(recipients.contains(w.replicas[1].author))
        #expect(!recipients.contains(w.bob2.author))
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func everyOrderAndBatchingReachesOneState(seed: UInt64) throws {
        var w = try Self.world(members: 3)
        var random = SeededRandom(seed: seed)
        let roster = Directory(records: try w.replicas[1].storage.authorityRecords()).roster
        // Concurrently: Bob revokes his second device, the thief revokes Bob's first and
        // writes, Alice proposes to revoke the second, M2 writes.
        try w.replicas[1].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        try w.bob2.commit { Admission.revoke(w.bobFirst, of: w.bob, by: w.bob, roster: roster, into: &$0) }
        try w.bob2.commit { change in change.set(w.bob, Member.Field.name, .string("Thief")) }
        try w.replicas[0].commit { Admission.revoke(w.bobSecond, of: w.bob, by: w.alice, roster: roster, into: &$0) }
        try w.replicas[2].craft { change in change.set(w.bob, Member.Field.name, .string("Robert")) }
        try w.bob2.receive(w.replicas[1].changes)
        try w.bob2.craft { change in change.set(w.bob, Member.Field.name, .string("Later")) }
        let every = w.every
        var hashes = Set<String>()
        for _ in 0..<6 {
            var replica = MemoryReplica(collective: w.replicas[0].collective)
            var shuffled = every.shuffled(using: &random)
            while !shuffled.isEmpty {
                let batch = Int.random(in: 1...shuffled.count, using: &random)
                try replica.receive(Array(shuffled.prefix(batch)))
                shuffled.removeFirst(batch)
            }
            #expect(try replica.storage.pendingCount() == 0)
            hashes.insert(try replica.stateHash())
        }
        #expect(hashes.count == 1)
    }
}
