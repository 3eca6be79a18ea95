import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// `Protocol/vectors/authority.json`: a fixed history of signed changes, some of them doing
/// what their author may not, with what every conforming peer must decide for each operation
/// and the state it must reach (VISION.md, "Authority"). Rewrite it with ENTENTE_WRITE_VECTORS=1.
@Suite("Golden vector of the authority rules (Protocol/vectors/authority.json)")
struct AuthorityVectorTests {
    struct Step: Codable, Equatable {
        var description: String
        var signed: String
        /// `applied` or `dropped` (by a key no member admitted).
        var outcome: String
        /// The refused operations: `index:rule`.
        var refused: [String]
    }

    struct File: Codable, Equatable {
        var description: String
        var seeds: [String: String]
        var steps: [Step]
        var stateHash: String
    }

    /// Alice (seed 32 x 01) founds with salt 16 x 5a and admits Bob (32 x 02); Mallory (32 x 03) is nobody.
    static func make() throws -> File {
        let alice = try SigningIdentity(rawSeed: [UInt8](repeating: 1, count: 32))
        let bob = try SigningIdentity(rawSeed: [UInt8](repeating: 2, count: 32))
        let mallory = try SigningIdentity(rawSeed: [UInt8](repeating: 3, count: 32))
        var (_, replicas) = try MemoryReplica.collective(2, identities: [alice, bob], clock: 1_764_000_000_000)
        var steps: [Step] = []
        var every: [SignedChange] = []
        func record(_ description: String, _ signed: SignedChange, _ report: Merge.Report? = nil) throws {
            every.append(signed)
            let refusals = try replicas[0].storage.refusals().filter { $0.change == signed.id }
            let dropped = report?.strangers.contains(signed.id) ?? false
            steps.append(Step(description: description, signed: Hex.encode(signed.encoded), outcome: dropped ? "dropped" : "applied",
                              refused: refusals.map { "\($0.operation):\($0.rule.rawValue)" }))
        }
        try record("the founding change: collective (salt 16 x 5a), members M0 (Alice) and M1 (Bob) with their devices", try #require(replicas[0].storage.appliedOrder.first))
        let directory = Directory(records: try replicas[0].storage.authorityRecords())
        let aliceID = try #require(directory.member(for: alice.author)).id
        let bobID = try #require(directory.member(for: bob.author)).id
        var contribution: RecordID?
        let recorded = try replicas[0].commit { contribution = $0.create(RecordKind.contribution) }
        try record("Alice records a contribution", recorded)
        let work = recorded.resolve(try #require(contribution))
        try replicas[1].receive(every)
        var valuation: RecordID?
        let bobsValue = try replicas[1].commit { change in
            let id = change.create(RecordKind.valuation)
            change.set(id, Valuation.Field.contribution, .record(work))
            change.set(id, Valuation.Field.member, .record(bobID))
            change.set(id, Valuation.Field.value, .int(1500))
            valuation = id
        }
        try replicas[0].receive([bobsValue])
        try record("Bob values it at 1500: his own valuation", bobsValue)
        let valued = bobsValue.resolve(try #require(valuation))
        var proposal: RecordID?
        let proposed = try replicas[0].commit { change in
            let id = change.create(RecordKind.decision)
            change.set(id, Decision.Field.text, .string("Nous répondons ensemble"))
            change.set(id, Decision.Field.proposedBy, .record(aliceID))
            change.set(id, Decision.Field.status, .string("open"))
            proposal = id
        }
        try record("Alice proposes a decision", proposed)
        let decision = proposed.resolve(try #require(proposal))
        try replicas[1].receive(every)
        var objection: RecordID?
        let bobObjects = try replicas[1].commit { change in
            let id = change.create(RecordKind.stance)
            change.set(id, Stance.Field.decision, .record(decision))
            change.set(id, Stance.Field.member, .record(bobID))
            change.set(id, Stance.Field.position, .string("object"))
            change.set(id, Stance.Field.reason, .string("Le délai est trop court"))
            objection = id
        }
        try replicas[0].receive([bobObjects])
        try record("Bob objects, with his reason: his own stance", bobObjects)
        let bobsStance = bobObjects.resolve(try #require(objection))
        try record("Alice rewrites Bob's reason (op 0, fixed), records a stance in Bob's name (ops 1-3, bad-stance) and closes her proposal (op 4)",
                   try replicas[0].craft { change in
            change.set(bobsStance, Stance.Field.reason, .string("D'accord en fait"))
            let forged = change.create(RecordKind.stance)
            change.set(forged, Stance.Field.decision, .record(decision))
            change.set(forged, Stance.Field.member, .record(bobID))
            change.set(decision, Decision.Field.status, .string("adopted"))
        })
        try replicas[1].receive(every)
        let bareBlock = try replicas[1].craft { change in
            let id = change.create(RecordKind.stance)
            change.set(id, Stance.Field.decision, .record(decision))
            change.set(id, Stance.Field.member, .record(bobID))
            change.set(id, Stance.Field.position, .string("block"))
        }
        try replicas[0].receive([bareBlock])
        try record("Bob blocks without a reason: the stance does not count (bad-stance)", bareBlock)
        try record("Alice rewrites Bob's valuation to 3000 (op 0) and creates one naming Bob (op 2 refused)", try replicas[0].craft { change in
            change.set(valued, Valuation.Field.value, .int(3000))
            let other = change.create(RecordKind.valuation)
            change.set(other, Valuation.Field.member, .record(bobID))
        })
        try replicas[1].receive(every)
        var bobsWork: RecordID?
        let bobRecords = try replicas[1].commit { change in
            let id = change.create(RecordKind.contribution)
            change.set(id, Contribution.Field.member, .record(bobID))
            change.set(id, Contribution.Field.effort, .int(100))
            bobsWork = id
        }
        try replicas[0].receive([bobRecords])
        try record("Bob records his contribution of 100 hours", bobRecords)
        let hours = bobRecords.resolve(try #require(bobsWork))
        try record("Alice sets the hours of Bob's contribution to 1 (op 0), archives it (op 1), renames Bob (op 2): all Bob's (personal); she rewords it (op 3, shared)",
                   try replicas[0].craft { change in
            change.set(hours, Contribution.Field.effort, .int(1))
            change.set(hours, CommonField.archived, .bool(true))
            change.set(bobID, Member.Field.name, .string("Mallory"))
            change.set(hours, Contribution.Field.what, .string("Le budget"))
        })
        try record("Alice renames herself with 129 bytes (op 0, too-long), records a commitment titled with exactly 4,000 bytes (ops 1-2) and one with 4,001 (op 4, too-long)",
                   try replicas[0].craft { change in
            change.set(aliceID, Member.Field.name, .string(String(repeating: "a", count: VisionLimits.maximumNameBytes + 1)))
            let fits = change.create(RecordKind.commitment)
            change.set(fits, Commitment.Field.what, .string(String(repeating: "t", count: VisionLimits.maximumTextBytes)))
            let over = change.create(RecordKind.commitment)
            change.set(over, Commitment.Field.what, .string(String(repeating: "t", count: VisionLimits.maximumTextBytes + 1)))
        })
        try record("Alice archives Bob by a direct write", try replicas[0].craft { $0.set(bobID, CommonField.archived, .bool(true)) })
        var outsider = MemoryReplica(collective: replicas[0].collective, identity: mallory, clock: 1_764_000_000_500)
        try outsider.receive(every)
        let intrusion = try outsider.craft { change in
            Admission.admit(name: "Mallory", key: mallory.author, noiseKey: [UInt8](repeating: 9, count: 32), into: &change)
        }
        try record("Mallory, a key nobody admitted, admits herself", intrusion, try replicas[0].receive([intrusion]))
        try record("Alice proposes to archive Bob; she is the only other voter, so it is carried", try replicas[0].commit { change in
            Admission.propose(.archive, on: bobID, by: aliceID, roster: directory.roster, into: &change)
        })
        try replicas[1].receive(every)
        let late = try replicas[1].craft { $0.create(RecordKind.contribution) }
        try replicas[0].receive([late])
        try record("Bob, having seen his archiving, records a contribution", late)
        return File(
            description: "Each step's signed change is offered, in order, to a replica holding the steps before it; "
                + "`refused` lists operation index and rule (VISION.md, \"Authority\"), `dropped` means not stored (CHANGES.md section 5).",
            seeds: ["alice": Hex.encode([UInt8](repeating: 1, count: 32)), "bob": Hex.encode([UInt8](repeating: 2, count: 32)),
                    "mallory": Hex.encode([UInt8](repeating: 3, count: 32)), "salt": Hex.encode([UInt8](repeating: 0x5a, count: 16))],
            steps: steps, stateHash: try replicas[0].stateHash())
    }

    @Test func theHistoryAndItsVerdictsMatchTheVector() throws {
        let made = try Self.make()
        let file = try GoldenChanges.vector("authority.json", made: made)
        #expect(made == file)
        #expect(file.steps.map(\.refused) == [
            [], [], [], [], [],
            ["0:fixed", "1:bad-stance", "2:bad-stance", "3:bad-stance"],
            ["0:bad-stance", "1:bad-stance", "2:bad-stance", "3:bad-stance"],
            ["0:personal", "2:personal"], [], ["0:personal", "1:personal", "2:personal"], ["0:too-long", "4:too-long"],
            ["0:consent-required"], [], [], ["0:removed"],
        ])
        #expect(file.steps.map(\.outcome)[12] == "dropped")
    }

    @Test func aFreshReplicaReplayingTheVectorDecidesAlike() throws {
        let file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: GoldenChanges.protocolFile("authority.json")))
        let changes = try file.steps.map { try SignedChange(decoding: try #require(Hex.decode($0.signed))) }
        var replay = MemoryReplica(collective: try #require(changes.first).change.collective)
        try replay.receive(changes.reversed())  // any order: the verdicts depend on causal pasts only
        #expect(try replay.stateHash() == file.stateHash)
        let refused = try replay.storage.refusals()
        for (step, change) in zip(file.steps, changes) {
            #expect(refused.filter { $0.change == change.id }.map { "\($0.operation):\($0.rule.rawValue)" }.sorted() == step.refused.sorted(), "\(step.description)")
        }
    }
}
