import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteCore

/// Relay receipts (`Protocol/RELAY.md` §7): the golden vector computed with Python, tampering,
/// foreign signers and the tip limit on both sides.
@Suite struct RelayReceiptTests {
    struct Vector: Decodable {
        struct Tip: Decodable {
            var author: String
            var seq: UInt64
            var head: String
        }
        var seed: String
        var device: String
        var secret: String
        var collective: String
        var nonce: String
        var sequence: UInt64
        var tips: [Tip]
        var sealed: String
    }

    struct File: Decodable {
        var receipt: Vector
    }

    static func vector() throws -> Vector {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: GoldenChanges.protocolFile("relay.json"))).receipt
    }

    func bytes(_ hex: String) throws -> [UInt8] { try #require(Hex.decode(hex)) }

    @Test func theGoldenReceiptIsSealedAndOpenedByteForByte() throws {
        let vector = try Self.vector()
        let identity = try SigningIdentity(rawSeed: try self.bytes(vector.seed))
        #expect(identity.author.hex == vector.device)
        let tips = try vector.tips.map { HistorySummary.Tip(author: try self.bytes($0.author), seq: $0.seq, head: try self.bytes($0.head)) }
        let collective = CollectiveID(unchecked: try self.bytes(vector.collective))
        let receipt = try RelayReceipt(collective: collective, sequence: vector.sequence, holding: HistorySummary(tips), signing: identity)
        let sealed = try receipt.sealed(secret: try self.bytes(vector.secret), nonce: try self.bytes(vector.nonce))
        #expect(Hex.encode(sealed) == vector.sealed)
        let opened = try RelayReceipt(opening: try self.bytes(vector.sealed), secrets: [[UInt8](repeating: 1, count: 32), try self.bytes(vector.secret)])
        #expect(opened == receipt)
        #expect(opened.holding.tips == HistorySummary(tips).tips && opened.device == identity.author)
    }

    @Test func aChangedOrForeignReceiptIsRefused() throws {
        let vector = try Self.vector()
        let sealed = try self.bytes(vector.sealed), secret = try self.bytes(vector.secret)
        var flipped = sealed
        flipped[flipped.count / 2] ^= 1
        #expect(throws: BundleError.damaged) { try RelayReceipt(opening: flipped, secrets: [secret]) }
        #expect(throws: BundleError.damaged) { try RelayReceipt(opening: sealed, secrets: [[UInt8](repeating: 9, count: 32)]) }
        #expect(throws: BundleError.notABundle) { try RelayReceipt(opening: Array("ENTB".utf8) + sealed.dropFirst(4), secrets: [secret]) }
        #expect(throws: BundleError.laterFormat(version: 2)) { try RelayReceipt(opening: Array(sealed.prefix(4)) + [2] + sealed.dropFirst(5), secrets: [secret]) }
        #expect(throws: BundleError.truncated(length: 40)) { try RelayReceipt(opening: Array(sealed.prefix(40)), secrets: [secret]) }
        // Signed by Bob but naming Alice as its device: the signature does not verify.
        let alice = try SigningIdentity(rawSeed: GoldenChanges.seedA), bob = try SigningIdentity(rawSeed: GoldenChanges.seedB)
        var forged = try RelayReceipt(collective: GoldenChanges.collective, sequence: 1, holding: HistorySummary(), signing: bob)
        forged.device = alice.author
        let sealedForged = try forged.sealed(secret: secret)
        #expect(throws: BundleError.self) { try RelayReceipt(opening: sealedForged, secrets: [secret]) }
    }

    @Test(arguments: [RelayReceipt.maximumTips, RelayReceipt.maximumTips + 1])
    func theTipLimitHoldsOnBothSides(_ count: Int) throws {
        let identity = try SigningIdentity(rawSeed: GoldenChanges.seedA)
        let tips = (0..<count).map { index in
            HistorySummary.Tip(author: SigningIdentity.forTesting(index).author.bytes, seq: 1, head: [UInt8](repeating: UInt8(index % 256), count: 32))
        }
        let secret = [UInt8](repeating: 0x5e, count: 32)
        if count <= RelayReceipt.maximumTips {
            let sealed = try RelayReceipt(collective: GoldenChanges.collective, sequence: 9, holding: HistorySummary(tips), signing: identity).sealed(secret: secret)
            #expect(sealed.count == RelayReceipt.maximumBytes && RelayReceipt.maximumBytes == 73_883, "the spec's figure (RELAY.md §5)")
            #expect(try RelayReceipt(opening: sealed, secrets: [secret]).holding.tips.count == count)
        } else {
            #expect(throws: BundleError.self) {
                try RelayReceipt(collective: GoldenChanges.collective, sequence: 9, holding: HistorySummary(tips), signing: identity)
            }
        }
    }
}

extension SigningIdentity {
    /// A distinct key for each `index`, from a seed that spells it.
    static func forTesting(_ index: Int) -> SigningIdentity {
        var seed = [UInt8](repeating: 7, count: 32)
        seed[0] = UInt8(index & 0xff)
        seed[1] = UInt8((index >> 8) & 0xff)
        return (try? SigningIdentity(rawSeed: seed)) ?? SigningIdentity()
    }
}
