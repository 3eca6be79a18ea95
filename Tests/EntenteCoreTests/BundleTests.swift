@testable import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// The golden bundle of `Protocol/vectors/bundle.json` (`Protocol/CHANGES.md` §7).
struct BundleVector: Codable, Equatable {
    var description: String
    var secret: String
    var collective: String
    var nonce: String
    var info: String
    var key: String
    var header: String
    var body: String
    var sealed: String
    /// The same bundle padded (§7 "Padding") to 512 bytes, same nonce.
    var padded: String

    static let secret = [UInt8](repeating: 0x5E, count: 32)
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 0xC0, count: 16))
    static let nonce = [UInt8](repeating: 0x07, count: 12)

    /// The first change of `Protocol/vectors/changes.json`.
    static func firstChange() throws -> SignedChange {
        try SignedChange(decoding: try #require(Hex.decode(try GoldenChanges.make().changes[0].signed)))
    }

    /// Builds the vector from its fixed inputs with this implementation.
    static func make() throws -> BundleVector {
        let change = try Self.firstChange()
        let sealed = try ChangeBundle(collective: Self.collective, changes: [change]).sealed(secret: Self.secret, nonce: Self.nonce)
        let padded = try ChangeBundle(collective: Self.collective, changes: [change]).sealed(secret: Self.secret, nonce: Self.nonce, padded: true)
        let key = try ChangeBundle.key(secret: Self.secret, collective: Self.collective).withUnsafeBytes { Array($0) }
        // Written out by hand, as the specification says: u32 count || count × (u32 length || change).
        let length = UInt32(change.encoded.count)
        let body: [UInt8] = [0, 0, 0, 1] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + change.encoded
        return BundleVector(
            description: "one change (vector 1 of changes.json) sealed with secret 32 x 5e, collective id 16 x c0, nonce 12 x 07; "
                + "the bundle layer does not compare the header's collective id with the changes' own (c0c1...cf), the importing replica does",
            secret: Hex.encode(Self.secret), collective: Self.collective.hex, nonce: Hex.encode(Self.nonce),
            info: String(decoding: ChangeBundle.keyInfo, as: UTF8.self), key: Hex.encode(key),
            header: Hex.encode(sealed.prefix(ChangeBundle.headerLength)), body: Hex.encode(body), sealed: Hex.encode(sealed), padded: Hex.encode(padded))
    }

    static func load() throws -> BundleVector {
        let url = GoldenChanges.protocolFile("bundle.json")
        if ProcessInfo.processInfo.environment["ENTENTE_WRITE_VECTORS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(try Self.make()).write(to: url, options: .atomic)
        }
        return try JSONDecoder().decode(BundleVector.self, from: try Data(contentsOf: url))
    }
}

@Suite("Sealed bundles: golden vector, round trips, tampering, truncation and limits")
struct BundleTests {
    let secret = BundleVector.secret
    let collective = GoldenChanges.collective

