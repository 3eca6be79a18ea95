import EntenteCore
import EntenteTestSupport
import Testing

@Suite("Change encoding: round trips, bad input and limits")
struct ChangeEncodingTests {
    let alice = try! SigningIdentity(rawSeed: GoldenChanges.seedA)  // fixed test key, not input

    func change(
        seq: UInt64 = 1, previous: ChangeID = .none, message: String = "m",
        operations: [ChangeOperation]? = nil, context: VersionVector = VersionVector()
    ) -> Change {
        let record = RecordID.derive(author: self.alice.author, seq: seq, opIndex: 0)
        return Change(
            collective: GoldenChanges.collective, author: self.alice.author, seq: seq, previous: previous,
            timestamp: HybridTimestamp(wallMillis: 42, counter: 7), context: context, message: message,
            operations: operations ?? [.create(record: record, kind: "member"), .set(record: record, field: "name", value: .string("Zoé"))])
    }

    @Test func roundTripsEveryValueType() throws {
        let record = RecordID.derive(author: self.alice.author, seq: 1, opIndex: 0)
        let values: [Value] = [.null, .bool(true), .bool(false), .int(.min), .int(.max), .string("é✓🎉"), .bytes([0, 255]), .record(record)]
        let change = self.change(operations: values.map { .set(record: record, field: "f", value: $0) })
        let signed = try SignedChange(signing: change, with: self.alice)
        let decoded = try SignedChange(decoding: signed.encoded)
        #expect(decoded == signed)
        #expect(decoded.change.operations.count == values.count)
    }

    @Test func everyTruncationThrowsAndNeverCrashes() throws {
        let signed = try SignedChange(signing: self.change(), with: self.alice)
        let bytes = signed.encoded
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { _ = try SignedChange(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func trailingBytesAreRejected() throws {
        let bytes = self.change().encoded() + [0]
        #expect(throws: DecodingError.trailingBytes(what: "change", count: 1)) { _ = try Change(decoding: bytes) }
    }

    @Test func unknownTagsAndBadMagicAreRejected() throws {
        var bytes = self.change().encoded()
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: DecodingError.badMagic(expected: "an Entente change")) { _ = try Change(decoding: bytes) }
        var versioned = self.change().encoded()
        versioned[4] = 9
        #expect(throws: DecodingError.unsupportedVersion(9)) { _ = try Change(decoding: versioned) }
        // The first operation tag sits right after the u32 operation count.
        let change = self.change(message: "")
        var tagged = change.encoded()
        let opStart = 4 + 1 + 16 + 32 + 8 + 32 + 8 + 4 + 2 + 4 + 4
        #expect(tagged[opStart] == 1)
        tagged[opStart] = 77
        #expect(throws: DecodingError.unknownTag(what: "operation", tag: 77)) { _ = try Change(decoding: tagged) }
    }

    @Test func fieldNameLimitBothSides() throws {
        let record = RecordID.derive(author: self.alice.author, seq: 1, opIndex: 0)
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
        let record = RecordID.derive(author: self.alice.author, seq: 1, opIndex: 0)
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
        let countOffset = 4 + 1 + 16 + 32 + 8 + 32 + 8 + 4 + 2 + 4
        bytes.replaceSubrange(countOffset..<countOffset + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: DecodingError.limitExceeded(what: "operation count", limit: ChangeLimits.maximumOperations, actual: Int(UInt32.max))) {
            _ = try Change(decoding: bytes)
        }
    }

    @Test func contextMustBeSortedAndMustNotNameTheAuthor() throws {
        let bob = try SigningIdentity(rawSeed: GoldenChanges.seedB).author
        let carol = SigningIdentity().author
        let (low, high) = bob < carol ? (bob, carol) : (carol, bob)
        var bytes = self.change(context: VersionVector([low: 1, high: 2])).encoded()
        // Swap the two 40-byte context entries: same content, not canonical.
        let start = 4 + 1 + 16 + 32 + 8 + 32 + 8 + 4 + 2
        let first = Array(bytes[start..<start + 40]), second = Array(bytes[start + 40..<start + 80])
        bytes.replaceSubrange(start..<start + 80, with: second + first)
        #expect(throws: DecodingError.notCanonical(what: "causal context")) { _ = try Change(decoding: bytes) }
        // Even if a caller puts the author in the context, the encoding leaves it out.
        let selfContext = self.change(context: VersionVector([self.alice.author: 5]))
        #expect(selfContext.context.count == 0)
    }

    @Test func recordIDsMustBeDerivedFromTheChange() throws {
        let wrong = RecordID.derive(author: self.alice.author, seq: 99, opIndex: 0)
        #expect(throws: ChangeError.self) {
            _ = try SignedChange(signing: self.change(operations: [.create(record: wrong, kind: "member")]), with: self.alice)
        }
    }

    @Test func chainRulesAreChecked() throws {
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(seq: 2, previous: .none), with: self.alice) }
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(seq: 1, previous: ChangeID(unchecked: Array(repeating: 1, count: 32))), with: self.alice) }
        #expect(throws: ChangeError.self) { _ = try SignedChange(signing: self.change(seq: 0), with: self.alice) }
    }
}

@Suite("Signatures")
struct SignatureTests {
    @Test func everyFlippedByteBreaksTheSignatureOrTheEncoding() throws {
        let alice = try SigningIdentity(rawSeed: GoldenChanges.seedA)
        let record = RecordID.derive(author: alice.author, seq: 1, opIndex: 0)
        let change = Change(
            collective: GoldenChanges.collective, author: alice.author, seq: 1, previous: .none,
            timestamp: HybridTimestamp(wallMillis: 1, counter: 0), context: VersionVector(), message: "hello",
            operations: [.create(record: record, kind: "member")])
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
            collective: .random(), author: alice.author, seq: 1, previous: .none, timestamp: .zero,
            context: VersionVector(), operations: [.create(record: RecordID.derive(author: alice.author, seq: 1, opIndex: 0), kind: "x")])
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
