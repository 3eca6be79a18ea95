import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@Suite("Golden vectors of the change encoding (Protocol/vectors/changes.json)")
struct GoldenVectorTests {
    func load() throws -> GoldenChanges.File {
        let url = GoldenChanges.protocolFile("changes.json")
        if ProcessInfo.processInfo.environment["ENTENTE_WRITE_VECTORS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(try GoldenChanges.make()).write(to: url)
        }
        let data = try Data(contentsOf: url)
        return try JSONDecoder().decode(GoldenChanges.File.self, from: data)
    }

    @Test func encodingIDAndSignatureMatchTheVectors() throws {
        let file = try self.load()
        let made = try GoldenChanges.make()
        #expect(made == file)
    }

    @Test func vectorsDecodeAndVerify() throws {
        let file = try self.load()
        #expect(file.changes.count == 5)
        for vector in file.changes {
            let signed = try SignedChange(decoding: try #require(Hex.decode(vector.signed)))
            #expect(signed.verifySignature())
            #expect(signed.id.hex == vector.id)
            #expect(Hex.encode(signed.unsignedBytes) == vector.unsigned)
            // The id is SHA-256 of the unsigned bytes, as the spec says.
            #expect(Hex.encode(SHA256Digest.hash(try #require(Hex.decode(vector.unsigned)))) == vector.id)
            // Re-encoding the decoded change gives the same bytes: the encoding is canonical.
            #expect(signed.change.encoded() == signed.unsignedBytes)
        }
    }

    @Test func theFirstVectorStartsWithTheDocumentedHeader() throws {
        let file = try self.load()
        let bytes = try #require(Hex.decode(file.changes[0].unsigned))
        #expect(Array(bytes[0..<4]) == Array("ENTC".utf8))   // magic
        #expect(bytes[4] == 3)                               // format version
        #expect(Hex.encode(bytes[5..<21]) == file.collective) // collective id
        #expect(Hex.encode(bytes[21..<53]) == file.authorA)  // author key
        #expect(Array(bytes[53..<61]) == [0, 0, 0, 0, 0, 0, 0, 1]) // seq = 1, u64 big-endian
        #expect(Array(bytes[73..<75]) == [0, 0])             // after the clock: no heads
        // Vector 2 names vector 1 as its head.
        let second = try #require(Hex.decode(file.changes[1].unsigned))
        #expect(Array(second[73..<75]) == [0, 1] && Hex.encode(second[75..<107]) == file.changes[0].id)
    }
}
