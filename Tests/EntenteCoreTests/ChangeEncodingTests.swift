import EntenteCore
import EntenteTestSupport
import EntenteText
import Testing

@Suite("Change encoding: round trips, bad input and limits")
struct ChangeEncodingTests {
    let alice = try! SigningIdentity(rawSeed: GoldenChanges.seedA)  // fixed test key, not input
    /// A record made elsewhere (a global reference).
    static let elsewhere = RecordID(unchecked: [UInt8](repeating: 0xee, count: 16))

    func change(
        seq: UInt64 = 1, heads: [ChangeID] = [], message: String = "m", operations: [ChangeOperation]? = nil
    ) -> Change {
        let record = RecordID.placeholder(0)
        return Change(
            collective: GoldenChanges.collective, author: self.alice.author, seq: seq, heads: heads,
            timestamp: HybridTimestamp(wallMillis: 42, counter: 7), message: message,
            operations: operations ?? [.create(record: record, kind: "member"), .set(record: record, field: "name", value: .string("Zoé"))])
    }

    /// Where the operations start in a change with no heads and an empty message.
    static let operationsStart = 4 + 1 + 16 + 32 + 8 + 8 + 4 + 2 + 4 + 4

    @Test func roundTripsEveryValueType() throws {
        let values: [Value] = [.null, .bool(true), .bool(false), .int(.min), .int(.max), .string("é✓🎉"), .bytes([0, 255]),
                               .record(Self.elsewhere), .record(RecordID.placeholder(0))]
        let change = self.change(operations: [.create(record: RecordID.placeholder(0), kind: "x")]
                                 + values.map { .set(record: RecordID.placeholder(0), field: "f", value: $0) })
        let signed = try SignedChange(signing: change, with: self.alice)
        let decoded = try SignedChange(decoding: signed.encoded)
        #expect(decoded == signed)
        #expect(decoded.change.operations.count == values.count + 1)
        // The record the change creates is named by its id everywhere once signed.
        let created = RecordID.derive(change: signed.id, opIndex: 0)
        #expect(decoded.change.operations.last == .set(record: created, field: "f", value: .record(created)))
        #expect(signed.resolve(RecordID.placeholder(0)) == created)
        #expect(signed.resolve(Self.elsewhere) == Self.elsewhere)
    }

