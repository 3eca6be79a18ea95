import EntenteCore
import EntenteWire
import Testing

/// SYNC.md §5 step 8, "Forks in the exchange": what a sender adds so that no fork hides,
/// each rule on both sides of its condition.
@Suite struct SyncForkPlanTests {
    static let collective = SyncTestPeer.collective(foundedBy: 1)

    /// Alice's chain #1…#3, and a second history of her key from #2: #3' (a copy of the
    /// replica that signed on). The sender keeps #3' as evidence against its #3.
    struct Fixture {
        var alice: SyncTestPeer
        var chain: [SignedChange]
        var other: SignedChange
        var heads: [AuthorKey: (seq: UInt64, id: ChangeID)]
        var evidence: [ForkEvidence]

        var author: AuthorKey { self.alice.identity.author }

        func id(_ author: AuthorKey, _ seq: UInt64) -> ChangeID? {
            self.chain.first { $0.author == author && $0.seq == seq }?.id
        }

        func head(_ change: SignedChange) -> [UInt8] { Array(change.id.bytes.prefix(SyncVector.headLength)) }

        /// The peer's vector: Alice at `seq` with the head bytes of `change` (`nil`: a vector
        /// without heads).
        func peer(seq: UInt64, head change: SignedChange?) -> SyncVector {
            let prefix = SyncVector.prefix(of: self.author)
            return SyncVector(entries: [prefix: seq], heads: change.map { [prefix: self.head($0)] })
        }

        func plan(_ peer: SyncVector, evidence: [ForkEvidence]? = nil, limit: Int = SyncLimits.maximumForwardedForks) -> SyncForkPlan {
            SyncForkPlan.plan(peer: peer, heads: self.heads, evidence: evidence ?? self.evidence, limit: limit) { self.id($0, $1) }
        }

        func place(_ seq: UInt64) -> SyncForkPlan.Place { SyncForkPlan.Place(author: self.author, seq: seq) }
    }

    static func fixture() throws -> Fixture {
        var alice = try SyncTestPeer(collective: Self.collective, psk: [UInt8](repeating: 1, count: 32), seed: 1)
        try alice.admit("Alice", author: alice.identity.author, noise: alice.noisePublic)
        try alice.commit("two") { _ = $0.create(RecordKind.commitment) }
        var copy = alice
        try alice.commit("three") { _ = $0.create(RecordKind.commitment) }
        let other = try copy.commit("three, elsewhere") { _ = $0.create(RecordKind.commitment) }
        let chain = alice.storage.appliedOrder
        let three = try #require(chain.last)
        #expect(three.seq == 3 && other.seq == 3 && three.id != other.id)
        return Fixture(
            alice: alice, chain: chain, other: other, heads: [alice.identity.author: (3, three.id)],
            evidence: [ForkEvidence(author: alice.identity.author, seq: 3, kept: three.id, rejected: other)])
    }

    @Test func aPeerHoldingAnotherChangeAtTheSamePlaceIsProbedWhateverTheLengths() throws {
        let f = try Self.fixture()
        // Equal lengths: the peer's #3 is the other one.
        let equal = f.plan(f.peer(seq: 3, head: f.other), evidence: [])
        #expect(equal.first == [f.place(3)])
        // The same #3: nothing to add.
        #expect(f.plan(f.peer(seq: 3, head: f.chain[2]), evidence: []) == SyncForkPlan())
        // The peer is behind, on the same chain: nothing; on another #2: probe #2.
        #expect(f.plan(f.peer(seq: 2, head: f.chain[1]), evidence: []) == SyncForkPlan())
        #expect(f.plan(f.peer(seq: 2, head: f.other), evidence: []).first == [f.place(2)])
        // The peer is ahead: the sender cannot compare (the peer probes it instead).
        #expect(f.plan(f.peer(seq: 4, head: f.other), evidence: []) == SyncForkPlan())
        // A vector without heads: no probe.
        #expect(f.plan(f.peer(seq: 3, head: nil), evidence: []) == SyncForkPlan())
    }

    @Test func aForkIsForwardedWhereThePeerIsSureToKeepItAsEvidence() throws {
        let f = try Self.fixture()
        // The peer holds #3 (whichever): the root goes, and the sender's #3 with it.
        let holds = f.plan(f.peer(seq: 3, head: f.chain[2]))
        #expect(holds.forwarded == [f.other])
        #expect(holds.first == [f.place(3)])
        // The peer follows the other history: probe and kept side are the same change, once.
        let other = f.plan(f.peer(seq: 3, head: f.other))
        #expect(other.forwarded == [f.other] && other.first == [f.place(3)])
        // The peer holds nothing of Alice, or Alice's #1 or #2: it will hold the sender's #3
        // once the stream is stored, so the root goes after it; the kept side is in the stream.
        for peer in [SyncVector(heads: [:]), f.peer(seq: 1, head: f.chain[0]), f.peer(seq: 2, head: f.chain[1])] {
            let plan = f.plan(peer)
            #expect(plan.forwarded == [f.other] && plan.first.isEmpty, "\(peer)")
        }
        // The peer holds another #2 (its chain differs before the fork): the sender's stream is
        // evidence there, so the root could wait for a change the peer never applies: kept back.
        let differs = f.plan(f.peer(seq: 2, head: f.other))
        #expect(differs.forwarded.isEmpty && differs.first == [f.place(2)])
        // Without heads the sender cannot tell whether the peer follows it: only a place the
        // peer already holds.
        #expect(f.plan(f.peer(seq: 2, head: nil)).forwarded.isEmpty)
        #expect(f.plan(f.peer(seq: 3, head: nil)).forwarded == [f.other])
    }

