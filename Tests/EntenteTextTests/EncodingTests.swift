import Testing
@testable import EntenteText

// MARK: - Round trips and hostile input

@Suite("Encoding")
struct EncodingTests {
    static let author = TraceLoader.agent(0x42)

    /// A small document with a few agents, deletions and non-ASCII text.
    static func sampleOps() throws -> (TextDocument, [TextOperation]) {
        var doc = TextDocument()
        var ops: [TextOperation] = []
        ops.append(try doc.applyLocal([TextPatch(position: 0, insert: "Noël à Genève 👩‍👩‍👧")], by: TraceLoader.agent(1)))
        ops.append(try doc.applyLocal([TextPatch(position: 5, deleteCount: 2, insert: "ç"),
                                       TextPatch(position: 0, insert: "«")], by: TraceLoader.agent(2)))
        ops.append(try doc.applyLocal([TextPatch(position: 3, deleteCount: 6)], by: TraceLoader.agent(3)))
        return (doc, ops)
    }

    @Test func operationRoundTrip() throws {
        let (_, ops) = try Self.sampleOps()
        for op in ops {
            let bytes = op.encoded()
            #expect(try TextOperation(decoding: bytes) == op)
            #expect(try TextOperation(decoding: bytes).encoded() == bytes)
        }
    }

    @Test func stateRoundTripAndContinuedEditing() throws {
        let (doc, ops) = try Self.sampleOps()
        var loaded = try TextDocument(decodingState: doc.encodedState())
        #expect(loaded.text == doc.text)
        #expect(loaded.encodedState() == doc.encodedState())
        for op in ops { try loaded.apply(op) }  // idempotent
        #expect(loaded.text == doc.text)
        var original = doc
        let op = try loaded.applyLocal([TextPatch(position: 1, insert: "ü")], by: TraceLoader.agent(1))
        try original.apply(op)
        #expect(original.text == loaded.text)
        #expect(TextDocument().encodedState() == [1, 0, 0, 0])
        #expect(try TextDocument(decodingState: [1, 0, 0, 0]).text == "")
    }

