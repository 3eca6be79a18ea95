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
        #expect(throws: TextError.limitExceeded(limit: "maxAgentsPerOperation", maximum: 1_024, actual: 1_025)) {
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
