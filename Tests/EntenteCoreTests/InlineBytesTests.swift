import EntenteCore
import EntenteTestSupport
import Testing

/// Ids and keys hold their bytes inline; they must still order, compare and hash as their bytes
/// do (the state hash, forks and canonical encodings sort by bytes: `Protocol/CHANGES.md`).
@Suite("Ids and keys held inline")
struct InlineBytesTests {
    func bytes(_ count: Int, _ random: inout SeededRandom) -> [UInt8] {
        // Few distinct byte values, so that long common prefixes and equal ids come up.
        (0..<count).map { _ in UInt8.random(in: 0...2, using: &random) * 127 }
    }

    @Test func theyOrderAndCompareAsTheirBytes() {
        var random = SeededRandom(seed: 0x1D5)
        for _ in 0..<2_000 {
            let (a, b) = (self.bytes(32, &random), self.bytes(32, &random))
            let (x, y) = (ChangeID(unchecked: a), ChangeID(unchecked: b))
            #expect(x.bytes == a)
            #expect((x < y) == a.lexicographicallyPrecedes(b))
            #expect((x == y) == (a == b))
            if a == b { #expect(x.hashValue == y.hashValue) }
            let (c, d) = (self.bytes(16, &random), self.bytes(16, &random))
            let (r, s) = (RecordID(unchecked: c), RecordID(unchecked: d))
            #expect(r.bytes == c)
            #expect((r < s) == c.lexicographicallyPrecedes(d))
            #expect((r == s) == (c == d))
        }
    }

    @Test func onlyTheirExactLengthIsAccepted() {
        #expect(AuthorKey(validating: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(AuthorKey(validating: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(AuthorKey(validating: [UInt8](repeating: 1, count: 32))?.bytes == [UInt8](repeating: 1, count: 32))
        #expect(CollectiveID(validating: [UInt8](repeating: 2, count: 15)) == nil)
        #expect(CollectiveID(validating: [UInt8](repeating: 2, count: 16))?.hex == String(repeating: "02", count: 16))
        // Unchecked, a short input reads as zero-filled and a long one is cut: never a crash.
        #expect(RecordID(unchecked: [7]).bytes == [7] + [UInt8](repeating: 0, count: 15))
        #expect(RecordID(unchecked: [UInt8](repeating: 3, count: 40)).bytes == [UInt8](repeating: 3, count: 16))
    }
}
