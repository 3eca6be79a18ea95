import EntenteCore
import EntenteTestSupport
import Testing

@Suite("Merge semantics")
struct MergeTests {
    let collective = CollectiveID.random()

    /// Alice creates a record; Bob and Carol receive it.
    func trio() throws -> (MemoryReplica, MemoryReplica, MemoryReplica, RecordID) {
        let (_, replicas) = try MemoryReplica.collective(4)
        var alice = replicas[0]
        var (bob, carol) = (replicas[1], replicas[2])
        var record: RecordID?
        let first = try alice.commit("first") { record = $0.create("thing") }
        try bob.receive([first])
        try carol.receive([first])
        return (alice, bob, carol, try #require(record))
    }

    @Test func concurrentWritesAreAllKeptAsSiblings() throws {
        var (_, bob, carol, record) = try self.trio()
        let fromBob = try bob.commit { $0.set(record, "due", .string("2026-12-01")) }
        let fromCarol = try carol.commit { $0.set(record, "due", .string("2026-12-15")) }
        try bob.receive([fromCarol])
        try carol.receive([fromBob])
        let state = try #require(try bob.record(record))
        #expect(state.registers["due"]?.count == 2)
        #expect(state.conflictedFields == ["due"])
        #expect(try bob.stateHash() == carol.stateHash())
        // The displayed winner is the same on both replicas.
        #expect(try bob.record(record)?["due"] == carol.record(record)?["due"])
    }

    @Test func aWriteThatHasSeenTheSiblingsResolvesTheConflict() throws {
        var (alice, bob, carol, record) = try self.trio()
        let fromBob = try bob.commit { $0.set(record, "due", .string("2026-12-01")) }
        let fromCarol = try carol.commit { $0.set(record, "due", .string("2026-12-15")) }
        try alice.receive([fromBob, fromCarol])
        let resolution = try alice.commit("agree") { $0.set(record, "due", .string("2026-12-10")) }
        try bob.receive([fromCarol, resolution])
        let state = try #require(try bob.record(record))
        #expect(state.registers["due"]?.count == 1)
        #expect(state["due"] == .string("2026-12-10"))
    }

    @Test func aLaterWriteOfTheSameAuthorSupersedesItsEarlierOne() throws {
        var (alice, _, _, record) = try self.trio()
        try alice.commit { $0.set(record, "what", .string("a")) }
        try alice.commit { $0.set(record, "what", .string("b")) }
        try alice.commit {
            $0.set(record, "what", .string("c"))
            $0.set(record, "what", .string("d"))
        }
        let state = try #require(try alice.record(record))
        #expect(state.registers["what"]?.map(\.value) == [.string("d")])
    }

    @Test func setsAreAddWins() throws {
        var (alice, bob, _, record) = try self.trio()
        let member = RecordID.derive(author: alice.author, seq: 1, opIndex: 0)
        let add = try alice.commit { $0.add(record, "acceptedBy", .record(member)) }
        try bob.receive([add])
        // Bob removes what he saw while Alice concurrently adds again: the new add wins.
        let remove = try bob.commit { $0.remove(record, "acceptedBy", .record(member)) }
        let addAgain = try alice.commit { $0.add(record, "acceptedBy", .record(member)) }
        try alice.receive([remove])
        try bob.receive([addAgain])
        #expect(try alice.record(record)?.elements("acceptedBy") == [.record(member)])
        #expect(try alice.stateHash() == bob.stateHash())
        // A remove that has seen every add removes the element.
        let finalRemove = try bob.commit { $0.remove(record, "acceptedBy", .record(member)) }
        try alice.receive([finalRemove])
        #expect(try alice.record(record)?.elements("acceptedBy") == [])
    }

    @Test func changesWaitForTheirDependencies() throws {
        var (alice, _, _, record) = try self.trio()
        var dave = MemoryReplica(collective: alice.collective)
        let second = try alice.commit { $0.set(record, "n", .int(2)) }
        let third = try alice.commit { $0.set(record, "n", .int(3)) }
        let report = try dave.receive([third, second])
        #expect(report.applied.isEmpty)
        #expect(report.pending == 2)
        let later = try dave.receive(Array(alice.storage.appliedOrder.prefix(2)))
        #expect(later.applied.count == 4)
        #expect(later.pending == 0)
        #expect(try dave.stateHash() == alice.stateHash())
    }

    @Test func duplicatesAreIgnored() throws {
        var (alice, bob, _, record) = try self.trio()
        let change = try alice.commit { $0.set(record, "n", .int(1)) }
        #expect(try bob.receive([change, change]).applied.count == 1)
        #expect(try bob.receive([change]).duplicates == 1)
    }

    @Test func aForkIsKeptAsEvidenceAndNeverApplied() throws {
        var (alice, bob, _, record) = try self.trio()
        let honest = try alice.commit { $0.set(record, "n", .int(1)) }
        // Alice's key signs a second, different change #2 (a rewritten history).
        var clone = MemoryReplica(collective: alice.collective, identity: alice.identity)
        try clone.receive(Array(alice.storage.appliedOrder.prefix(2)))
        let forged = try clone.commit { $0.set(record, "n", .int(666)) }
        #expect(forged.seq == honest.seq && forged.id != honest.id)
        try bob.receive([honest])
        let report = try bob.receive([forged])
        #expect(report.forks.count == 1)
        #expect(report.applied.isEmpty)
        #expect(bob.storage.forks.first?.rejected.id == forged.id)
        #expect(try bob.record(record)?["n"] == .int(1))
    }

    /// Found by fuzzing (the `merge` target, Fuzz/README.md): a validly signed change whose
    /// causal context claims 2^64-1 changes overflowed the sum that orders a batch in
    /// `Merge.receive`, and a peer could crash every replica it synced with.
    @Test func aContextClaimingTwoToTheSixtyFourChangesWaitsInsteadOfTrapping() throws {
        let (_, replicas) = try MemoryReplica.collective(3)
        var (alice, carol) = (replicas[0], replicas[2])
        let bob = replicas[1]
        var builder = ChangeBuilder(author: bob.author, seq: 1)
        builder.create("thing")
        let inflated = try SignedChange(
            signing: Change(
                collective: bob.collective, author: bob.author, seq: 1, previous: .none,
                timestamp: HybridTimestamp(wallMillis: bob.clock, counter: 0),
                context: VersionVector([alice.author: UInt64.max, carol.author: UInt64.max]), message: "",
                operations: builder.operations),
            with: bob.identity)
        #expect(inflated.change.context.totalChanges == UInt64.max)
        let honest = try alice.commit { $0.create("other") }
        let report = try carol.receive([inflated, honest])
        #expect(report.applied == [honest.id])
        #expect(report.pending == 1)
        #expect(try carol.stateHash() == alice.stateHash())
        // Again, and alone: it keeps waiting for changes that will never come.
        #expect(try carol.receive([inflated]).applied.isEmpty)
    }
}