    @Test func everyTruncationThrowsAndNeverCrashes() throws {
        let signed = try SignedChange(signing: self.change(heads: [ChangeID(unchecked: [UInt8](repeating: 3, count: 32))]), with: self.alice)
        let bytes = signed.encoded
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { _ = try SignedChange(decoding: Array(bytes.prefix(length))) }
        }
    }

    /// What a log line shows, read from the bytes without the operations: the same as a full
    /// decoding, from the unsigned or the signed bytes; bytes cut before the message end throw.
    @Test func timeAndMessageAreReadWithoutTheOperations() throws {
        let heads = [ChangeID(unchecked: [UInt8](repeating: 3, count: 32)), ChangeID(unchecked: [UInt8](repeating: 4, count: 32))]
        let change = self.change(heads: heads, message: "Pourquoi : l'été")
        let signed = try SignedChange(signing: change, with: self.alice)
        for bytes in [change.encoded(), signed.encoded] {
            let read = try Change.timeAndMessage(of: bytes)
            #expect(read.timestamp == change.timestamp && read.message == change.message)
        }
        let messageEnd = 4 + 1 + 16 + 32 + 8 + 8 + 4 + 2 + 2 * 32 + 4 + change.message.utf8.count
        for length in [0, 4, 60, 70, messageEnd - 1] {
            #expect(throws: (any Error).self) { _ = try Change.timeAndMessage(of: Array(change.encoded().prefix(length))) }
        }
        #expect(try Change.timeAndMessage(of: Array(change.encoded().prefix(messageEnd))).message == change.message)
    }

    @Test func trailingBytesAreRejected() throws {
        let bytes = self.change().encoded() + [0]
        #expect(throws: DecodingError.trailingBytes(what: "change", count: 1)) { _ = try Change(decoding: bytes) }
    }

    @Test func unknownTagsBadMagicAndEarlierFormatsAreRejected() throws {
        var bytes = self.change().encoded()
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: DecodingError.badMagic(expected: "an Entente change")) { _ = try Change(decoding: bytes) }
        for version: UInt8 in [2, 9] {
            var versioned = self.change().encoded()
            versioned[4] = version
            #expect(throws: DecodingError.unsupportedVersion(version)) { _ = try Change(decoding: versioned) }
        }
        #expect(DecodingError.unsupportedVersion(2).description.contains("earlier Entente"))
        // The first operation tag sits right after the u32 operation count.
        var tagged = self.change(message: "").encoded()
        #expect(tagged[Self.operationsStart] == 1)
        tagged[Self.operationsStart] = 77
        #expect(throws: DecodingError.unknownTag(what: "operation", tag: 77)) { _ = try Change(decoding: tagged) }
        // A reference form other than 0 (local) and 1 (global).
        var form = self.change(message: "").encoded()
        let reference = Self.operationsStart + 1 + 2 + 6 + 1  // create "member", then the set's tag
        #expect(form[reference] == 0)
        form[reference] = 2
        #expect(throws: DecodingError.unknownTag(what: "record reference", tag: 2)) { _ = try Change(decoding: form) }
    }

    @Test func aLocalReferenceNamesAnEarlierCreate() throws {
        // Signing refuses an operation naming a record its change creates only later.
        let later = self.change(operations: [
            .set(record: RecordID.placeholder(1), field: "f", value: .null), .create(record: RecordID.placeholder(1), kind: "x"),
        ])
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: later, with: self.alice) }
        let inValue = self.change(operations: [
            .create(record: RecordID.placeholder(0), kind: "x"), .set(record: RecordID.placeholder(0), field: "f", value: .record(RecordID.placeholder(2))),
            .create(record: RecordID.placeholder(2), kind: "y"),
        ])
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: inValue, with: self.alice) }
        // A decoder refuses a local reference to an operation that is not an earlier create.
        var bytes = self.change(message: "").encoded()
        let index = Self.operationsStart + 1 + 2 + 6 + 1 + 1  // the set's local reference: u32 index 0
        #expect(Array(bytes[index..<index + 4]) == [0, 0, 0, 0])
        bytes[index + 3] = 1  // operation 1: the set itself
        #expect(throws: DecodingError.self) { _ = try Change(decoding: bytes) }
    }

    @Test func recordIDsDeriveFromTheChangeID() throws {
        let signed = try SignedChange(signing: self.change(), with: self.alice)
        guard case .create(let record, _) = signed.change.operations[0] else { Issue.record("no create"); return }
        #expect(record == RecordID.derive(change: signed.id, opIndex: 0))
        // The same operations signed at another time (another copy of the device) make another id.
        var other = self.change()
        other.timestamp = HybridTimestamp(wallMillis: 43, counter: 7)
        let copy = try SignedChange(signing: other, with: self.alice)
        #expect(copy.change.operations[0] != signed.change.operations[0])
    }

    @Test func headsMustBeAscendingUniqueAndWithinTheLimit() throws {
        let low = ChangeID(unchecked: [UInt8](repeating: 1, count: 32)), high = ChangeID(unchecked: [UInt8](repeating: 2, count: 32))
        #expect(self.change(heads: [high, low, high]).heads == [low, high])
        var bytes = self.change(heads: [low, high]).encoded()
        // Swap the two 32-byte heads: the same set, not canonical.
        let start = 4 + 1 + 16 + 32 + 8 + 8 + 4 + 2
        let first = Array(bytes[start..<start + 32]), second = Array(bytes[start + 32..<start + 64])
        bytes.replaceSubrange(start..<start + 64, with: second + first)
        #expect(throws: DecodingError.notCanonical(what: "heads")) { _ = try Change(decoding: bytes) }
        let many = (0..<ChangeLimits.maximumHeads).map { index in
            ChangeID(unchecked: [UInt8(index >> 8), UInt8(index & 0xff)] + [UInt8](repeating: 0, count: 30))
        }
        let atLimit = try SignedChange(signing: self.change(heads: many), with: self.alice)
        #expect(try SignedChange(decoding: atLimit.encoded).change.heads.count == ChangeLimits.maximumHeads)
        let over = many + [ChangeID(unchecked: [UInt8](repeating: 0xff, count: 32))]
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(heads: over), with: self.alice) }
        #expect(throws: DecodingError.limitExceeded(what: "heads", limit: ChangeLimits.maximumHeads, actual: ChangeLimits.maximumHeads + 1)) {
            _ = try Change(decoding: self.change(heads: over).encoded())
        }
    }

    @Test func aTextEditIsTheChangesOwn() throws {
        var document = TextDocument()
        let own = try document.applyLocal([TextPatch(position: 0, insert: "Vision")], by: .thisChange)
        _ = try SignedChange(signing: self.change(operations: [.text(record: Self.elsewhere, field: "vision", edit: own)]), with: self.alice)
        var other = TextDocument()
        let foreign = try other.applyLocal([TextPatch(position: 0, insert: "Vision")], by: TextAgent(self.alice.author.bytes))
        #expect(throws: ChangeError.self) {
            _ = try SignedChange(signing: self.change(operations: [.text(record: Self.elsewhere, field: "vision", edit: foreign)]), with: self.alice)
        }
    }

    @Test func fieldNameLimitBothSides() throws {
        let record = Self.elsewhere
        let atLimit = String(repeating: "f", count: ChangeLimits.maximumFieldBytes)
        let over = atLimit + "f"
        let accepted = try SignedChange(signing: self.change(operations: [.set(record: record, field: atLimit, value: .null)]), with: self.alice)
        #expect(try SignedChange(decoding: accepted.encoded) == accepted)
        #expect(throws: ChangeError.self) {
            _ = try SignedChange(signing: self.change(operations: [.set(record: record, field: over, value: .null)]), with: self.alice)
        }
        // A peer that encodes it anyway is refused by the decoder.
        let forged = self.change(operations: [.set(record: record, field: over, value: .null)]).encoded()
        #expect(throws: DecodingError.limitExceeded(what: "field name", limit: ChangeLimits.maximumFieldBytes, actual: ChangeLimits.maximumFieldBytes + 1)) {
            _ = try Change(decoding: forged)
        }
    }

    @Test func messageLimitBothSides() throws {
        let atLimit = String(repeating: "a", count: ChangeLimits.maximumMessageBytes)
        _ = try SignedChange(signing: self.change(message: atLimit), with: self.alice)
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(message: atLimit + "a"), with: self.alice) }
        #expect(throws: DecodingError.self) { _ = try Change(decoding: self.change(message: atLimit + "a").encoded()) }
    }

    @Test func valueLimitBothSides() throws {
        let record = Self.elsewhere
        let atLimit = [UInt8](repeating: 1, count: ChangeLimits.maximumValueBytes)
        _ = try SignedChange(signing: self.change(operations: [.set(record: record, field: "f", value: .bytes(atLimit))]), with: self.alice)
        #expect(throws: ChangeError.self) {
            _ = try SignedChange(signing: self.change(operations: [.set(record: record, field: "f", value: .bytes(atLimit + [1]))]), with: self.alice)
        }
        #expect(throws: DecodingError.self) {
            _ = try Change(decoding: self.change(operations: [.set(record: record, field: "f", value: .bytes(atLimit + [1]))]).encoded())
        }
    }

    @Test func aChangeNeedsAnOperation() throws {
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(operations: []), with: self.alice) }
        #expect(throws: DecodingError.self) { _ = try Change(decoding: self.change(operations: []).encoded()) }
    }

    @Test func hugeClaimedCountsAreRejectedBeforeAllocating() throws {
        var bytes = self.change(message: "").encoded()
        let countOffset = Self.operationsStart - 4
        bytes.replaceSubrange(countOffset..<countOffset + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: DecodingError.limitExceeded(what: "operation count", limit: ChangeLimits.maximumOperations, actual: Int(UInt32.max))) {
            _ = try Change(decoding: bytes)
        }
    }

    @Test func sequenceNumbersStartAtOne() throws {
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(seq: 0), with: self.alice) }
        _ = try SignedChange(signing: self.change(seq: 1), with: self.alice)
    }
}