    /// Every strict prefix of a valid encoding, and random garbage, throws (or decodes to
    /// something that re-encodes identically): never a crash.
    @Test func truncatedAndGarbageInputThrow() throws {
        let (doc, ops) = try Self.sampleOps()
        for bytes in ops.map({ $0.encoded() }) {
            for n in 0 ..< bytes.count {
                #expect(throws: TextError.self) { try TextOperation(decoding: Array(bytes[..<n])) }
            }
            #expect(throws: TextError.self) { try TextOperation(decoding: bytes + [0]) }
        }
        let state = doc.encodedState()
        for n in 0 ..< state.count {
            #expect(throws: TextError.self) { try TextDocument(decodingState: Array(state[..<n])) }
        }
        var g = SplitMix64(seed: 2024)
        for round in 0 ..< 3_000 {
            var bytes = round % 2 == 0 ? ops[round % ops.count].encoded() : state
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &g) {
                bytes[Int.random(in: 0 ..< bytes.count, using: &g)] = UInt8.random(in: 0 ... 255, using: &g)
            }
            if round % 2 == 0 {
                if let op = try? TextOperation(decoding: bytes) {
                    #expect(op.encoded() == bytes)
                    var copy = doc
                    _ = try? copy.apply(op)  // may throw, must not crash
                }
            } else if let loaded = try? TextDocument(decodingState: bytes) {
                #expect(loaded.encodedState() == bytes)
            }
            let garbage = (0 ..< Int.random(in: 0 ... 64, using: &g)).map { _ in UInt8.random(in: 0 ... 255, using: &g) }
            _ = try? TextOperation(decoding: garbage)
            _ = try? TextDocument(decodingState: garbage)
        }
    }

    @Test func nonCanonicalEncodingsAreRejected() throws {
        // Non-minimal LEB128 (start counter 0 written as 0x80 0x00).
        let op = try TextDocument().applyLocalCopy([TextPatch(position: 0, insert: "x")], by: Self.author)
        var bytes = op.encoded()
        let startIndex = 2 + 1 + 32
        #expect(bytes[startIndex] == 0)
        bytes.replaceSubrange(startIndex ... startIndex, with: [0x80, 0x00])
        #expect(throws: TextError.self) { try TextOperation(decoding: bytes) }
        // An unused agent in the table.
        let extra = TraceLoader.agent(0x43)
        var withExtra = op.encoded()
        withExtra[1] = 2
        withExtra.insert(contentsOf: [32] + extra.bytes, at: 2 + 33)
        #expect(throws: TextError.self) { try TextOperation(decoding: withExtra) }
        // Unknown version.
        var version = op.encoded()
        version[0] = 2
        #expect(throws: TextError.self) { try TextOperation(decoding: version) }
        // Invalid UTF-8 content.
        let utf8 = TextOperation(author: Self.author, startCounter: 0,
                                 insertions: [.init(originLeft: nil, originRight: nil, content: "é")], deletions: [])
        var broken = utf8.encoded()
        broken[broken.count - 3] = 0xFF
        #expect(throws: TextError.invalidUTF8(what: "insertion content")) { try TextOperation(decoding: broken) }
    }

    /// Remote operations that refer to unknown items or skip counters throw and change nothing.
    @Test func causalityViolationsThrow() throws {
        var doc = TextDocument()
        let stranger = TraceLoader.agent(0x99)
        let unknownLeft = TextOperation(author: Self.author, startCounter: 0, insertions: [
            .init(originLeft: TextItemID(agent: stranger, counter: 0), originRight: nil, content: "x"),
        ], deletions: [])
        #expect(throws: TextError.unknownItem(agent: stranger, counter: 0)) { try doc.apply(unknownLeft) }
        let gap = TextOperation(author: Self.author, startCounter: 5, insertions: [
            .init(originLeft: nil, originRight: nil, content: "x"),
        ], deletions: [])
        #expect(throws: TextError.counterGap(agent: Self.author, expected: 0, actual: 5)) { try doc.apply(gap) }
        let delete = TextOperation(author: Self.author, startCounter: 0, insertions: [],
                                   deletions: [.init(start: TextItemID(agent: stranger, counter: 3), count: 2)])
        #expect(throws: TextError.self) { try doc.apply(delete) }
        #expect(doc.text == "")
        #expect(doc.encodedState() == TextDocument().encodedState())
        // Out-of-range local patches.
        _ = try doc.applyLocal([TextPatch(position: 0, insert: "abc")], by: Self.author)
        #expect(throws: TextError.self) { try doc.applyLocal([TextPatch(position: 4)], by: Self.author) }
        #expect(throws: TextError.self) { try doc.applyLocal([TextPatch(position: 1, deleteCount: 3)], by: Self.author) }
        #expect(throws: TextError.self) {
            try doc.applyLocal([TextPatch(position: 0, insert: "zz"), TextPatch(position: -1)], by: Self.author)
        }
        #expect(doc.text == "abc")
        // Overlapping re-delivery with a different extent.
        let op = try doc.applyLocal([TextPatch(position: 3, insert: "de")], by: Self.author)
        var other = TextDocument()
        _ = try other.applyLocal([TextPatch(position: 0, insert: "abc")], by: Self.author)
        try other.apply(op)
        try other.apply(op)
        #expect(other.text == "abcde")
        let overlapping = TextOperation(author: Self.author, startCounter: 4, insertions: [
            .init(originLeft: nil, originRight: nil, content: "xyz"),
        ], deletions: [])
        #expect(throws: TextError.partiallyApplied(agent: Self.author, counter: 4)) { try other.apply(overlapping) }
    }

    // MARK: - Named limits, both sides

    @Test func agentsPerOperationLimit() throws {
        func op(agents: Int) -> [UInt8] {
            let deletions = (1 ..< agents).map { k in
                TextOperation.Deletion(start: TextItemID(agent: TextAgent([UInt8(k >> 8), UInt8(k & 255), 7]), counter: 0), count: 1)
            }
            return TextOperation(author: Self.author, startCounter: 0, insertions: [], deletions: deletions).encoded()
        }
        #expect(try TextOperation(decoding: op(agents: TextLimits.maxAgentsPerOperation)).deletions.count
            == TextLimits.maxAgentsPerOperation - 1)
        #expect(throws: TextError.limitExceeded(limit: "maxAgentsPerOperation", maximum: TextLimits.maxAgentsPerOperation, actual: TextLimits.maxAgentsPerOperation + 1)) {
            try TextOperation(decoding: op(agents: TextLimits.maxAgentsPerOperation + 1))
        }
    }

    @Test func contentBytesPerOperationLimit() throws {
        func op(bytes: Int) -> TextOperation {
            TextOperation(author: Self.author, startCounter: 0, insertions: [
                .init(originLeft: nil, originRight: nil, content: String(repeating: "a", count: bytes)),
            ], deletions: [])
        }
        let max = TextLimits.maxContentBytesPerOperation
        #expect(try TextOperation(decoding: op(bytes: max).encoded()).insertedScalarCount == max)
        #expect(throws: TextError.limitExceeded(limit: "maxContentBytesPerOperation", maximum: max, actual: max + 1)) {
            try TextOperation(decoding: op(bytes: max + 1).encoded())
        }
        var doc = TextDocument()
        #expect(throws: TextError.self) {
            try doc.applyLocal([TextPatch(position: 0, insert: String(repeating: "é", count: max / 2 + 1))], by: Self.author)
        }
        #expect(doc.scalarCount == 0)
        _ = try doc.applyLocal([TextPatch(position: 0, insert: String(repeating: "é", count: max / 2))], by: Self.author)
        #expect(doc.scalarCount == max / 2)
    }

    @Test func insertsPerOperationLimit() throws {
        func op(count: Int) -> [UInt8] {
            let insertions = (0 ..< count).map { _ in
                TextOperation.Insertion(originLeft: nil, originRight: nil, content: "a")
            }
            return TextOperation(author: Self.author, startCounter: 0, insertions: insertions, deletions: []).encoded()
        }
        let max = TextLimits.maxInsertsPerOperation
        #expect(try TextOperation(decoding: op(count: max)).insertions.count == max)
        #expect(throws: TextError.limitExceeded(limit: "maxInsertsPerOperation", maximum: max, actual: max + 1)) {
            try TextOperation(decoding: op(count: max + 1))
        }
    }

    @Test func deletesPerOperationLimit() throws {
        func op(count: Int) -> [UInt8] {
            let deletions = (0 ..< count).map { k in
                TextOperation.Deletion(start: TextItemID(agent: Self.author, counter: 2 * k), count: 1)
            }
            return TextOperation(author: Self.author, startCounter: 0, insertions: [], deletions: deletions).encoded()
        }
        let max = TextLimits.maxDeletesPerOperation
        #expect(try TextOperation(decoding: op(count: max)).deletions.count == max)
        #expect(throws: TextError.limitExceeded(limit: "maxDeletesPerOperation", maximum: max, actual: max + 1)) {
            try TextOperation(decoding: op(count: max + 1))
        }
    }

    @Test func stateLimits() throws {
        // Agents: a header announcing one agent too many is rejected before reading further.
        var w = ByteWriter()
        w.byte(TextDocument.stateVersion)
        w.varint(TextLimits.maxAgentsPerState + 1)
        #expect(throws: TextError.limitExceeded(limit: "maxAgentsPerState", maximum: TextLimits.maxAgentsPerState,
                                                actual: TextLimits.maxAgentsPerState + 1)) {
            try TextDocument(decodingState: w.bytes)
        }
        // Items: one run too many is rejected; a count at the limit gets past the limit check.
        for (count, isLimit) in [(TextLimits.maxItemsPerState + 1, true), (TextLimits.maxItemsPerState, false)] {
            var s = ByteWriter()
            s.byte(TextDocument.stateVersion)
            s.varint(0)
            s.varint(count)
            do {
                _ = try TextDocument(decodingState: s.bytes)
                Issue.record("accepted a state without runs")
            } catch let error as TextError {
                if case .limitExceeded = error { #expect(isLimit) } else { #expect(!isLimit) }
            }
        }
        // Agents at the limit: a state with maxAgentsPerState agents, one scalar each, decodes.
        var doc = TextDocument()
        for k in 0 ..< 2_000 {
            _ = try doc.applyLocal([TextPatch(position: k, insert: "x")], by: TextAgent([UInt8(k >> 8), UInt8(k & 255)]))
        }
        #expect(try TextDocument(decodingState: doc.encodedState()).scalarCount == 2_000)
        // Content: a declared length beyond maxContentBytesPerState is rejected.
        var c = ByteWriter()
        c.byte(TextDocument.stateVersion)
        c.varint(0)
        c.varint(0)
        c.varint(TextLimits.maxContentBytesPerState + 1)
        #expect(throws: TextError.self) { try TextDocument(decodingState: c.bytes) }
    }
}