    /// A root one past the sender's head (its #3 was never received, only #4'): forwarded
    /// only to a peer that will hold the sender's #3 just before it.
    @Test func aRootJustPastTheSendersHeadNeedsThePeerToFollow() throws {
        var f = try Self.fixture()
        // #4' on the other history: a change of Alice's key at #4 whose previous is #3'.
        var branch = f.alice
        branch.storage = MemoryStorage()
        _ = try Merge.receive(Array(f.chain.prefix(2)) + [f.other], into: &branch.storage, now: 1)
        let four = try branch.commit("four, elsewhere") { _ = $0.create(RecordKind.commitment) }
        #expect(four.seq == 4 && four.change.previous == f.other.id)
        f.evidence = [ForkEvidence(author: f.author, seq: 3, kept: f.chain[2].id, rejected: four)]
        #expect(f.plan(f.peer(seq: 2, head: f.chain[1])).forwarded == [four])
        #expect(f.plan(f.peer(seq: 3, head: f.chain[2])).forwarded == [four])
        #expect(f.plan(f.peer(seq: 3, head: f.chain[2])).first == [f.place(3)])
        #expect(f.plan(f.peer(seq: 2, head: f.other)).forwarded.isEmpty)
        // A continuation of a branch kept as evidence is no root: only #3' would go.
        f.evidence = [f.evidence[0], ForkEvidence(author: f.author, seq: 3, kept: f.chain[2].id, rejected: f.other)]
        #expect(f.plan(f.peer(seq: 3, head: f.chain[2])).forwarded == [f.other])
    }

    /// A root signed by the peer's own key, one past the place it holds: forwarding it would
    /// tell the copy the others follow that its key went further, and stop it signing.
    @Test func aRootOfThePeersOwnKeyGoesOnlyWhereThePeerHoldsItsPlace() throws {
        let f = try Self.fixture()
        let behind = f.peer(seq: 2, head: f.chain[1])
        #expect(f.plan(behind).forwarded == [f.other])
        let own = SyncForkPlan.plan(peer: behind, peerAuthor: f.author, heads: f.heads, evidence: f.evidence) { f.id($0, $1) }
        #expect(own.forwarded.isEmpty)
        let holds = f.peer(seq: 3, head: f.chain[2])
        let ownHeld = SyncForkPlan.plan(peer: holds, peerAuthor: f.author, heads: f.heads, evidence: f.evidence) { f.id($0, $1) }
        #expect(ownHeld.forwarded == [f.other] && ownHeld.first == [f.place(3)])
    }

    @Test func atMostTheLimitOfForksGoesInOneSession() throws {
        let f = try Self.fixture()
        var base = f.alice
        base.storage = MemoryStorage()
        _ = try Merge.receive(Array(f.chain.prefix(2)), into: &base.storage, now: 1)
        var roots: [ForkEvidence] = []
        for index in 0...SyncLimits.maximumForwardedForks {
            var copy = base
            let other = try copy.commit("copy \(index)") { _ = $0.create(RecordKind.commitment) }
            roots.append(ForkEvidence(author: f.author, seq: 3, kept: f.chain[2].id, rejected: other))
        }
        let peer = f.peer(seq: 3, head: f.chain[2])
        #expect(roots.count == 65 && SyncLimits.maximumForwardedForks == 64)
        #expect(f.plan(peer, evidence: roots).forwarded.count == 64)
        #expect(f.plan(peer, evidence: Array(roots.prefix(64))).forwarded.count == 64)
        #expect(f.plan(peer, evidence: Array(roots.prefix(63))).forwarded.count == 63)
        // The same 64 whatever order the evidence is read in.
        #expect(Set(f.plan(peer, evidence: roots.reversed()).forwarded) == Set(f.plan(peer, evidence: roots).forwarded))
    }

    @Test func anAuthorWhosePrefixTheSenderCannotTellApartIsLeftAlone() throws {
        var f = try Self.fixture()
        let twin = AuthorKey(unchecked: SyncVector.prefix(of: f.author) + [UInt8](repeating: 0xee, count: 24))
        f.heads[twin] = (1, ChangeID(unchecked: [UInt8](repeating: 0xee, count: 32)))
        let plan = f.plan(f.peer(seq: 3, head: f.other))
        #expect(plan == SyncForkPlan())
    }
}