@Suite("Signatures")
struct SignatureTests {
    @Test func everyFlippedByteBreaksTheSignatureOrTheEncoding() throws {
        let alice = try SigningIdentity(rawSeed: GoldenChanges.seedA)
        let record = RecordID.placeholder(0)
        let change = Change(
            collective: GoldenChanges.collective, author: alice.author, seq: 1, heads: [],
            timestamp: HybridTimestamp(wallMillis: 1, counter: 0), message: "hello",
            operations: [.create(record: record, kind: "member"), .set(record: record, field: "name", value: .string("A"))])
        let signed = try SignedChange(signing: change, with: alice)
        #expect(signed.verifySignature())
        for index in 0..<signed.encoded.count {
            var bytes = signed.encoded
            bytes[index] ^= 0x01
            if let decoded = try? SignedChange(decoding: bytes) {
                #expect(!decoded.verifySignature(), "flipping byte \(index) kept a valid signature")
            }
        }
    }

    @Test func onlyTheAuthorCanSign() throws {
        let alice = SigningIdentity(), mallory = SigningIdentity()
        let change = Change(
            collective: .random(), author: alice.author, seq: 1, heads: [], timestamp: .zero,
            operations: [.create(record: RecordID.placeholder(0), kind: "x")])
        #expect(throws: ChangeError.wrongSigner) { _ = try SignedChange(signing: change, with: mallory) }
    }