extension TextDocument {
    /// `applyLocal` on a copy, for tests that only want the operation.
    func applyLocalCopy(_ patches: [TextPatch], by agent: TextAgent) throws -> TextOperation {
        var copy = self
        return try copy.applyLocal(patches, by: agent)
    }
}

// MARK: - Scalar-exact values

@Suite("Values")
struct ValueTests {
    /// "é" and "e\u{301}" are canonically equivalent Strings but different edits.
    @Test func equalityIsScalarExact() throws {
        #expect(TextPatch(position: 0, insert: "é") != TextPatch(position: 0, insert: "e\u{301}"))
        let a = TextOperation.Insertion(originLeft: nil, originRight: nil, content: "é")
        let b = TextOperation.Insertion(originLeft: nil, originRight: nil, content: "e\u{301}")
        #expect(a != b)
        var doc = TextDocument()
        _ = try doc.applyLocal([TextPatch(position: 0, insert: "e\u{301}é")], by: TraceLoader.agent(1))
        #expect(Array(doc.text.unicodeScalars.map(\.value)) == [0x65, 0x301, 0xE9])
        #expect(doc.scalarCount == 3)
    }

    /// Documents are values: a copy does not see later edits of the original.
    @Test func documentsAreValues() throws {
        var original = TextDocument()
        _ = try original.applyLocal([TextPatch(position: 0, insert: "abc")], by: TraceLoader.agent(1))
        let copy = original
        _ = try original.applyLocal([TextPatch(position: 1, deleteCount: 1, insert: "ü")], by: TraceLoader.agent(1))
        #expect(copy.text == "abc")
        #expect(original.text == "aüc")
    }
}