    /// A signed change whose commitment title is `title`, by the golden author A.
    func change(seq: UInt64 = 1, previous: ChangeID? = nil, title: String = "Secret tender price") throws -> SignedChange {
        let alice = try SigningIdentity(rawSeed: GoldenChanges.seedA)
        let record = RecordID.placeholder(0)
        let change = Change(
            collective: self.collective, author: alice.author, seq: seq, heads: previous.map { [$0] } ?? [],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_000_000 + seq, counter: 0),
            message: "Add a commitment",
            operations: [.create(record: record, kind: "commitment"), .set(record: record, field: "what", value: .string(title))])
        return try SignedChange(signing: change, with: alice)
    }

    func threeChanges() throws -> [SignedChange] {
        let first = try self.change(seq: 1, title: "Secret tender price")
        let second = try self.change(seq: 2, previous: first.id, title: "Call the client")
        let third = try self.change(seq: 3, previous: second.id, title: "Réunion ✓")
        return [first, second, third]
    }

    func sealedBundle() throws -> [UInt8] {
        try ChangeBundle(collective: self.collective, changes: try self.threeChanges()).sealed(secret: self.secret)
    }

    func opens(_ bytes: [UInt8], secret: [UInt8]? = nil) throws -> ChangeBundle {
        try ChangeBundle(opening: bytes, secret: secret ?? self.secret)
    }

    // MARK: - Padding

    @Test func paddedSizesFollowPadmeAboveTheMinimum() {
        #expect(ChangeBundle.paddedSize(1) == 512 && ChangeBundle.paddedSize(512) == 512)
        #expect(ChangeBundle.paddedSize(513) == 544)          // E 9, S 4: multiples of 32
        #expect(ChangeBundle.paddedSize(853) == 864)
        #expect(ChangeBundle.paddedSize(1 << 30) == 1 << 30)
        var previous = 0
        for length in stride(from: 1, through: 5_000_000, by: 997) {
            let padded = ChangeBundle.paddedSize(length)
            #expect(padded >= length && padded >= previous)
            if length > ChangeBundle.minimumPaddedBytes { #expect(Double(padded) <= Double(length) * 1.12, "\(length) -> \(padded)") }
            previous = padded
        }
    }

    @Test func aPaddedBundleOpensAndPaddingThatIsNotZeroIsRefused() throws {
        let changes = try self.threeChanges()
        let padded = try ChangeBundle(collective: self.collective, changes: changes).sealed(secret: self.secret, padded: true)
        let plain = try ChangeBundle(collective: self.collective, changes: changes).sealed(secret: self.secret)
        #expect(padded.count == ChangeBundle.paddedSize(plain.count) && padded.count > plain.count)
        #expect(try self.opens(padded).changes.map(\.id) == changes.map(\.id))
        // A body whose tail after the last change is not all zero bytes is malformed.
        var body = [UInt8]([0, 0, 0, 1]) + [UInt8]([0, 0, 0, UInt8(changes[0].encoded.count)]) + changes[0].encoded
        #expect(changes[0].encoded.count < 256)
        body += [0, 0, 0]
        let zeros = try ChangeBundle.seal(body: body, collective: self.collective, secret: self.secret, nonce: BundleVector.nonce)
        #expect(try self.opens(zeros).changes.count == 1)
        body += [1]
        let trailing = try ChangeBundle.seal(body: body, collective: self.collective, secret: self.secret, nonce: BundleVector.nonce)
        #expect(throws: BundleError.self) { try self.opens(trailing) }
    }

    // MARK: - Golden vector

    @Test func theGoldenBundleMatchesTheVector() throws {
        let file = try BundleVector.load()
        #expect(try BundleVector.make() == file)
    }

    @Test func theGoldenBundleHasTheDocumentedLayoutAndOpens() throws {
        let file = try BundleVector.load()
        let sealed = try #require(Hex.decode(file.sealed))
        let body = try #require(Hex.decode(file.body))
        #expect(Array(sealed[0..<4]) == Array("ENTB".utf8))              // magic
        #expect(sealed[4] == 3)                                          // format version
        #expect(sealed[5..<21].allSatisfy { $0 == 0xC0 })                // collective id
        #expect(sealed[21..<33].allSatisfy { $0 == 0x07 })               // nonce
        #expect(Hex.encode(sealed[0..<33]) == file.header)               // the AAD
        #expect(sealed.count == 33 + body.count + 16)                    // ciphertext as long as the body, then the tag
        #expect(file.info == "entente/1 bundle")
        let bundle = try ChangeBundle(opening: sealed, secret: BundleVector.secret)
        #expect(bundle.collective == BundleVector.collective)
        #expect(bundle.changes == [try BundleVector.firstChange()])
        #expect(try ChangeBundle.decodeBody(body) == bundle.changes)
    }

    // MARK: - Round trips

    @Test func bundlesRoundTrip() throws {
        let changes = try self.threeChanges()
        let bundle = try self.opens(try ChangeBundle(collective: self.collective, changes: changes).sealed(secret: self.secret))
        #expect(bundle.collective == self.collective)
        #expect(bundle.changes == changes)
        let empty = try ChangeBundle(collective: self.collective, changes: []).sealed(secret: self.secret)
        #expect(empty.count == ChangeBundle.minimumBytes + 4)
        #expect(try self.opens(empty).changes.isEmpty)
    }

    @Test func eachSealingUsesAFreshNonce() throws {
        let bundle = ChangeBundle(collective: self.collective, changes: try self.threeChanges())
        let one = try bundle.sealed(secret: self.secret), two = try bundle.sealed(secret: self.secret)
        #expect(try ChangeBundle.Header(of: one).nonce != (try ChangeBundle.Header(of: two).nonce))
        #expect(one[ChangeBundle.headerLength...] != two[ChangeBundle.headerLength...])
    }

    @Test func theHeaderNamesTheCollectiveWithoutTheSecret() throws {
        let header = try ChangeBundle.Header(of: try self.sealedBundle())
        #expect(header.collective == self.collective)
        #expect(header.nonce.count == ChangeBundle.nonceLength)
    }

    @Test func theSealedBytesDoNotContainThePlaintext() throws {
        let changes = try self.threeChanges()
        let sealed = Data(try self.sealedBundle())
        for plaintext in ["Secret tender price", "Call the client", "Réunion ✓", "Add a commitment", "commitment"] {
            #expect(sealed.range(of: Data(plaintext.utf8)) == nil, "\(plaintext) is readable in the bundle")
        }
        #expect(sealed.range(of: Data(changes[0].change.author.bytes)) == nil)  // nor who wrote it
    }

    // MARK: - Refusals

    @Test func anotherSecretIsRefusedAsDamaged() throws {
        let sealed = try self.sealedBundle()
        var other = self.secret
        other[31] ^= 0x01
        #expect(throws: BundleError.damaged) { try self.opens(sealed, secret: other) }
        #expect(BundleError.damaged.description.contains("another collective's secret"))
        #expect(throws: BundleError.invalidSecret(length: 31)) { try self.opens(sealed, secret: Array(self.secret.prefix(31))) }
        #expect(throws: BundleError.invalidSecret(length: 0)) {
            try ChangeBundle(collective: self.collective, changes: []).sealed(secret: [])
        }
    }

    @Test func aFlippedByteAnywhereIsRefused() throws {
        let sealed = try self.sealedBundle()
        let tagStart = sealed.count - ChangeBundle.tagLength
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x20
            let expected: BundleError
            switch index {
            case 0..<4: expected = .notABundle                    // magic
            case 4: expected = .laterFormat(version: 3 ^ 0x20)    // version
            default: expected = .damaged                          // collective id, nonce, ciphertext, tag
            }
            #expect(throws: expected, "byte \(index) of \(sealed.count) (tag at \(tagStart))") { try self.opens(tampered) }
        }
    }

    @Test func truncatedOrExtendedBundlesAreRefused() throws {
        let sealed = try self.sealedBundle()
        for length in 0..<sealed.count {
            let expected: BundleError
            switch length {
            case 0..<4: expected = .notABundle
            case 4..<ChangeBundle.minimumBytes: expected = .truncated(length: length)
            default: expected = .damaged
            }
            #expect(throws: expected, "\(length) of \(sealed.count) bytes") { try self.opens(Array(sealed.prefix(length))) }
        }
        #expect(throws: BundleError.damaged) { try self.opens(sealed + [0]) }
        #expect(BundleError.truncated(length: 20).description.contains("truncated or damaged"))
    }

    @Test func earlierBundlesAreRefusedAsMadeByAnEarlierEntente() throws {
        // Version 1: "ENTB" || 01 || collective || u32 count || count × blob, in plaintext.
        let change = try self.change()
        let length = UInt32(change.encoded.count)
        let v1 = Array("ENTB".utf8) + [1] + self.collective.bytes + [0, 0, 0, 1]
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + change.encoded
        #expect(throws: BundleError.earlierFormat(version: 1)) { try self.opens(v1) }
        #expect(throws: BundleError.earlierFormat(version: 1)) { try ChangeBundle.Header(of: v1) }
        #expect(BundleError.earlierFormat(version: 1).description.contains("made by an earlier Entente"))
        #expect(throws: BundleError.earlierFormat(version: 0)) { try self.opens(Array("ENTB".utf8) + [0]) }
        // Version 2: sealed like version 3, but its changes are of format 2.
        var v2 = try ChangeBundle(collective: self.collective, changes: [change]).sealed(secret: self.secret)
        v2[4] = 2
        #expect(throws: BundleError.earlierFormat(version: 2)) { try self.opens(v2) }
        #expect(BundleError.earlierFormat(version: 2).description.contains("made by an earlier Entente"))
        #expect(throws: BundleError.laterFormat(version: 4)) { try self.opens(Array("ENTB".utf8) + [4]) }
        #expect(throws: BundleError.notABundle) { try self.opens(Array("not a bundle at all".utf8)) }
    }

    // MARK: - Limits

    @Test func theBundleSizeLimitBothSides() throws {
        #expect(ChangeBundle.maximumBytes == 1 << 30)
        try ChangeBundle.checkSize(ChangeBundle.maximumBytes)
        #expect(throws: BundleError.tooLarge(what: "the bundle's size in bytes", limit: ChangeBundle.maximumBytes, actual: ChangeBundle.maximumBytes + 1)) {
            try ChangeBundle.checkSize(ChangeBundle.maximumBytes + 1)
        }
        #expect(throws: BundleError.self) { try ChangeBundle.checkSize(Int.max) }
    }

    /// Seals `body` as is, to check the limits that apply after decryption.
    func sealedBody(_ body: [UInt8]) throws -> [UInt8] {
        try ChangeBundle.seal(body: body, collective: self.collective, secret: self.secret, nonce: BundleVector.nonce)
    }

    func u32(_ value: Int) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    @Test func theChangeCountLimitsHoldInsideTheCiphertext() throws {
        // count <= remaining bytes / 4: with 4 bytes after it a count of 1 passes (and its empty
        // change fails to decode), 2 does not.
        #expect(throws: DecodingError.truncated(what: "signed change", offset: 0)) { try ChangeBundle.decodeBody(self.u32(1) + [0, 0, 0, 0]) }
        #expect(throws: DecodingError.limitExceeded(what: "bundle change count", limit: 1, actual: 2)) {
            try ChangeBundle.decodeBody(self.u32(2) + [0, 0, 0, 0])
        }
        // count <= maximumChanges, with room for that many empty blobs: at the limit the count
        // passes (and the first empty change fails to decode), one over it does not.
        let room = [UInt8](repeating: 0, count: 4 * (ChangeBundle.maximumChanges + 1))
        #expect(throws: DecodingError.truncated(what: "signed change", offset: 0)) {
            try ChangeBundle.decodeBody(self.u32(ChangeBundle.maximumChanges) + room)
        }
        #expect(throws: DecodingError.limitExceeded(what: "bundle change count", limit: ChangeBundle.maximumChanges, actual: ChangeBundle.maximumChanges + 1)) {
            try ChangeBundle.decodeBody(self.u32(ChangeBundle.maximumChanges + 1) + room)
        }
        // The same refusals come out of a sealed bundle, as invalid contents.
        #expect {
            try self.opens(try self.sealedBody(self.u32(3) + [0, 0, 0, 0]))
        } throws: { error in
            guard case BundleError.invalidContents(let reason) = error else { return false }
            return reason.contains("bundle change count is 3 long, over the limit of 1")
        }
    }

    @Test func theChangeSizeLimitHoldsInsideTheCiphertext() throws {
        let limit = ChangeLimits.maximumChangeBytes
        // At the limit the blob is read (and fails to decode as a change); one over it is refused by its length.
        let atLimit = self.u32(1) + self.u32(limit) + [UInt8](repeating: 0, count: limit)
        #expect(throws: DecodingError.badMagic(expected: "an Entente change")) { try ChangeBundle.decodeBody(atLimit) }
        let overLimit = self.u32(1) + self.u32(limit + 1) + [UInt8](repeating: 0, count: limit + 1)
        #expect(throws: DecodingError.limitExceeded(what: "bundled change", limit: limit, actual: limit + 1)) {
            try ChangeBundle.decodeBody(overLimit)
        }
        #expect {
            try self.opens(try self.sealedBody(overLimit))
        } throws: { error in
            guard case BundleError.invalidContents(let reason) = error else { return false }
            return reason.contains("over the limit of \(limit)")
        }
    }

    @Test func trailingBytesAndBadChangesInsideTheCiphertextAreRefused() throws {
        let change = try self.change()
        let good = self.u32(1) + self.u32(change.encoded.count) + change.encoded
        #expect(try self.opens(try self.sealedBody(good)).changes == [change])
        // Zero bytes after the last change are padding; anything else is trailing bytes.
        #expect(try ChangeBundle.decodeBody(good + [0, 0]) == [change])
        #expect(throws: DecodingError.trailingBytes(what: "bundle", count: 2)) { try ChangeBundle.decodeBody(good + [0, 7]) }
        #expect(throws: BundleError.invalidContents(DecodingError.trailingBytes(what: "bundle", count: 1).description)) {
            try self.opens(try self.sealedBody(good + [7]))
        }
        #expect(throws: BundleError.self) { try self.opens(try self.sealedBody([])) }
        #expect(throws: BundleError.self) { try self.opens(try self.sealedBody(self.u32(1) + self.u32(3) + [1, 2, 3])) }
    }

    // MARK: - Fuzz safety

    @Test func randomAndMutatedInputNeverTraps() throws {
        var random = SeededRandom(seed: 0xB0B_D1E)
        let sealed = try self.sealedBundle()
        let change = try self.change()
        let body = self.u32(1) + self.u32(change.encoded.count) + change.encoded
        for _ in 0..<2_000 {
            var bytes = Bool.random(using: &random) ? sealed : body
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: .min ... .max, using: &random)
                case 1: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                default: bytes.insert(UInt8.random(in: .min ... .max, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                }
                if bytes.isEmpty { bytes = [0] }
            }
            // Both the sealed file and, for members who hold the secret, the decrypted body.
            _ = try? self.opens(bytes)
            _ = try? ChangeBundle.decodeBody(bytes)
            _ = try? self.opens(try self.sealedBody(bytes))
        }
        for length in [0, 1, 4, 5, 33, 48, 49, 64, 300] {
            let noise = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            _ = try? self.opens(noise)
            _ = try? self.opens(Array("ENTB".utf8) + [2] + noise)
        }
    }
}
