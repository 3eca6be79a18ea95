import EntenteCore
import EntenteTestSupport
import Testing

/// The authority rules of Protocol/VISION.md, "Authority": each attack has no effect, on the
/// attacker's replica and on every replica that receives it, and is recorded as a refusal.
@Suite("Authority")
struct AuthorityTests {
    func members(_ replica: MemoryReplica) throws -> Directory { Directory(records: try replica.storage.authorityRecords()) }

    @Test func aValuationInAnotherMembersNameHasNoEffect() throws {
        var (_, replicas) = try MemoryReplica.collective(3)
        let bob = try #require(try self.members(replicas[0]).member(for: replicas[1].author)).id
        var contribution: RecordID?
        let made = try replicas[0].commit { contribution = $0.create(RecordKind.contribution) }
        let id = made.resolve(try #require(contribution))
        // Alice's own replica refuses to sign it...
        #expect(throws: AuthorityError.self) {
            try replicas[0].commit { change in
                let valuation = change.create(RecordKind.valuation)
                change.set(valuation, Valuation.Field.contribution, .record(id))
                change.set(valuation, Valuation.Field.member, .record(bob))
            }
        }
        // ...and a crafted one has no effect anywhere.
        let forged = try replicas[0].craft { change in
            let valuation = change.create(RecordKind.valuation)
            change.set(valuation, Valuation.Field.member, .record(bob))
            change.set(valuation, Valuation.Field.value, .int(3000))
        }
        try replicas[2].receive([made, forged])
        for replica in [replicas[0], replicas[2]] {
            var namesBob = 0
            let valuations = Set(try replica.storage.allRecords().filter { $0.kind == RecordKind.valuation }.map(\.id))
            try replica.storage.forEachWrite { slot, write in
                if valuations.contains(slot.record) && slot.field == Valuation.Field.member && write.value == .record(bob) { namesBob += 1 }
            }
            #expect(namesBob == 0)
            #expect(try replica.storage.refusals().contains { $0.change == forged.id && $0.rule == .personal })
        }
        #expect(try replicas[0].stateHash() == replicas[2].stateHash())
    }

    @Test func exitTermsInAnotherMembersNameAndLaterRewritesHaveNoEffect() throws {
        var (_, replicas) = try MemoryReplica.collective(2)
        let directory = try self.members(replicas[0])
        let alice = try #require(directory.member(for: replicas[0].author)).id
        let bob = try #require(directory.member(for: replicas[1].author)).id
        #expect(throws: AuthorityError.self) {
            try replicas[0].commit { change in
                let terms = change.create(RecordKind.exitTerms)
                change.set(terms, ExitTerms.Field.kind, .string(ExitKind.goodReason.rawValue))
                change.set(terms, ExitTerms.Field.member, .record(bob))
            }
        }
        var own: RecordID?
        let written = try replicas[0].commit { change in
            let terms = change.create(RecordKind.exitTerms)
            change.set(terms, ExitTerms.Field.kind, .string(ExitKind.goodReason.rawValue))
            change.set(terms, ExitTerms.Field.member, .record(alice))
            change.set(terms, ExitTerms.Field.noticeDays, .int(30))
            own = terms
        }
        let terms = written.resolve(try #require(own))
        let rewrite = try replicas[0].craft { $0.set(terms, ExitTerms.Field.noticeDays, .int(0)) }
        #expect(try replicas[0].storage.refusals().contains { $0.change == rewrite.id && $0.rule == .fixed })
        let state = try #require(try replicas[0].record(terms).flatMap(ExitTerms.init))
        #expect(state.noticeDays == 30)
    }

