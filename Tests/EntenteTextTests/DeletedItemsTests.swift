import Testing
@testable import EntenteText

// MARK: - Deleted items (conflict detection)

@Suite("Deleted items")
struct DeletedItemsTests {
    static let alice = TraceLoader.agent(0xA1)
    static let bob = TraceLoader.agent(0xB2)
    static let carol = TraceLoader.agent(0xC3)

    /// An operation by `author` deleting `ranges` (agent, first counter, count).
    static func deleting(_ ranges: [(TextAgent, Int, Int)], by author: TextAgent = carol) -> TextOperation {
        TextOperation(author: author, startCounter: 0, insertions: [],
                      deletions: ranges.map { .init(start: TextItemID(agent: $0.0, counter: $0.1), count: $0.2) })
    }

    /// Whether the two operations overlap, checked both ways (the answer must be symmetric).
    static func overlap(_ x: TextOperation, _ y: TextOperation) -> Bool {
        let forwards = x.deletesAny(of: y)
        #expect(forwards == y.deletesAny(of: x), "asymmetric")
        return forwards
    }

    @Test func overlappingRangesOverlap() {
        let x = Self.deleting([(Self.alice, 0, 10)])
        #expect(Self.overlap(x, Self.deleting([(Self.alice, 5, 2)], by: Self.bob)))
        #expect(Self.overlap(x, Self.deleting([(Self.alice, 9, 100)], by: Self.bob)))
        #expect(Self.overlap(x, Self.deleting([(Self.alice, 0, 1)])))
        #expect(Self.overlap(x, x))
    }

    @Test func adjacentRangesDoNotOverlap() {
        let x = Self.deleting([(Self.alice, 5, 5)])
        #expect(!Self.overlap(x, Self.deleting([(Self.alice, 0, 5)])))
        #expect(!Self.overlap(x, Self.deleting([(Self.alice, 10, 3)])))
        #expect(Self.overlap(x, Self.deleting([(Self.alice, 0, 6)])))
        #expect(Self.overlap(x, Self.deleting([(Self.alice, 9, 3)])))
    }

    @Test func disjointRangesAndOtherAgentsDoNotOverlap() {
        let x = Self.deleting([(Self.alice, 0, 3), (Self.bob, 100, 4)])
        #expect(!Self.overlap(x, Self.deleting([(Self.alice, 10, 2), (Self.bob, 0, 100), (Self.bob, 104, 1)])))
        // The same counters of another agent are other items.
        #expect(!Self.overlap(x, Self.deleting([(Self.carol, 0, 3), (Self.alice, 100, 4)])))
        #expect(Self.overlap(x, Self.deleting([(Self.carol, 0, 3), (Self.bob, 103, 1)])))
        // No deletion on either side.
        let none = Self.deleting([])
        #expect(!Self.overlap(x, none))
        #expect(!Self.overlap(none, none))
    }

    /// Many unsorted, overlapping ranges on one side, probed from the other.
    @Test func manyRangesInAnyOrder() {
        let x = Self.deleting([(Self.alice, 50, 5), (Self.alice, 10, 5), (Self.alice, 12, 10), (Self.alice, 30, 1)])
        for counter in 0 ..< 70 {
            let deleted = (10 ..< 22).contains(counter) || counter == 30 || (50 ..< 55).contains(counter)
            let probe = Self.deleting([(Self.bob, counter, 1), (Self.alice, counter, 1)])
            #expect(Self.overlap(x, probe) == deleted, "counter \(counter)")
        }
    }

    /// Counts and counters from peers: huge, negative or overflowing values neither trap nor
    /// produce ids that cannot exist.
    @Test func hostileRangesAreClamped() {
        let huge = Self.deleting([(Self.alice, Int.max - 1, Int.max)])
        #expect(huge.deletions[0].counters.isEmpty)
        let wide = Self.deleting([(Self.alice, 0, Int.max)])
        #expect(wide.deletions[0].counters == 0 ..< TextLimits.maxCounter + 1)
        #expect(Array(wide.deletedItems.prefix(2)) == [TextItemID(agent: Self.alice, counter: 0),
                                                      TextItemID(agent: Self.alice, counter: 1)])
        let negative = Self.deleting([(Self.alice, -5, 10), (Self.alice, 3, -4), (Self.alice, Int.min, Int.max)])
        #expect(negative.deletions.map(\.counters) == [0 ..< 5, 3 ..< 3, 0 ..< 0])
        #expect(Self.overlap(wide, Self.deleting([(Self.alice, TextLimits.maxCounter, 1)])))
        #expect(!Self.overlap(huge, wide))
        #expect(Self.overlap(negative, Self.deleting([(Self.alice, 4, 1)])))
        #expect(!Self.overlap(negative, Self.deleting([(Self.alice, 5, 1)])))
    }

    @Test func deletedItemsEnumeratesEveryRange() {
        let x = Self.deleting([(Self.alice, 3, 2), (Self.bob, 0, 1), (Self.alice, 7, 0)])
        #expect(Array(x.deletedItems) == [TextItemID(agent: Self.alice, counter: 3),
                                          TextItemID(agent: Self.alice, counter: 4),
                                          TextItemID(agent: Self.bob, counter: 0)])
        #expect(Array(Self.deleting([]).deletedItems).isEmpty)
    }

    /// On real edits: rewrites of the same words overlap, edits of different words do not, and
    /// an operation's deleted items are the scalars it removed.
    @Test func realEditsOverlapWhenTheyRewriteTheSameWords() throws {
        let base = "Nous voulons parler des désaccords tôt et souvent."
        var origin = TextDocument()
        _ = try origin.applyLocal([TextPatch(position: 0, insert: base)], by: Self.alice)
        func edit(_ text: String, by agent: TextAgent) throws -> TextOperation {
            var replica = origin
            return try replica.applyLocal(TextDiff.patches(from: base, to: text), by: agent)
        }
        let early = try edit("Nous voulons parler des désaccords dès le début et souvent.", by: Self.bob)
        let faceToFace = try edit("Nous voulons parler des désaccords en face et souvent.", by: Self.carol)
        let often = try edit("Nous voulons parler des désaccords tôt et toujours.", by: Self.carol)
        #expect(Self.overlap(early, faceToFace))
        #expect(!Self.overlap(early, often))
        // "tôt" and the space before it, which the rewrite brings back before its own words.
        #expect(Array(early.deletedItems) == (34 ..< 38).map { TextItemID(agent: Self.alice, counter: $0) })
    }
}
