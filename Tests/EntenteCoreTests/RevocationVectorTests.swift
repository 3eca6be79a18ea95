import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// `Protocol/vectors/revocation.json`: a fixed history in which Bob's second laptop is
/// revoked by Bob, his first one by the others' majority, and a new one linked for him, with
/// every conforming peer's verdict on each operation and the state it reaches (VISION.md,
/// "Authority", revoke motions). Rewrite it with ENTENTE_WRITE_VECTORS=1.
@Suite("Golden vector of device revocation (Protocol/vectors/revocation.json)")
struct RevocationVectorTests {
    typealias Step = AuthorityVectorTests.Step
    typealias File = AuthorityVectorTests.File

    static func seed(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    /// Alice (32 x 01) founds with salt 16 x 5a and admits Bob (32 x 02) and Carol (32 x 03);
    /// Bob's second laptop is 32 x 04, his new one 32 x 05.
    static func make() throws -> File {
        let identities = try (1...3).map { try SigningIdentity(rawSeed: Self.seed(UInt8($0))) }
        let laptop = try SigningIdentity(rawSeed: Self.seed(4)), fresh = try SigningIdentity(rawSeed: Self.seed(5))
        var (_, replicas) = try MemoryReplica.collective(3, identities: identities, clock: 1_764_000_000_000)
        var second = MemoryReplica(collective: replicas[0].collective, identity: laptop, clock: 1_764_000_000_400)
        var steps: [Step] = []
        var every: [SignedChange] = []
        func record(_ description: String, _ signed: SignedChange) throws {
            every.append(signed)
            for index in replicas.indices { try replicas[index].receive([signed]) }
            let refusals = try replicas[0].storage.refusals().filter { $0.change == signed.id }
            steps.append(Step(description: description, signed: Hex.encode(signed.encoded), outcome: "applied",
                              refused: refusals.map { "\($0.operation):\($0.rule.rawValue)" }))
        }
        func roster() throws -> Roster { Directory(records: try replicas[0].storage.authorityRecords()).roster }
        try record("the founding change: collective (salt 16 x 5a), members M0 (Alice), M1 (Bob), M2 (Carol) with their devices",
                   try #require(replicas[0].storage.appliedOrder.first))
        let directory = Directory(records: try replicas[0].storage.authorityRecords())
        let (alice, bob, carol) = (try #require(directory.member(for: identities[0].author)).id,
                                   try #require(directory.member(for: identities[1].author)).id,
                                   try #require(directory.member(for: identities[2].author)).id)
        let bobFirst = try #require(directory.roster.devices(of: bob).first).record
        var linked: RecordID?
        let link = try replicas[1].commit { linked = Admission.addDevice(key: laptop.author, noiseKey: Self.seed(0x44), for: bob, into: &$0) }
        try record("Bob links his second laptop (32 x 04) from his first", link)
        let bobSecond = link.resolve(try #require(linked))
        try second.receive(every)
        try record("Bob's second laptop records a contribution", try second.commit { $0.create(RecordKind.contribution) })
        var current = try roster()
        try record("Bob revokes his second laptop from his first: his own device, carried at once",
                   try replicas[1].commit { Admission.revoke(bobSecond, of: bob, by: bob, roster: current, into: &$0) })
        try second.receive(every)
        try record("the second laptop, having seen its revocation, records a contribution (revoked)",
                   try second.craft { $0.create(RecordKind.contribution) })
        var proposal: RecordID?
        current = try roster()
        let proposed = try replicas[0].commit { proposal = Admission.revoke(bobFirst, of: bob, by: alice, roster: current, into: &$0) }
        try record("Alice proposes to revoke Bob's first laptop: 1 of the 2 voters (Alice, Carol)", proposed)
        let motion = proposed.resolve(try #require(proposal))
        try record("Alice proposes again to revoke the second laptop, already revoked (bad-motion)",
                   try replicas[0].craft { Admission.revoke(bobSecond, of: bob, by: alice, roster: current, into: &$0) })
        try record("Carol consents: carried, Bob has no device left that speaks for him",
                   try replicas[2].commit { Admission.consent(to: motion, by: carol, into: &$0) })
        try record("Bob's first laptop, having seen its revocation, renames Bob (revoked)",
                   try replicas[1].craft { $0.set(bob, Member.Field.name, .string("Bobby")) })
        try record("Alice links Bob's new laptop (32 x 05) and fixes his name: anyone may, while he has no live device",
                   try replicas[0].commit { change in
            Admission.addDevice(key: fresh.author, noiseKey: Self.seed(0x55), for: bob, into: &change)
            change.set(bob, Member.Field.name, .string("Bob"))
        })
        var newLaptop = MemoryReplica(collective: replicas[0].collective, identity: fresh, clock: 1_764_000_000_900)
        try newLaptop.receive(every)
        try record("Bob's new laptop renames him", try newLaptop.commit { $0.set(bob, Member.Field.name, .string("Bob D.")) })
        try record("Alice renames Bob again: his own act once more (personal)", try replicas[0].craft { $0.set(bob, Member.Field.name, .string("B.")) })
        return File(
            description: "Each step's signed change is offered, in order, to a replica holding the steps before it; "
                + "`refused` lists operation index and rule (VISION.md, \"Authority\", revoke motions).",
            seeds: ["alice": Hex.encode(Self.seed(1)), "bob": Hex.encode(Self.seed(2)), "carol": Hex.encode(Self.seed(3)),
                    "bobSecondLaptop": Hex.encode(Self.seed(4)), "bobNewLaptop": Hex.encode(Self.seed(5)),
                    "salt": Hex.encode([UInt8](repeating: 0x5a, count: 16))],
            steps: steps, stateHash: try replicas[0].stateHash())
    }

    @Test func theHistoryAndItsVerdictsMatchTheVector() throws {
        let made = try Self.make()
        let file = try GoldenChanges.vector("revocation.json", made: made)
        #expect(made == file)
        #expect(file.steps.map(\.refused) == [
            [], [], [], [], ["0:revoked"], [], ["0:bad-motion", "1:bad-motion", "2:bad-motion", "3:bad-motion", "4:bad-motion", "5:bad-motion", "6:bad-motion"],
            [], ["0:revoked"], [], [], ["0:personal"],
        ])
    }

    @Test func aFreshReplicaReplayingTheVectorDecidesAlike() throws {
        let file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: GoldenChanges.protocolFile("revocation.json")))
        let changes = try file.steps.map { try SignedChange(decoding: try #require(Hex.decode($0.signed))) }
        var replay = MemoryReplica(collective: try #require(changes.first).change.collective)
        try replay.receive(changes.reversed())
        #expect(try replay.stateHash() == file.stateHash)
        let refused = try replay.storage.refusals()
        for (step, change) in zip(file.steps, changes) {
            #expect(refused.filter { $0.change == change.id }.map { "\($0.operation):\($0.rule.rawValue)" }.sorted() == step.refused.sorted(), "\(step.description)")
        }
    }
}
