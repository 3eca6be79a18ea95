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
        return (alice, bob, carol, first.resolve(try #require(record)))
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
        let member = try #require(alice.storage.allRecords().first { $0.kind == RecordKind.member }).id
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

    @Test func aForkTakesEffectOnBothSidesAndIsReported() throws {
        var (alice, bob, carol, record) = try self.trio()
        let honest = try alice.commit { $0.set(record, "n", .int(1)) }
        // Alice's key signs a second, different change after the same one (a copied device).
        var clone = MemoryReplica(collective: alice.collective, identity: alice.identity)
        try clone.receive(Array(alice.storage.appliedOrder.prefix(2)))
        let other = try clone.commit { $0.set(record, "n", .int(2)) }
        #expect(other.seq == honest.seq && other.id != honest.id)
        try bob.receive([honest])
        let report = try bob.receive([other])
        #expect(report.forks == [Fork(author: alice.author, seq: honest.seq, changes: [honest.id, other.id])])
        #expect(report.applied == [other.id])
        #expect(bob.storage.forks.count == 1)
        // Both writes stand as concurrent siblings, on every replica, whatever the order.
        #expect(try bob.record(record)?.registers["n"]?.count == 2)
        try carol.receive([other, honest])
        #expect(try carol.stateHash() == bob.stateHash())
        #expect(carol.storage.forks == bob.storage.forks)
        // A change that has seen both settles the field; the fork stays recorded.
        let settle = try carol.commit { $0.set(record, "n", .int(3)) }
        try bob.receive([settle])
        #expect(try bob.record(record)?.registers["n"]?.map(\.value) == [.int(3)])
        #expect(bob.storage.forks.count == 1)
    }

    @Test func aChangeNumberedOutOfItsPlaceIsStoredNowhere() throws {
        var (alice, bob, _, record) = try self.trio()
        let tips = try alice.storage.tips(of: alice.author)
        for seq in [UInt64(1), tips[0].seq + 2, UInt64.max] {
            var builder = ChangeBuilder(author: alice.author)
            builder.set(record, "n", .int(9))
            let wrong = try SignedChange(
                signing: Change(collective: alice.collective, author: alice.author, seq: seq, heads: try alice.storage.frontier() + tips.map(\.id),
                                timestamp: HybridTimestamp(wallMillis: alice.clock, counter: 0), operations: builder.operations),
                with: alice.identity)
            let report = try bob.receive([wrong])
            #expect(report.misnumbered == [wrong.id] && report.applied.isEmpty, "seq \(seq)")
            #expect(!bob.storage.containsChange(wrong.id))
        }
    }

    @Test func headsThatNeverArriveKeepAChangeWaitingWithinTheLimit() throws {
        let (_, replicas) = try MemoryReplica.collective(3)
        var (alice, carol) = (replicas[0], replicas[2])
        let bob = replicas[1]
        var builder = ChangeBuilder(author: bob.author)
        builder.create("thing")
        let unknown = ChangeID(unchecked: [UInt8](repeating: 0xab, count: 32))
        let orphan = try SignedChange(
            signing: Change(collective: bob.collective, author: bob.author, seq: 1, heads: try bob.storage.frontier() + [unknown],
                            timestamp: HybridTimestamp(wallMillis: bob.clock, counter: 0), operations: builder.operations),
            with: bob.identity)
        let honest = try alice.commit { $0.create("other") }
        let report = try carol.receive([orphan, honest])
        #expect(report.applied == [honest.id])
        #expect(report.pending == 1)
        #expect(try carol.stateHash() == alice.stateHash())
        // Again, and alone: it keeps waiting for a change that will never come.
        #expect(try carol.receive([orphan]).applied.isEmpty)
        #expect(try carol.storage.pendingCount() == 1)
    }
}

@Suite("Merge limits")
struct MergeLimitTests {
    /// `count` changes by Bob that each wait for a head nobody has, `value` bytes each. Their
    /// signatures are left blank: the merge takes verified changes and does not check them.
    static func orphans(_ count: Int, value: Int, collective: CollectiveID, author: AuthorKey) throws -> [SignedChange] {
        let unknown = ChangeID(unchecked: [UInt8](repeating: 0xab, count: 32))
        return try (0..<count).map { index in
            let change = Change(collective: collective, author: author, seq: 1, heads: [unknown],
                                timestamp: HybridTimestamp(wallMillis: UInt64(index), counter: 0),
                                operations: [.set(record: RecordID(unchecked: [UInt8](repeating: 1, count: 16)), field: "f", value: .bytes([UInt8](repeating: 7, count: value)))])
            return try SignedChange(decoding: change.encoded() + [UInt8](repeating: 0, count: 64))
        }
    }

    @Test func theNumberOfWaitingChangesIsLimitedOnBothSides() throws {
        let (_, replicas) = try MemoryReplica.collective(2)
        var carol = replicas[0]
        let waiting = try Self.orphans(MergeLimits.maximumPending + 1, value: 0, collective: carol.collective, author: replicas[1].author)
        let report = try carol.receive(Array(waiting.prefix(MergeLimits.maximumPending)))
        #expect(report.pending == MergeLimits.maximumPending)
        #expect(throws: MergeError.tooManyPending(limit: MergeLimits.maximumPending)) { try carol.receive([waiting[MergeLimits.maximumPending]]) }
    }

    @Test func theBytesOfWaitingChangesAreLimitedOnBothSides() throws {
        let (_, replicas) = try MemoryReplica.collective(2)
        var carol = replicas[0]
        let value = ChangeLimits.maximumValueBytes
        let one = try Self.orphans(1, value: value, collective: carol.collective, author: replicas[1].author)[0].encodedCount
        let fit = MergeLimits.maximumPendingBytes / one
        let waiting = try Self.orphans(fit + 1, value: value, collective: carol.collective, author: replicas[1].author)
        #expect(try carol.receive(Array(waiting.prefix(fit))).pending == fit)
        #expect(throws: MergeError.pendingTooLarge(limit: MergeLimits.maximumPendingBytes)) { try carol.receive([waiting[fit]]) }
        #expect(try carol.storage.pendingCount() == fit)
    }

    /// A device that forks on purpose, over and over, is named by its 16 highest tips.
    @Test func aSummaryNamesAtMostSixteenTipsOfOneAuthor() throws {
        var (founding, replicas) = try MemoryReplica.collective(2)
        let bob = replicas[1]
        var branches: [SignedChange] = []
        for index in 0..<(HistorySummary.maximumTipsPerAuthor + 4) {
            var copy = bob
            copy.clock += UInt64(index) * 10
            branches.append(try copy.commit { $0.create("thing") })
        }
        try replicas[0].receive(branches)
        let tips = try replicas[0].storage.summary().tips.filter { $0.author == bob.author.bytes }
        #expect(try replicas[0].storage.tips(of: bob.author).count == branches.count)
        #expect(tips.count == HistorySummary.maximumTipsPerAuthor)
        #expect(Set(tips.map(\.head)).isSubset(of: Set(branches.map(\.id.bytes))))
        _ = founding
    }
}
