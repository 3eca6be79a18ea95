import EntenteCore
import EntenteTestSupport
import Testing

/// Who owns what (VISION.md, "Authority", rule 5): a member's name, a contribution's hours,
/// money and type, and withdrawing one's own expectations and contributions are theirs once
/// they have a device; shared fields stay editable by everyone. Each case is tried both ways:
/// the member themselves (takes effect) and another (refused `personal`, on the author's own
/// replica before signing and, crafted, on every replica that receives it).
@Suite("Who owns what")
struct OwnershipTests {
    struct Collective {
        var replicas: [MemoryReplica]
        var alice: RecordID
        var bob: RecordID

        init() throws {
            let (_, replicas) = try MemoryReplica.collective(3)
            let directory = Directory(records: try replicas[0].storage.authorityRecords())
            self.alice = try #require(directory.member(for: replicas[0].author)).id
            self.bob = try #require(directory.member(for: replicas[1].author)).id
            self.replicas = replicas
            try self.share()
        }

        /// Every replica receives every change.
        mutating func share() throws {
            let every = self.replicas.flatMap(\.changes)
            for index in self.replicas.indices { try self.replicas[index].receive(every) }
        }

        /// `build` as Alice: refused before signing, and as a crafted change refused on Carol's
        /// replica too with `personal` naming `owner`; nothing of it is in the state.
        mutating func aliceIsRefused(owner: RecordID, _ build: (inout ChangeBuilder) throws -> Void) throws {
            let before = try self.replicas[2].stateHash()
            #expect(throws: AuthorityError.self) { try self.replicas[0].commit("", build) }
            let forged = try self.replicas[0].craft(build)
            try self.replicas[2].receive([forged])
            #expect(try self.replicas[2].storage.refusals().contains { $0.change == forged.id && $0.rule == .personal && $0.owner == owner })
            #expect(try self.replicas[2].stateHash() == before)
        }

        func string(_ replica: Int, _ record: RecordID, _ field: String) throws -> String? {
            try self.replicas[replica].record(record)?.string(field)
        }
    }