    @Test func parallelVerificationFindsTheBadOne() throws {
        var replica = try MemoryReplica.collective(1).replicas[0]
        var changes: [SignedChange] = []
        for index in 0..<200 {
            changes.append(try replica.commit { let id = $0.create("member"); $0.set(id, "n", .int(Int64(index))) })
        }
        #expect(Verification.firstInvalid(changes) == nil)
        var bytes = changes[137].encoded
        bytes[bytes.count - 1] ^= 0x80
        changes[137] = try SignedChange(decoding: bytes)
        #expect(Verification.firstInvalid(changes)?.id == changes[137].id)
    }
}

@Suite("Hybrid logical clock")
struct HybridClockTests {
    @Test func tickIsMonotonicEvenWhenTheWallClockGoesBack() {
        var clock = HybridClock()
        let a = clock.tick(now: 1000)
        let b = clock.tick(now: 900)
        let c = clock.tick(now: 1000)
        #expect(a < b && b < c)
        #expect(b == HybridTimestamp(wallMillis: 1000, counter: 1))
    }

    @Test func observeMovesPastRemoteTimestamps() {
        var clock = HybridClock()
        clock.observe(HybridTimestamp(wallMillis: 5000, counter: 3), now: 1000)
        #expect(clock.last == HybridTimestamp(wallMillis: 5000, counter: 4))
        let next = clock.tick(now: 1000)
        #expect(next > HybridTimestamp(wallMillis: 5000, counter: 3))
        clock.observe(HybridTimestamp(wallMillis: 10, counter: 0), now: 9000)
        #expect(clock.last == HybridTimestamp(wallMillis: 9000, counter: 0))
    }
}