// MARK: - Released content pages

@Suite("Storage")
struct StorageTests {
    /// Content pages whose scalars are all deleted are released; the document, its remote
    /// replicas and its state stay exact.
    @Test func deletedPagesAreReleasedSafely() throws {
        let a = TraceLoader.agent(1)
        let b = TraceLoader.agent(2)
        var doc = TextDocument()
        var ops: [TextOperation] = []
        let big = String(repeating: "é🇫🇷a", count: 4_000)  // 16,000 scalars: several pages
        ops.append(try doc.applyLocal([TextPatch(position: 0, insert: big)], by: a))
        ops.append(try doc.applyLocal([TextPatch(position: 10, deleteCount: 15_000)], by: a))
        #expect(doc.contents[0].pages.contains { $0.isEmpty }, "a fully deleted page was released")
        ops.append(try doc.applyLocal([TextPatch(position: 10, insert: "«milieu»")], by: b))
        var replica = TextDocument()
        for op in ops { try replica.apply(TextOperation(decoding: op.encoded())) }
        #expect(replica.text == doc.text)
        #expect(replica.contents[0].pages.contains { $0.isEmpty })
        let loaded = try TextDocument(decodingState: doc.encodedState())
        #expect(loaded.text == doc.text)
        #expect(loaded.contents[0].pages.contains { $0.isEmpty })
        #expect(loaded.authorship().map(\.text).joined() == doc.text)
        #expect(doc.scalarCount == 16_000 - 15_000 + 8)
    }
}

// MARK: - Scalar limit of a state

extension StorageTests {
    /// A tiny state cannot claim more than maxScalarsPerState (deleted) scalars.
    @Test func scalarsPerStateLimit() throws {
        func state(length: Int) -> [UInt8] {
            var w = ByteWriter()
            w.byte(TextDocument.stateVersion)
            w.varint(1)
            w.byte(1)
            w.byte(0x61)
            w.varint(1)  // one run
            w.byte(0x21)  // deleted, agent present, no origins
            w.varint(0)  // agent 0
            w.signed(0)  // counter 0
            w.varint(length)
            w.varint(0)  // no visible content
            return w.bytes
        }
        let max = TextLimits.maxScalarsPerState
        #expect(throws: TextError.limitExceeded(limit: "maxScalarsPerState", maximum: max, actual: max + 1)) {
            try TextDocument(decodingState: state(length: max + 1))
        }
        let atLimit = try TextDocument(decodingState: state(length: max))
        #expect(atLimit.scalarCount == 0)
        #expect(atLimit.nextCounter(of: TextAgent([0x61])) == max)
        var doc = atLimit
        #expect(throws: TextError.self) { try doc.applyLocal([TextPatch(position: 0, insert: "x")], by: TextAgent([0x62])) }
    }
}