    @Test func onlyAMemberRenamesThemselvesOnceTheyHaveADevice() throws {
        var c = try Collective()
        let bob = c.bob
        try c.aliceIsRefused(owner: bob) { $0.set(bob, Member.Field.name, .string("Robert")) }
        // Bob renames himself.
        let renamed = try c.replicas[1].commit { $0.set(bob, Member.Field.name, .string("Robert")) }
        try c.replicas[2].receive([renamed])
        #expect(try c.string(2, bob, Member.Field.name) == "Robert")
        // A member recorded without a replica yet (no device) is named by anyone.
        var created: RecordID?
        let added = try c.replicas[0].commit { change in
            let dana = change.create(RecordKind.member)
            change.set(dana, Member.Field.name, .string("Dana"))
            created = dana
        }
        let dana = added.resolve(try #require(created))
        let fixed = try c.replicas[0].commit { $0.set(dana, Member.Field.name, .string("Dana Martin")) }
        try c.replicas[2].receive([added, fixed])
        #expect(try c.string(2, dana, Member.Field.name) == "Dana Martin")
    }

    @Test func aContributionsHoursMoneyTypeAndWithdrawalAreItsMembers() throws {
        var c = try Collective()
        let bob = c.bob
        var created: RecordID?
        let recorded = try c.replicas[1].commit { change in
            let work = change.create(RecordKind.contribution)
            change.set(work, Contribution.Field.what, .string("Budget"))
            change.set(work, Contribution.Field.member, .record(bob))
            change.set(work, Contribution.Field.effort, .int(100))
            created = work
        }
        let work = recorded.resolve(try #require(created))
        try c.share()
        try c.aliceIsRefused(owner: bob) { $0.set(work, Contribution.Field.effort, .int(1)) }
        try c.aliceIsRefused(owner: bob) { $0.set(work, Contribution.Field.amount, .int(5)) }
        try c.aliceIsRefused(owner: bob) { $0.set(work, Contribution.Field.type, .string("cash")) }
        try c.aliceIsRefused(owner: bob) { $0.set(work, CommonField.archived, .bool(true)) }
        // Its `member` is fixed at creation, for Bob too.
        #expect(throws: AuthorityError.self) { try c.replicas[1].commit { $0.set(work, Contribution.Field.member, .record(c.alice)) } }
        // What the work was stays shared: Alice may reword it.
        let reworded = try c.replicas[0].commit { $0.set(work, Contribution.Field.what, .string("Budget and plan")) }
        // Bob changes his hours and withdraws it.
        let bobs = try c.replicas[1].commit { change in
            change.set(work, Contribution.Field.effort, .int(80))
            change.set(work, CommonField.archived, .bool(true))
        }
        try c.replicas[2].receive([reworded, bobs])
        let seen = try #require(try c.replicas[2].record(work))
        #expect(seen.string(Contribution.Field.what) == "Budget and plan")
        #expect(seen[Contribution.Field.effort] == .int(80))
        #expect(seen[CommonField.archived] == .bool(true))
    }

    @Test func workRecordedForAnotherIsTheirsToChange() throws {
        var c = try Collective()
        let bob = c.bob
        var created: RecordID?
        // Alice records Bob's work (any member may), with his hours at creation...
        let recorded = try c.replicas[0].commit { change in
            let work = change.create(RecordKind.contribution)
            change.set(work, Contribution.Field.member, .record(bob))
            change.set(work, Contribution.Field.effort, .int(12))
            created = work
        }
        let work = recorded.resolve(try #require(created))
        try c.share()
        // ...but once recorded, the hours are Bob's, not hers.
        try c.aliceIsRefused(owner: bob) { $0.set(work, Contribution.Field.effort, .int(20)) }
        let corrected = try c.replicas[1].commit { $0.set(work, Contribution.Field.effort, .int(14)) }
        try c.replicas[2].receive([corrected])
        #expect(try c.replicas[2].record(work)?[Contribution.Field.effort] == .int(14))
    }

    @Test func onlyItsAuthorWithdrawsAnExpectation() throws {
        var c = try Collective()
        let bob = c.bob
        var created: RecordID?
        let stated = try c.replicas[1].commit { change in
            let expectation = change.create(RecordKind.expectation)
            change.set(expectation, Expectation.Field.text, .string("Être payé à 30 jours"))
            change.set(expectation, Expectation.Field.statedBy, .record(bob))
            created = expectation
        }
        let expectation = stated.resolve(try #require(created))
        try c.share()
        try c.aliceIsRefused(owner: bob) { $0.set(expectation, CommonField.archived, .bool(true)) }
        // Its status is the collective's: anyone moves it along.
        let discussed = try c.replicas[0].commit { $0.set(expectation, Expectation.Field.status, .string("discussed")) }
        let withdrawn = try c.replicas[1].commit { $0.set(expectation, CommonField.archived, .bool(true)) }
        try c.replicas[2].receive([discussed, withdrawn])
        let seen = try #require(try c.replicas[2].record(expectation))
        #expect(seen.string(Expectation.Field.status) == "discussed")
        #expect(seen[CommonField.archived] == .bool(true))
    }

    @Test func theNameAtTheTimeStaysWithTheAct() throws {
        var c = try Collective()
        let bob = c.bob
        let early = try c.replicas[1].commit { $0.create("thing") }
        c.replicas[1].clock += 1_000
        let renamed = try c.replicas[1].commit { $0.set(bob, Member.Field.name, .string("Robert")) }
        c.replicas[1].clock += 1_000
        let late = try c.replicas[1].commit { $0.create("thing") }
        try c.replicas[2].receive([early, renamed, late])
        let names = NameHistory(try c.replicas[2].storage.memberNames())
        let directory = Directory(records: try c.replicas[2].storage.authorityRecords())
        let key = c.replicas[1].author
        #expect(directory.name(of: key, at: early.change.timestamp, names: names) == "M1")
        #expect(directory.name(of: key, at: late.change.timestamp, names: names) == "Robert")
        #expect(directory.label(of: key, at: early.change.timestamp, names: names) == "M1 (\(key.shortFingerprint))")
        #expect(key.shortFingerprint.count == 4 && key.fingerprint.hasPrefix(key.shortFingerprint))
        // Every replica keeps the same names, whatever the order of arrival.
        var other = MemoryReplica(collective: c.replicas[0].collective)
        try other.receive(c.replicas[2].changes.reversed())
        #expect(Set(try other.storage.memberNames()) == Set(try c.replicas[2].storage.memberNames()))
    }

    @Test func namesakesAreToldApartByTheirKey() throws {
        var c = try Collective()
        // A crafted peer (or two members renaming at once) gives Carol Bob's name.
        let carol = try #require(Directory(records: try c.replicas[2].storage.authorityRecords()).member(for: c.replicas[2].author)).id
        let same = try c.replicas[2].commit { $0.set(carol, Member.Field.name, .string("m1")) }
        try c.replicas[0].receive([same])
        let directory = Directory(records: try c.replicas[0].storage.authorityRecords())
        let bobKey = c.replicas[1].author, carolKey = c.replicas[2].author
        #expect(directory.name(of: bobKey) == "M1 (\(bobKey.shortFingerprint))")
        #expect(directory.name(of: carolKey) == "m1 (\(carolKey.shortFingerprint))")
        #expect(directory.name(of: c.replicas[0].author) == "M0")
    }
}
