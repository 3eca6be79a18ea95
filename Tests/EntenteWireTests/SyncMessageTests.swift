import EntenteCore
import EntenteWire
import Testing

/// The sync messages of `Protocol/SYNC.md`: golden bytes, every split, and bad input.
@Suite struct SyncMessageTests {
    static let alice = try! SigningIdentity(rawSeed: [UInt8](repeating: 0x01, count: 32))  // test fixture, constant seed
    static let bob = try! SigningIdentity(rawSeed: [UInt8](repeating: 0x02, count: 32))  // test fixture, constant seed

    static func hex(_ text: String) -> [UInt8] { Hex.decode(text.filter { !$0.isWhitespace }) ?? [] }

    @Test func summaryGoldenBytes() throws {
        let aliceHead = ChangeID(unchecked: [UInt8](repeating: 0xaa, count: 32))
        let bobHead = ChangeID(unchecked: [UInt8](repeating: 0xbb, count: 32))
        let summary = HistorySummary([
            HistorySummary.Tip(author: Self.alice.author.bytes, seq: 3, head: aliceHead.bytes),
            HistorySummary.Tip(author: Self.bob.author.bytes, seq: 300, head: bobHead.bytes),
        ]).prefixed(author: SyncLimits.summaryAuthorBytes, head: SyncLimits.summaryHeadBytes)
        let expected: [UInt8] = [
            0x08,  // type: summary
            0x02,  // uvarint: 2 tips
            0x81, 0x39, 0x77, 0x0e, 0xa8, 0x7d, 0x17, 0x5f,  // Bob's key prefix (sorts first)
            0xac, 0x02,  // uvarint seq 300
        ] + [UInt8](repeating: 0xbb, count: 16) + [  // the first 16 bytes of Bob's change #300
            0x8a, 0x88, 0xe3, 0xdd, 0x74, 0x09, 0xf1, 0x95,  // Alice's key prefix
            0x03,  // uvarint seq 3
        ] + [UInt8](repeating: 0xaa, count: 16)  // the first 16 bytes of Alice's change #3
        #expect(SyncMessage.summary(summary).encoded() == expected)
        #expect(try SyncMessage(decoding: expected) == .summary(summary))
        #expect(Hex.encode(expected) == SyncGoldenVectors.summaryMessage)
        // A head cut short, or one missing, is malformed.
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: Array(expected.dropLast())) }
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: Array(expected.prefix(12))) }
    }

    @Test func aForkedAuthorHasOneTipPerBranchInOrder() throws {
        let tips = [UInt8(0x01), 0x02].map { byte in
            HistorySummary.Tip(author: Array(Self.alice.author.bytes.prefix(8)), seq: 5, head: [UInt8](repeating: byte, count: 16))
        }
        let summary = HistorySummary(tips.reversed())
        #expect(summary.tips == tips)
        let encoded = SyncMessage.summary(summary).encoded()
        #expect(try SyncMessage(decoding: encoded) == .summary(summary))
        // The same tips in the other order, or twice, are not canonical; nor is seq 0.
        var swapped = encoded
        swapped.replaceSubrange(2..<(2 + 25), with: encoded[(2 + 25)...])
        swapped.replaceSubrange((2 + 25)..., with: encoded[2..<(2 + 25)])
        #expect(throws: DecodingError.notCanonical(what: "the summary")) { try SyncMessage(decoding: swapped) }
        var twice = encoded
        twice.replaceSubrange((2 + 25)..., with: encoded[2..<(2 + 25)])
        #expect(throws: DecodingError.notCanonical(what: "the summary")) { try SyncMessage(decoding: twice) }
        var zero = encoded
        zero[2 + 8] = 0
        #expect(throws: DecodingError.notCanonical(what: "the summary")) { try SyncMessage(decoding: zero) }
    }

    /// What Entente sent before change format 3: a version vector, refused in words.
    @Test func anEarlierEntentesVectorIsRefusedInWords() {
        for bytes: [UInt8] in [[0x07, 0x00], [0x01, 0x00], [0x01, 0x01] + [UInt8](repeating: 0, count: 8) + [0x01]] {
            #expect(throws: SyncMessageError.earlierEntente) { try SyncMessage(decoding: bytes) }
        }
        #expect(SyncMessageError.earlierEntente.description.contains("update Entente on both sides"))
    }

    @Test func emptySummaryAckAndCloseGoldenBytes() throws {
        #expect(SyncMessage.summary(HistorySummary()).encoded() == [0x08, 0x00])
        #expect(SyncMessage.ack(count: 300).encoded() == [0x04, 0xac, 0x02])  // type ack, uvarint 300
        #expect(SyncMessage.close(SyncRefusal(.notAMember, "no")).encoded() == [
            0x05,  // type close
            0x01,  // code: not-a-member
            0x02,  // uvarint reason length
            0x6e, 0x6f,  // "no"
        ])
        #expect(SyncMessage.changes([], last: true).encoded() == [0x03, 0x00])  // last batch, no changes
    }

    @Test func welcomeCarriesExactlyTheSecret() throws {
        let secret = [UInt8](repeating: 0x5e, count: 32)
        #expect(SyncMessage.welcome(secret: secret).encoded() == [0x06] + secret)
        #expect(try SyncMessage(decoding: [0x06] + secret) == .welcome(secret: secret))
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: [0x06] + secret.dropLast()) }
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: [0x06] + secret + [0]) }
    }

    @Test func changesGoldenBytes() throws {
        let change = try SyncGoldenVectors.change()
        let encoded = change.encoded
        let message = SyncMessage.changes([encoded, encoded], last: false).encoded()
        var expected: [UInt8] = [0x02, 0x02]  // type changes (more follow), 2 changes
        for _ in 0..<2 { expected += SyncGoldenVectors.varint(encoded.count) + encoded }
        #expect(message == expected)
        #expect(encoded.count == SyncGoldenVectors.signedChange.count / 2)
        #expect(Array(message.prefix(4)) == [0x02, 0x02] + SyncGoldenVectors.varint(encoded.count))  // changes, 2, uvarint length (SYNC.md §10)
        #expect(Hex.encode(encoded) == SyncGoldenVectors.signedChange)
        #expect(try SyncMessage(decoding: message) == .changes([encoded, encoded], last: false))
    }

    @Test(arguments: [0, 1, 127, 128, 300, 16_383, 16_384, Int(UInt32.max)])
    func countsRoundTrip(count: Int) throws {
        let bytes = SyncGoldenVectors.varint(count)
        if count <= SyncLimits.maximumBatchChanges {
            #expect(try SyncMessage(decoding: [0x04] + bytes) == .ack(count: count))
        } else {
            #expect(throws: DecodingError.self) { try SyncMessage(decoding: [0x04] + bytes) }
        }
    }

    // MARK: - Limits, both sides

    @Test func summaryTipLimit() throws {
        func summary(_ count: Int) -> [UInt8] {
            var bytes: [UInt8] = [0x08] + SyncGoldenVectors.varint(count)
            for index in 0..<count {
                bytes += [UInt8(index >> 8), UInt8(index & 0xff)] + [UInt8](repeating: 0, count: 6) + [0x01] + [UInt8](repeating: 0, count: 16)
            }
            return bytes
        }
        let atLimit = try SyncMessage(decoding: summary(SyncLimits.maximumSummaryTips))
        guard case .summary(let decoded) = atLimit else { Issue.record("not a summary"); return }
        #expect(decoded.tips.count == SyncLimits.maximumSummaryTips)
        #expect(throws: DecodingError.limitExceeded(what: "summary tip count", limit: SyncLimits.maximumSummaryTips, actual: SyncLimits.maximumSummaryTips + 1)) {
            try SyncMessage(decoding: [0x08] + SyncGoldenVectors.varint(SyncLimits.maximumSummaryTips + 1))
        }
    }

    @Test func batchCountLimit() throws {
        let atLimit: [UInt8] = [0x02] + SyncGoldenVectors.varint(SyncLimits.maximumBatchChanges) + [UInt8](repeating: 0x01, count: SyncLimits.maximumBatchChanges * 2)
        // Each "change" is one byte long here: only the framing is under test.
        guard case .changes(let changes, false) = try SyncMessage(decoding: atLimit) else { Issue.record("not a batch"); return }
        #expect(changes.count == SyncLimits.maximumBatchChanges)
        #expect(throws: DecodingError.self) {
            try SyncMessage(decoding: [0x02] + SyncGoldenVectors.varint(SyncLimits.maximumBatchChanges + 1))
        }
    }

    @Test func changeLengthLimitIsCheckedBeforeReading() throws {
        let huge: [UInt8] = [0x02, 0x01] + SyncGoldenVectors.varint(SyncLimits.maximumChangeBytes + 1)
        #expect(throws: DecodingError.limitExceeded(what: "signed change length", limit: SyncLimits.maximumChangeBytes, actual: SyncLimits.maximumChangeBytes + 1)) {
            try SyncMessage(decoding: huge)
        }
        let atLimit: [UInt8] = [0x02, 0x01] + SyncGoldenVectors.varint(SyncLimits.maximumChangeBytes)
        #expect(throws: DecodingError.truncated(what: "signed change", offset: atLimit.count)) { try SyncMessage(decoding: atLimit) }
    }

    @Test func reasonLengthLimit() throws {
        let long = String(repeating: "é", count: SyncLimits.maximumReasonBytes)
        let encoded = SyncMessage.close(SyncRefusal(.busy, long)).encoded()
        guard case .close(let refusal) = try SyncMessage(decoding: encoded) else { Issue.record("not a close"); return }
        #expect(refusal.reason.utf8.count == SyncLimits.maximumReasonBytes)
        let over: [UInt8] = [0x05, 0x06] + SyncGoldenVectors.varint(SyncLimits.maximumReasonBytes + 1)
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: over) }
    }

    // MARK: - Bad input

    @Test(arguments: [
        [UInt8](),  // no type
        [0x00],  // unknown type
        [0x06],  // unknown type
        [0x08, 0x01],  // summary: tip missing
        [0x04, 0x80],  // truncated uvarint
        [0x04, 0x80, 0x00],  // non-minimal uvarint
        [0x04, 0x01, 0x00],  // trailing byte
        [0x05, 0x01, 0x01, 0xff],  // reason not UTF-8
    ])
    func malformedMessagesThrow(bytes: [UInt8]) {
        #expect(throws: DecodingError.self) { try SyncMessage(decoding: bytes) }
    }
}