// MARK: - Hostile but well-formed operations

extension EncodingTests {
    /// Operations with arbitrary (inconsistent) origins among existing items — right origin
    /// before the left one, origins inside runs, deletions of deleted items — are applied in
    /// random orders without crashing, and every replica stays internally consistent.
    @Test(arguments: Array(UInt64(500) ... 540))
    func arbitraryOriginsNeverCrash(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let agents = (0 ..< 3).map { TraceLoader.agent(UInt8(0x60 + $0)) }
        var known: [TextItemID] = []
        var next = [Int](repeating: 0, count: agents.count)
        var ops: [TextOperation] = []
        for _ in 0 ..< 60 {
            let k = Int.random(in: 0 ..< agents.count, using: &g)
            var insertions: [TextOperation.Insertion] = []
            var deletions: [TextOperation.Deletion] = []
            let start = next[k]
            for _ in 0 ..< Int.random(in: 0 ... 2, using: &g) {
                let left = known.isEmpty || Bool.random(using: &g) ? nil : known.randomElement(using: &g)
                let right = known.isEmpty || Bool.random(using: &g) ? nil : known.randomElement(using: &g)
                let content = RandomText.string(&g, maxPieces: 3)
                insertions.append(.init(originLeft: left, originRight: right, content: content))
            }
            if !known.isEmpty, Bool.random(using: &g) {
                let id = known.randomElement(using: &g)!
                deletions.append(.init(start: id, count: 1))
            }
            let op = TextOperation(author: agents[k], startCounter: start, insertions: insertions, deletions: deletions)
            for ins in insertions {
                for _ in 0 ..< ins.scalarCount {
                    known.append(TextItemID(agent: agents[k], counter: next[k]))
                    next[k] += 1
                }
            }
            ops.append(try TextOperation(decoding: op.encoded()))
        }
        // Causal order here is simply the creation order (each op only refers to earlier ones).
        var a = TextDocument()
        for op in ops { try a.apply(op) }
        var b = TextDocument()
        for op in ops { try b.apply(op) }
        #expect(a.text == b.text, "seed \(seed): same order, same result")
        let loaded = try TextDocument(decodingState: a.encodedState())
        #expect(loaded.text == a.text, "seed \(seed)")
        #expect(a.authorship().map(\.text).joined() == a.text, "seed \(seed)")
        #expect(a.scalarCount == a.text.unicodeScalars.count, "seed \(seed)")
    }
}

extension EncodingTests {
    /// Hand-built operations with absurd numbers throw instead of overflowing.
    @Test func absurdNumbersThrow() throws {
        var doc = TextDocument()
        _ = try doc.applyLocal([TextPatch(position: 0, insert: "abc")], by: Self.author)
        let huge = TextOperation(author: Self.author, startCounter: Int.max, insertions: [
            .init(originLeft: nil, originRight: nil, content: "x"),
        ], deletions: [])
        #expect(throws: TextError.self) { try doc.apply(huge) }
        let negative = TextOperation(author: Self.author, startCounter: -5, insertions: [], deletions: [])
        #expect(throws: TextError.self) { try doc.apply(negative) }
        let farDeletion = TextOperation(author: Self.author, startCounter: 3, insertions: [], deletions: [
            .init(start: TextItemID(agent: Self.author, counter: Int.max), count: Int.max),
        ])
        #expect(throws: TextError.self) { try doc.apply(farDeletion) }
        let longDeletion = TextOperation(author: Self.author, startCounter: 3, insertions: [], deletions: [
            .init(start: TextItemID(agent: Self.author, counter: 1), count: Int.max),
        ])
        #expect(throws: TextError.self) { try doc.apply(longDeletion) }
        #expect(doc.text == "abc")
    }
}

extension EncodingTests {
    /// Encoding a hand-built invalid operation never traps, and decoding it fails.
    @Test func invalidValuesEncodeWithoutTrapping() {
        let op = TextOperation(author: Self.author, startCounter: -1, insertions: [
            .init(originLeft: nil, originRight: nil, content: ""),
        ], deletions: [.init(start: TextItemID(agent: Self.author, counter: -3), count: -2)])
        let bytes = op.encoded()
        #expect(throws: TextError.self) { try TextOperation(decoding: bytes) }
    }
}
