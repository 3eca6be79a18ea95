import EntenteCore
import EntenteTestSupport
import Testing

/// Strings in changes and stored values are read by decoding, which repairs bad UTF-8, then
/// comparing with the bytes read: a string is accepted exactly when Swift's own validation
/// accepts it, and comes back with the same bytes.
@Suite("UTF-8 in strings read from bytes")
struct UTF8DecodingTests {
    /// Reads `raw` as a `u32`-prefixed string, or nil when refused as not UTF-8.
    func read(_ raw: [UInt8]) throws -> String? {
        var writer = ByteWriter()
        writer.writeBlob(raw)
        var reader = ByteReader(writer.bytes)
        do {
            return try reader.readString("test string", limit: 1 << 16)
        } catch DecodingError.invalidUTF8 {
            return nil
        }
    }

    @Test(arguments: [
        [UInt8](), Array("Zoé ✓ 🎉".utf8), [0x00], [0x7f],
        [0x80], [0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf],  // a lone continuation, a byte never used, overlong forms
        [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],     // a surrogate, past U+10FFFF
        [0xe2, 0x9c], Array("ok".utf8) + [0xf0, 0x9f, 0x8e],  // cut short, at the end
        [0xef, 0xbf, 0xbd],                               // U+FFFD itself, valid
    ])
    func acceptsExactlyWhatSwiftValidates(_ raw: [UInt8]) throws {
        let read = try self.read(raw)
        let validated = String(validating: raw, as: UTF8.self)
        #expect(read == validated)
        if let read { #expect(Array(read.utf8) == raw) }
    }

    @Test func randomBytesAreReadAsSwiftValidatesThem() throws {
        var random = SeededRandom(seed: 0x07F8)
        var accepted = 0, refused = 0
        // Mostly text with a few stray bytes, so that both outcomes come often.
        let pieces: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("✓".utf8), Array("🎉".utf8), [0x80], [0xc3], [0xed, 0xa0], [0xf0, 0x9f], [0xff]]
        for _ in 0..<2_000 {
            let raw = (0..<Int.random(in: 0..<12, using: &random)).flatMap { _ in
                random.chance(0.8) ? pieces[Int.random(in: 0..<4, using: &random)] : pieces[Int.random(in: 4..<pieces.count, using: &random)]
            }
            let read = try self.read(raw)
            #expect(read == String(validating: raw, as: UTF8.self), "\(raw)")
            if read == nil { refused += 1 } else { accepted += 1 }
        }
        #expect(accepted > 100 && refused > 100)
    }
}
