import Crypto
import EntenteCore
import EntenteWire
import Testing

/// The identity payloads of handshake messages 2 and 3 (HANDSHAKE.md 4.4) and invite codes.
@Suite struct SyncHandshakePayloadTests {
    static let token = [UInt8](0..<16)

    static func aliceStaticPublic() throws -> [UInt8] {
        Array(try SyncGoldenVectors.aliceStatic().publicKey.rawRepresentation)
    }

    @Test func identityPayloadGoldenBytes() throws {
        let staticKey = try Self.aliceStaticPublic()
        let payload = HandshakePayload.member(identity: SyncMessageTests.alice, collective: SyncGoldenVectors.collective, staticKey: staticKey)
        let bytes = payload.encoded()
        #expect(bytes.count == 97)
        #expect(Hex.encode(staticKey) == SyncGoldenVectors.aliceStaticPublic)
        #expect(bytes[0] == 0x01)  // type: member identity
        #expect(Array(bytes[1..<33]) == SyncMessageTests.alice.author.bytes)  // author key
        #expect(Hex.encode(bytes) == SyncGoldenVectors.identityPayload)
        #expect(try HandshakePayload(decoding: bytes) == payload)
        #expect(payload.isValid(collective: SyncGoldenVectors.collective, staticKey: staticKey))
    }

    @Test func identityIsBoundToStaticKeyAndCollective() throws {
        let staticKey = try Self.aliceStaticPublic()
        let payload = HandshakePayload.member(identity: SyncMessageTests.alice, collective: SyncGoldenVectors.collective, staticKey: staticKey)
        var otherKey = staticKey
        otherKey[0] ^= 1
        #expect(!payload.isValid(collective: SyncGoldenVectors.collective, staticKey: otherKey))
        #expect(!payload.isValid(collective: CollectiveID(unchecked: [UInt8](repeating: 0, count: 16)), staticKey: staticKey))
        // Bob cannot claim Alice's binding as his.
        guard case .member(_, let signature) = payload else { Issue.record("not a member payload"); return }
        #expect(!HandshakePayload.member(author: SyncMessageTests.bob.author, signature: signature).isValid(collective: SyncGoldenVectors.collective, staticKey: staticKey))
    }

    @Test func joinPayloadGoldenBytes() throws {
        let staticKey = try Self.aliceStaticPublic()
        let payload = HandshakePayload.join(identity: SyncMessageTests.bob, collective: SyncGoldenVectors.collective, staticKey: staticKey, token: Self.token, name: "Bob")
        let bytes = payload.encoded()
        #expect(bytes.count == 1 + 16 + 32 + 64 + 1 + 3)
        #expect(bytes[0] == 0x02)  // type: join request
        #expect(Array(bytes[1..<17]) == Self.token)  // the invite token
        #expect(Array(bytes[113...]) == [0x03, 0x42, 0x6f, 0x62])  // uvarint 3, "Bob"
        #expect(Hex.encode(bytes) == SyncGoldenVectors.joinPayload)
        #expect(try HandshakePayload(decoding: bytes) == payload)
        #expect(payload.isValid(collective: SyncGoldenVectors.collective, staticKey: staticKey))
        guard case .join(var request) = payload else { Issue.record("not a join payload"); return }
        request.name = "Mallory"
        #expect(!HandshakePayload.join(request).isValid(collective: SyncGoldenVectors.collective, staticKey: staticKey))
    }

    @Test func joinNameLimitBothSides() throws {
        let staticKey = try Self.aliceStaticPublic()
        func payload(_ name: String) -> [UInt8] {
            HandshakePayload.join(identity: SyncMessageTests.bob, collective: SyncGoldenVectors.collective, staticKey: staticKey, token: Self.token, name: name).encoded()
        }
        #expect(throws: Never.self) { try HandshakePayload(decoding: payload(String(repeating: "n", count: SyncLimits.maximumNameBytes))) }
        #expect(throws: DecodingError.self) { try HandshakePayload(decoding: payload(String(repeating: "n", count: SyncLimits.maximumNameBytes + 1))) }
        #expect(throws: DecodingError.self) { try HandshakePayload(decoding: payload("")) }
    }

    @Test(arguments: [[UInt8](), [0x00], [0x03], [0x01] + [UInt8](repeating: 0, count: 95), [0x01] + [UInt8](repeating: 0, count: 97)])
    func malformedPayloadsThrow(bytes: [UInt8]) {
        #expect(throws: DecodingError.self) { try HandshakePayload(decoding: bytes) }
    }

    // MARK: - Invite codes

    static let invite = InviteCode(
        collective: SyncGoldenVectors.collective, key: [UInt8](repeating: 0x5e, count: 32),
        expires: 1_800_000_000, host: "10.77.0.1", port: 7420)

    @Test func inviteCodeGoldenText() throws {
        #expect(Self.invite.text == SyncGoldenVectors.inviteText)
        #expect(Hex.encode(Self.invite.psk) == SyncGoldenVectors.invitePSK)
        #expect(Hex.encode(Self.invite.token) == SyncGoldenVectors.inviteToken)
        #expect(try InviteCode(text: Self.invite.text) == Self.invite)
        #expect(try InviteCode(text: " " + Self.invite.text.uppercased().replacingOccurrences(of: "ENTENTE1:", with: "entente1:") + "\n") == Self.invite)
    }

    @Test func damagedInviteCodesAreRefused() throws {
        var text = Self.invite.text
        let last = text.removeLast()
        #expect(throws: InviteCodeError.damaged) { try InviteCode(text: text + (last == "a" ? "b" : "a")) }
        #expect(throws: InviteCodeError.notAnInvite) { try InviteCode(text: "hello") }
        #expect(throws: InviteCodeError.damaged) { try InviteCode(text: "entente1:!!") }
    }

    @Test func inviteHostLimitBothSides() throws {
        var invite = Self.invite
        invite.host = String(repeating: "h", count: InviteCode.maximumHostBytes)
        #expect(try InviteCode(text: invite.text) == invite)
        invite.host += "h"
        #expect(throws: InviteCodeError.damaged) { try InviteCode(text: invite.text) }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 31, 32, 100])
    func base32RoundTrips(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(Base32.decode(Base32.encode(bytes)) == bytes)
    }

    @Test func base32MatchesRFC4648() {
        // RFC 4648 section 10, lowercased, without padding.
        #expect(Base32.encode(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(Base32.encode(Array("f".utf8)) == "my")
    }
}
