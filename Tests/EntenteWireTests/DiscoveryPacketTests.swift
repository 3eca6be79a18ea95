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
    static let announcement = DiscoveryAnnouncement(flags: [.serving, .meeting], port: 7420, author: alice.author, stateHash: stateHash)

    static func hex(_ text: String) -> [UInt8] { Hex.decode(text.filter { !$0.isWhitespace }) ?? [] }

    /// Section 5 of DISCOVERY.md, computed independently with Python's `hmac`.
    static let golden = hex("""
        454e5444 01 03 1cfc 000000006b49d200
        000102030405060708090a0b0c0d0e0f
        ec0f8d229af86cc976831793265e7bf6
        8b9996c7a3a227dc142a59532f39317d
        52f09017f1ead9597471e60e68e536f9
        """)

    static func sealed(_ announcement: DiscoveryAnnouncement = announcement, time: UInt64 = time) -> [UInt8] {
        key.seal(announcement, time: time, nonce: nonce)
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
            0x01,  // version 1
            0x03,  // flags: serving | meeting
            0x1c, 0xfc,  // TCP port 7420
            0x00, 0x00, 0x00, 0x00, 0x6b, 0x49, 0xd2, 0x00,  // time 1800000000 s
        ])
        #expect(Array(bytes[16..<32]) == Self.nonce)  // nonce
        #expect(bytes == Self.golden)
    }

    @Test func openReadsTheFieldsAndChecksTheKeyedTags() throws {
        let packet = try Self.key.open(Self.golden, now: Self.time)
        #expect(packet.flags == [.serving, .meeting])
        #expect(packet.port == 7420)
        #expect(packet.time == Self.time)
        #expect(packet.nonce == Self.nonce)
        #expect(packet.isFrom(Self.alice.author))
        #expect(!packet.isFrom(Self.bob.author))
        #expect(packet.reports(stateHash: Self.stateHash))
        #expect(!packet.reports(stateHash: [UInt8](repeating: 0xac, count: 32)))
    }

    @Test func aFreshNonceMakesEveryAnnouncementLookDifferent() throws {
        let one = Self.key.seal(Self.announcement, time: Self.time, nonce: DiscoveryKey.randomNonce())
        let two = Self.key.seal(Self.announcement, time: Self.time, nonce: DiscoveryKey.randomNonce())
        #expect(Array(one[16...]) != Array(two[16...]))
        #expect(try Self.key.open(one, now: Self.time).isFrom(Self.alice.author))
        #expect(try Self.key.open(two, now: Self.time).isFrom(Self.alice.author))
    }

    @Test func listeningOnlyAnnouncementHasPortZero() throws {
        let listener = DiscoveryAnnouncement(flags: [], port: 0, author: Self.bob.author, stateHash: Self.stateHash)
        let packet = try Self.key.open(Self.sealed(listener), now: Self.time)
        #expect(packet.port == 0 && packet.flags.isEmpty)
        var serving = listener
        serving.flags = .serving
        Self.expectIgnored(.invalidPort, Self.sealed(serving))
    }

    @Test func unknownFlagBitsAreIgnored() throws {
        var bytes = Self.sealed()
        bytes[5] = 0xff
        let resealed = Array(bytes[0..<64]) + Self.tagOver(Array(bytes[0..<64]))
        #expect(try Self.key.open(resealed, now: Self.time).flags == [.serving, .meeting, .concluded, .recording])
    }

    /// The collective tag over the first 64 bytes, as a sender would compute it.
    static func tagOver(_ first64: [UInt8]) -> [UInt8] {
        let message = Array("entente/1 discovery".utf8) + collective.bytes + first64
        return Array(Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))).prefix(16))
    }

    @Test func anotherCollectiveOrAnotherSecretIsForeign() {
        let otherCollective = DiscoveryKey(secret: Self.secret, collective: CollectiveID(unchecked: [UInt8](repeating: 0xc1, count: 16)))
        let otherSecret = DiscoveryKey(secret: [UInt8](repeating: 0x5f, count: 32), collective: Self.collective)
        Self.expectIgnored(.foreign, Self.golden, key: otherCollective)
        Self.expectIgnored(.foreign, Self.golden, key: otherSecret)
    }

    @Test(arguments: Array(0..<80))
    func anyFlippedByteIsRejected(index: Int) {
        var bytes = Self.golden
        bytes[index] ^= 0x01
        let expected: DiscoveryError.Kind = index < 4 ? .notDiscovery : index == 4 ? .unsupportedVersion : .foreign
        Self.expectIgnored(expected, bytes)
    }

    @Test func lengthLimitBothSides() throws {
        #expect(try Self.key.open(Self.golden, now: Self.time).port == 7420)  // exactly 80: accepted
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(79)))  // 79: truncated
        Self.expectIgnored(.oversized, Self.golden + [0])  // 81: oversized
        Self.expectIgnored(.oversized, Self.golden + [UInt8](repeating: 0, count: 1000))
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(4)))  // under the header
        Self.expectIgnored(.truncated, [])
    }

    @Test func headerChecksComeBeforeTheLength() {
        Self.expectIgnored(.truncated, Array(Self.golden.prefix(DiscoveryLimits.headerLength)))  // 5 bytes of v1
        Self.expectIgnored(.notDiscovery, Array("HELLO WORLD".utf8))
        var future = Self.golden
        future[4] = 2
        Self.expectIgnored(.unsupportedVersion, future + [1, 2, 3])  // a longer v2 is not "oversized"
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
        for length in [0, 1, 4, 5, 6, 40, 79, 80, 81, 512] {
            for _ in 0..<50 {
                var bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                if length >= 5 && Bool.random(using: &generator) { bytes.replaceSubrange(0..<5, with: DiscoveryKey.magic + [1]) }
                #expect(throws: DiscoveryError.self) { try Self.key.open(bytes, now: Self.time) }
            }
        }
    }
}
