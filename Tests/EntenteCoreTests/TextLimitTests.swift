import EntenteCore
import EntenteTestSupport
import Testing

/// Rule 0 (VISION.md, "Authority"): a text longer than its field may hold is refused in every
/// change, on both sides of each limit, and every replica decides alike.
@Suite("Text limits")
struct TextLimitTests {
    static let text = VisionLimits.maximumTextBytes, name = VisionLimits.maximumNameBytes

    /// `count` UTF-8 bytes, with two-byte characters in it ("é").
    static func text(bytes count: Int) -> String {
        String(repeating: "é", count: count / 2) + String(repeating: "x", count: count % 2)
    }

    @Test(arguments: [(text, true), (text + 1, false)])
    func aTitleAtTheLimitTakesEffectAndOneByteMoreDoesNot(bytes: Int, takesEffect: Bool) throws {
        var (_, replicas) = try MemoryReplica.collective(2)
        let title = Self.text(bytes: bytes)
        #expect(title.utf8.count == bytes)
        var created: RecordID?
        let build: (inout ChangeBuilder) throws -> Void = { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string(title))
            created = commitment
        }
        if !takesEffect {
            // Refused before signing on the author's replica...
            #expect { try replicas[0].commit("", build) } throws: { error in
                (error as? AuthorityError)?.refusal.rule == .tooLong
            }
        }
        // ...and, crafted, on a replica that receives it.
        let signed = try replicas[0].craft(build)
        try replicas[1].receive([signed])
        let id = signed.resolve(try #require(created))
        #expect(try replicas[1].record(id)?.string(Commitment.Field.what) == (takesEffect ? title : nil))
        let refused = try replicas[1].storage.refusals().filter { $0.change == signed.id }
        #expect(refused.map(\.rule) == (takesEffect ? [] : [.tooLong]))
        #expect(try replicas[0].stateHash() == replicas[1].stateHash())
    }

    @Test(arguments: [(name, true), (name + 1, false)])
    func aNameAtItsLimitTakesEffectAndOneByteMoreDoesNot(bytes: Int, takesEffect: Bool) throws {
        var (_, replicas) = try MemoryReplica.collective(2)
        let me = try #require(Directory(records: try replicas[0].storage.authorityRecords()).member(for: replicas[0].author)).id
        let name = Self.text(bytes: bytes)
        let signed = try replicas[0].craft { $0.set(me, Member.Field.name, .string(name)) }
        try replicas[1].receive([signed])
        #expect(try replicas[1].record(me)?.string(Member.Field.name) == (takesEffect ? name : "M0"))
        #expect(try replicas[1].storage.refusals().contains { $0.change == signed.id && $0.rule == .tooLong } == !takesEffect)
        // A name's limit is not a title's: the same bytes make a valid title.
        var created: RecordID?
        let titled = try replicas[0].commit { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string(name))
            created = commitment
        }
        #expect(try replicas[0].record(titled.resolve(try #require(created)))?.string(Commitment.Field.what) == name)
    }

    @Test func aFoundingChangeIsHeldToTheLimitsToo() throws {
        let identity = SigningIdentity()
        let salt = [UInt8](repeating: 0x5a, count: Founding.saltBytes)
        var founder = MemoryReplica(collective: Founding.collectiveID(founder: identity.author, salt: salt), identity: identity)
        let long = Self.text(bytes: Self.name + 1)
        let founding = try founder.craft { change in
            Admission.found(collective: long, salt: salt, founder: "Alice", key: identity.author, noiseKey: [UInt8](repeating: 1, count: 32), into: &change)
        }
        var other = MemoryReplica(collective: founder.collective)
        try other.receive([founding])
        // The collective and Alice exist; only the over-long name had no effect.
        #expect(try other.storage.refusals().map(\.rule) == [.tooLong])
        #expect(Directory(records: try other.storage.authorityRecords()).member(for: identity.author)?.name == "Alice")
        #expect(try other.stateHash() == founder.stateHash())
    }

    @Test func anObjectionWhoseReasonIsTooLongDoesNotCount() throws {
        var (_, replicas) = try MemoryReplica.collective(2)
        let directory = Directory(records: try replicas[0].storage.authorityRecords())
        let bob = try #require(directory.member(for: replicas[1].author)).id
        var proposal: RecordID?
        let proposed = try replicas[0].commit { change in
            let decision = change.create(RecordKind.decision)
            change.set(decision, Decision.Field.text, .string("Nous répondons ensemble"))
            proposal = decision
        }
        try replicas[1].receive([proposed])
        let decision = proposed.resolve(try #require(proposal))
        let objection = try replicas[1].craft { change in
            let stance = change.create(RecordKind.stance)
            change.set(stance, Stance.Field.decision, .record(decision))
            change.set(stance, Stance.Field.member, .record(bob))
            change.set(stance, Stance.Field.position, .string("object"))
            change.set(stance, Stance.Field.reason, .string(Self.text(bytes: Self.text + 1)))
        }
        try replicas[0].receive([objection])
        let rules = try replicas[0].storage.refusals().filter { $0.change == objection.id }.map(\.rule)
        // The reason is too long, and without it an objection does not count.
        #expect(rules == [.tooLong, .badStance, .badStance, .badStance, .badStance])
        #expect(try replicas[0].storage.allRecords().filter { $0.kind == RecordKind.stance }.isEmpty)
    }
}
