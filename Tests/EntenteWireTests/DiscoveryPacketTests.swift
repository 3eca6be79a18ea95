import Crypto
import EntenteCore
import EntenteWire
import Testing

/// Discovery announcements (`Protocol/DISCOVERY.md`): golden bytes, the keyed tags, and
/// every bad datagram ignored, on both sides of each limit.
@Suite struct DiscoveryPacketTests {
    static let alice = try! SigningIdentity(rawSeed: [UInt8](repeating: 0x01, count: 32))  // test fixture, constant seed
    static let bob = try! SigningIdentity(rawSeed: [UInt8](repeating: 0x02, count: 32))  // test fixture, constant seed
    static let secret = [UInt8](repeating: 0x5e, count: 32)
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 0xc0, count: 16))
    static let key = DiscoveryKey(secret: secret, collective: collective)
    static let stateHash = [UInt8](repeating: 0xab, count: 32)
    static let nonce = (0..<16).map { UInt8($0) }
    static let time: UInt64 = 1_800_000_000
    static let announcement = DiscoveryAnnouncement(flags: [.serving, .meeting], port: 7420, stateHash: stateHash)

    static func hex(_ text: String) -> [UInt8] { Hex.decode(text.filter { !$0.isWhitespace }) ?? [] }

    /// Section 6 of DISCOVERY.md, computed independently with Python (`hmac`, pyca/cryptography).
    static let golden = hex("""
        454e5444 02 03 1cfc 000000006b49d200
        000102030405060708090a0b0c0d0e0f
        48d1528cfd0c75d95477fd924ced20ee b2520ff4b1a4608b4dce153a0c0974ef
        bce2f30a5a98b7e07d2ccf17333a053e f85b3ab08d03ac7b310d8be4af22b047
        003571ecd57a0bca36bf5cf12375e898 774f8a0a96d3312457b915b7e6dc74fb
        054ef82b30394f930dbc512ccb7ba9f0 2a0ea11ddd3b8de0d535a390d7d41955
        936555cceb40c84ebad31901d0951883
        """)
    /// Alice's presence signature in it (DISCOVERY.md §6).
    static let goldenSignature = hex("""
        6583682424b8197279780b3e23b82fb816f50b46960a387fca9e7a92136f7573
        590bf6acbda217d8c58b64e8e5a62e9bbbb23d69bd5363045f9eaf23a4953e0d
        """)

    static func sealed(_ announcement: DiscoveryAnnouncement = announcement, signer: SigningIdentity = alice, time: UInt64 = time) -> [UInt8] {
        key.seal(announcement, signer: signer, time: time, nonce: nonce)
    }

    /// An announcement sealed with this collective's key around any plaintext (a member
    /// holding the secret can do that): device key ‖ state hash ‖ signature.
    static func sealedAround(header: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        let nonce = Array(header[16..<32])
        let packetKey = HMAC<SHA256>.authenticationCode(for: Array("entente/2 discovery".utf8) + collective.bytes + nonce, using: SymmetricKey(data: secret))
        let box = try ChaChaPoly.seal(plaintext, using: SymmetricKey(data: Array(packetKey)), nonce: try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)),
                                      authenticating: header)
        return header + Array(box.ciphertext) + Array(box.tag)
    }

    static func expectIgnored(_ kind: DiscoveryError.Kind, _ bytes: [UInt8], key: DiscoveryKey = key, now: UInt64 = time,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try key.open(bytes, now: now)
            Issue.record("expected \(kind), the packet was accepted", sourceLocation: sourceLocation)
        } catch let error as DiscoveryError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func goldenBytes() throws {
        let bytes = Self.sealed()
        #expect(bytes.count == DiscoveryLimits.packetLength)
        #expect(Array(bytes[0..<16]) == [
            0x45, 0x4e, 0x54, 0x44,  // magic "ENTD"
            0x02,  // version 2
            0x03,  // flags: serving | meeting
            0x1c, 0xfc,  // TCP port 7420
            0x00, 0x00, 0x00, 0x00, 0x6b, 0x49, 0xd2, 0x00,  // time 1800000000 s
        ])
        #expect(Array(bytes[16..<32]) == Self.nonce)  // nonce
        #expect(bytes == Self.golden)
        #expect(try Self.key.open(bytes, now: Self.time).presence.signature == Self.goldenSignature)
    }

    @Test func openReadsTheFieldsAndTheSignedPresence() throws {
        let packet = try Self.key.open(Self.golden, now: Self.time)
        #expect(packet.flags == [.serving, .meeting])
        #expect(packet.port == 7420)
        #expect(packet.time == Self.time)
        #expect(packet.nonce == Self.nonce)
        #expect(packet.isFrom(Self.alice.author))
        #expect(!packet.isFrom(Self.bob.author))
        #expect(packet.reports(stateHash: Self.stateHash))
        #expect(!packet.reports(stateHash: [UInt8](repeating: 0xac, count: 32)))
        #expect(packet.author == Self.alice.author && packet.stateHash == Self.stateHash)
        #expect(packet.presence.proves(stateHash: Self.stateHash) && packet.presence.inMeeting)
        #expect(!packet.presence.proves(stateHash: [UInt8](repeating: 0xac, count: 32)))
        #expect(packet.presence.encoded.count == PresenceProof.length)
        #expect(PresenceProof.decodeAll(packet.presence.encoded) == [packet.presence])
    }

    /// Issue 20, item 4: a holder of the collective secret announced Carol's key while Carol
    /// ran nothing. It can seal any plaintext, but it cannot sign with Carol's key.
    @Test func aMemberCannotAnnounceAnotherMember() throws {
        let header = Array(Self.golden.prefix(32))
        // Bob's signature under Alice's key: forged.
        let bobSigns = Self.bob.sign(PresenceProof.message(header: header, stateHash: Self.stateHash))
        Self.expectIgnored(.forged, try Self.sealedAround(header: header, plaintext: Self.alice.author.bytes + Self.stateHash + bobSigns))
        // Alice's real signature replayed over another state, or another header: forged too.
        Self.expectIgnored(.forged, try Self.sealedAround(header: header, plaintext: Self.alice.author.bytes + [UInt8](repeating: 0xac, count: 32) + Self.goldenSignature))
        var otherHeader = header
        otherHeader[7] ^= 1  // another port
        Self.expectIgnored(.forged, try Self.sealedAround(header: otherHeader, plaintext: Self.alice.author.bytes + Self.stateHash + Self.goldenSignature))
        // A key that is not a point, and a zero signature.
        Self.expectIgnored(.forged, try Self.sealedAround(header: header, plaintext: [UInt8](repeating: 0xff, count: 32) + Self.stateHash + Self.goldenSignature))
        Self.expectIgnored(.forged, try Self.sealedAround(header: header, plaintext: Self.alice.author.bytes + Self.stateHash + [UInt8](repeating: 0, count: 64)))
        // The genuine one, resealed the same way, opens: the refusals above are the signature's.
        #expect(try Self.key.open(try Self.sealedAround(header: header, plaintext: Self.alice.author.bytes + Self.stateHash + Self.goldenSignature), now: Self.time).author == Self.alice.author)
    }

    @Test func aVersionOneAnnouncementIsFromAnEarlierEntente() {
        var old = Self.golden
        old[4] = 1
        Self.expectIgnored(.unsupportedVersion, Array(old.prefix(80)))
        do {
            _ = try Self.key.open(Array(old.prefix(80)), now: Self.time)
        } catch {
            #expect("\(error)".contains("earlier Entente"))
        }
    }

    @Test func aFreshNonceMakesEveryAnnouncementLookDifferent() throws {
        let one = Self.key.seal(Self.announcement, signer: Self.alice, time: Self.time, nonce: DiscoveryKey.randomNonce())
        let two = Self.key.seal(Self.announcement, signer: Self.alice, time: Self.time, nonce: DiscoveryKey.randomNonce())
        #expect(Array(one[16...]) != Array(two[16...]))
        #expect(try Self.key.open(one, now: Self.time).isFrom(Self.alice.author))
        #expect(try Self.key.open(two, now: Self.time).isFrom(Self.alice.author))
    }

    @Test func listeningOnlyAnnouncementHasPortZero() throws {
        let listener = DiscoveryAnnouncement(flags: [], port: 0, stateHash: Self.stateHash)
        let packet = try Self.key.open(Self.sealed(listener, signer: Self.bob), now: Self.time)
        #expect(packet.port == 0 && packet.flags.isEmpty)
        var serving = listener
        serving.flags = .serving
        Self.expectIgnored(.invalidPort, Self.sealed(serving, signer: Self.bob))
    }

    @Test func unknownFlagBitsAreIgnored() throws {
        var header = Array(Self.golden.prefix(32))
        header[5] = 0xff
        let signature = Self.alice.sign(PresenceProof.message(header: header, stateHash: Self.stateHash))
        let bytes = try Self.sealedAround(header: header, plaintext: Self.alice.author.bytes + Self.stateHash + signature)
        #expect(try Self.key.open(bytes, now: Self.time).flags == [.serving, .meeting, .concluded, .recording])
    }

    @Test func anotherCollectiveOrAnotherSecretIsForeign() {
        let otherCollective = DiscoveryKey(secret: Self.secret, collective: CollectiveID(unchecked: [UInt8](repeating: 0xc1, count: 16)))
        let otherSecret = DiscoveryKey(secret: [UInt8](repeating: 0x5f, count: 32), collective: Self.collective)
        Self.expectIgnored(.foreign, Self.golden, key: otherCollective)
        Self.expectIgnored(.foreign, Self.golden, key: otherSecret)
    }

    @Test(arguments: Array(0..<176))
    func anyFlippedByteIsRejected(index: Int) {
        var bytes = Self.golden
        bytes[index] ^= 0x01
        let expected: DiscoveryError.Kind = index < 4 ? .notDiscovery : index == 4 ? .unsupportedVersion : .foreign
        Self.expectIgnored(expected, bytes)
    }

    @Test func lengthLimitBothSides() throws {
        #expect(try Self.key.open(Self.golden, now: Self.time).port == 7420)  // exactly 176: accepted
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(175)))  // 175: truncated
        Self.expectIgnored(.oversized, Self.golden + [0])  // 177: oversized
        Self.expectIgnored(.oversized, Self.golden + [UInt8](repeating: 0, count: 1000))
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(4)))  // under the header
        Self.expectIgnored(.truncated, [])
    }

    @Test func headerChecksComeBeforeTheLength() {
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(DiscoveryLimits.headerLength)))  // 5 bytes of v2
        Self.expectIgnored(.notDiscovery, Array("HELLO WORLD".utf8))
        var future = Self.golden
        future[4] = 3
        Self.expectIgnored(.unsupportedVersion, future + [1, 2, 3])  // a longer v3 is not "oversized"
    }

    @Test func clockSkewLimitBothSides() throws {
        let skew = DiscoveryLimits.maximumClockSkew
        #expect(skew == 300)
        #expect(try Self.key.open(Self.golden, now: Self.time + skew).time == Self.time)  // 300 s late: accepted
        #expect(try Self.key.open(Self.golden, now: Self.time - skew).time == Self.time)  // 300 s early: accepted
        Self.expectIgnored(.stale, Self.golden, now: Self.time + skew + 1)  // 301 s: a replay
        Self.expectIgnored(.stale, Self.golden, now: Self.time - skew - 1)
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 4, 5, 6, 40, 79, 80, 81, 175, 176, 177, 512] {
            for _ in 0..<50 {
                var bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                if length >= 5 && Bool.random(using: &generator) { bytes.replaceSubrange(0..<5, with: DiscoveryKey.magic + [2]) }
                #expect(throws: DiscoveryError.self) { try Self.key.open(bytes, now: Self.time) }
            }
        }
    }
}