    @Test func archivingTakesAMajorityOfTheOthers() throws {
        var (founding, replicas) = try MemoryReplica.collective(4)
        let directory = try self.members(replicas[0])
        let ids = try replicas.map { try #require(directory.member(for: $0.author)).id }
        // A direct write is refused.
        #expect(throws: AuthorityError.self) { try replicas[0].commit { $0.set(ids[3], CommonField.archived, .bool(true)) } }
        // Alice proposes (1 of 3 voters): not yet archived.
        let proposal = try replicas[0].commit { Admission.propose(.archive, on: ids[3], by: ids[0], roster: directory.roster, into: &$0) }
        #expect(try self.members(replicas[0]).members.first { $0.id == ids[3] }?.isArchived == false)
        let motion = try #require(try self.members(replicas[0]).roster.motions.keys.first)
        try replicas[1].receive([proposal])
        let consent = try replicas[1].commit { Admission.consent(to: motion, by: ids[1], into: &$0) }
        #expect(try self.members(replicas[1]).members.first { $0.id == ids[3] }?.isArchived == true)
        // Dave learns of it; his later change has no effect; one made concurrently keeps its.
        let concurrent = try replicas[3].commit { $0.create("thing") }
        try replicas[3].receive([proposal, consent])
        let later = try replicas[3].craft { $0.create("thing") }
        var replay = MemoryReplica(collective: founding.change.collective)
        try replay.receive([later, consent, concurrent, proposal, founding])
        #expect(try replay.storage.allRecords().filter { $0.kind == "thing" }.map(\.createdBy.change) == [concurrent.id])
        #expect(try replay.storage.refusals().contains { $0.change == later.id && $0.rule == .removed })
        try replicas[1].receive([concurrent, later])
        #expect(try replay.stateHash() == replicas[1].stateHash())
    }

    @Test func aStrangersSelfAdmissionAndASecondFoundingHaveNoEffect() throws {
        var (founding, replicas) = try MemoryReplica.collective(2)
        var mallory = MemoryReplica(collective: founding.change.collective)
        try mallory.receive([founding])
        let key = mallory.author
        let intrusion = try mallory.craft { change in
            let collective = change.create(RecordKind.collective)
            change.set(collective, Founding.saltField, .bytes([UInt8](repeating: 1, count: 16)))
            Admission.admit(name: "Mallory", key: key, noiseKey: [UInt8](repeating: 9, count: 32), into: &change)
        }
        let report = try replicas[1].receive([intrusion])
        // Nobody admitted that key: the change speaks for nobody and is not even stored.
        #expect(report.strangers == [intrusion.id])
        #expect(!replicas[1].storage.appliedOrder.contains { $0.id == intrusion.id })
        #expect(try self.members(replicas[1]).member(for: key) == nil)
        #expect(try replicas[1].storage.allRecords().filter { $0.kind == RecordKind.collective }.count == 1)
    }

    @Test func onlyThoseACommitmentIsOwedToAcceptIt() throws {
        var (_, replicas) = try MemoryReplica.collective(3)
        let directory = try self.members(replicas[0])
        let bob = try #require(directory.member(for: replicas[1].author)).id
        let carol = try #require(directory.member(for: replicas[2].author)).id
        var commitment: RecordID?
        let made = try replicas[0].commit { change in
            let id = change.create(RecordKind.commitment)
            change.add(id, Commitment.Field.towards, .record(bob))
            commitment = id
        }
        let id = made.resolve(try #require(commitment))
        try replicas[1].receive([made])
        try replicas[2].receive([made])
        try replicas[1].commit { $0.add(id, Commitment.Field.acceptedBy, .record(bob)) }
        #expect(throws: AuthorityError.self) { try replicas[2].commit { $0.add(id, Commitment.Field.acceptedBy, .record(carol)) } }
        #expect(throws: AuthorityError.self) { try replicas[2].commit { $0.set(id, Commitment.Field.status, .string("done")) } }
        #expect(throws: AuthorityError.self) { try replicas[0].commit { $0.add(id, Commitment.Field.acceptedBy, .record(bob)) } }
    }

    @Test func onlyAMembersOwnDeviceLinksAnotherOfTheirs() throws {
        var (_, replicas) = try MemoryReplica.collective(2)
        let alice = try #require(try self.members(replicas[0]).member(for: replicas[0].author)).id
        let stranger = SigningIdentity()
        // Bob links a key to Alice's membership: refused, the key speaks for nobody.
        #expect(throws: AuthorityError.self) {
            try replicas[1].commit { Admission.addDevice(key: stranger.author, noiseKey: [UInt8](repeating: 3, count: 32), for: alice, into: &$0) }
        }
        let forged = try replicas[1].craft { Admission.addDevice(key: stranger.author, noiseKey: [UInt8](repeating: 3, count: 32), for: alice, into: &$0) }
        #expect(try self.members(replicas[1]).member(for: stranger.author) == nil)
        #expect(try replicas[1].storage.refusals().contains { $0.change == forged.id && $0.rule == .badDevice })
        // Alice's own device may; a key already taken may not be linked again.
        try replicas[0].commit { Admission.addDevice(key: stranger.author, noiseKey: [UInt8](repeating: 3, count: 32), for: alice, into: &$0) }
        #expect(try self.members(replicas[0]).member(for: stranger.author)?.id == alice)
        #expect(throws: AuthorityError.self) {
            try replicas[0].commit { Admission.addDevice(key: stranger.author, noiseKey: [UInt8](repeating: 4, count: 32), for: alice, into: &$0) }
        }
    }
}
