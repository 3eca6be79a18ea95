import Testing
@testable import EntenteText

// MARK: - Golden vectors (TEXT.md, "Golden vectors"; Protocol/vectors/text-vectors.json)

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

func unhex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = s.makeIterator()
    while let hi = it.next(), let lo = it.next() { out.append(UInt8(String([hi, lo]), radix: 16) ?? 0) }
    return out
}

@Suite("Golden vectors")
struct GoldenVectorTests {
    static let agentA = TextAgent([UInt8](repeating: 0xA1, count: 32))
    static let agentB = TextAgent([UInt8](repeating: 0xB2, count: 32))
    static let a32 = String(repeating: "a1", count: 32)
    static let b32 = String(repeating: "b2", count: 32)

    static let op1Hex = "010120" + a32 + "0001000a436166c3a920f09f918d00"
    static let op2Hex = "010220" + b32 + "20" + a32 + "000203010401060365cc8102010302c2ab01010301"
    static let op3Hex = "010120" + a32 + "0601030003000109f09f87abf09f87b72101000501"
    static let stateHex = "010220" + a32 + "20" + b32
        + "0728010401200000032a010502250000010200010a020305070112c2ab43616665cc8120f09f87abf09f87b721"

    /// A writes "Café 👍"; B (having it) replaces "é" with "e\u{301}" and prepends "«";
    /// concurrently A replaces "👍" with "🇫🇷!". Both merge to "«Café 🇫🇷!".
    @Test func scenarioMatchesVectors() throws {
        var a = TextDocument()
        let op1 = try a.applyLocal([TextPatch(position: 0, insert: "Café 👍")], by: Self.agentA)
        #expect(hex(op1.encoded()) == Self.op1Hex)
        var b = TextDocument()
        try b.apply(TextOperation(decoding: unhex(Self.op1Hex)))
        let op2 = try b.applyLocal([TextPatch(position: 3, deleteCount: 1, insert: "e\u{301}"),
                                    TextPatch(position: 0, insert: "«")], by: Self.agentB)
        #expect(hex(op2.encoded()) == Self.op2Hex)
        let op3 = try a.applyLocal([TextPatch(position: 5, deleteCount: 1, insert: "🇫🇷!")], by: Self.agentA)
        #expect(hex(op3.encoded()) == Self.op3Hex)
        try a.apply(TextOperation(decoding: unhex(Self.op2Hex)))
        try b.apply(TextOperation(decoding: unhex(Self.op3Hex)))
        #expect(a.text == "«Cafe\u{301} 🇫🇷!")
        #expect(a.text.unicodeScalars.elementsEqual(b.text.unicodeScalars))
        #expect(hex(a.encodedState()) == Self.stateHex)
        #expect(hex(b.encodedState()) == Self.stateHex)
        let loaded = try TextDocument(decodingState: unhex(Self.stateHex))
        #expect(loaded.text.unicodeScalars.elementsEqual("«Cafe\u{301} 🇫🇷!".unicodeScalars))
        #expect(loaded.authorship().map(\.agent) == [Self.agentB, Self.agentA, Self.agentB, Self.agentA])
    }

    /// The decoded vectors have the documented fields.
    @Test func decodedFields() throws {
        let op2 = try TextOperation(decoding: unhex(Self.op2Hex))
        #expect(op2.author == Self.agentB)
        #expect(op2.startCounter == 0)
        #expect(op2.insertions.count == 2)
        #expect(op2.insertions[0].originLeft == TextItemID(agent: Self.agentA, counter: 2))
        #expect(op2.insertions[0].originRight == TextItemID(agent: Self.agentA, counter: 3))
        #expect(op2.insertions[0].content.unicodeScalars.elementsEqual("e\u{301}".unicodeScalars))
        #expect(op2.insertions[1].originLeft == nil)
        #expect(op2.insertions[1].originRight == TextItemID(agent: Self.agentA, counter: 0))
        #expect(op2.deletions == [TextOperation.Deletion(start: TextItemID(agent: Self.agentA, counter: 3), count: 1)])
    }
}
