import EntenteCore
import EntenteWire
import Testing

/// A session that fails before the handshake completes (SYNC.md §3).
@Suite struct SyncHandshakeFailureTests {
    static let collective = SyncTestPeer.collective(foundedBy: 1)

    static func founder() throws -> (SyncTestPeer, [SignedChange]) {
        var alice = try SyncTestPeer(collective: collective, psk: [UInt8](repeating: 1, count: 32), seed: 1)
        try alice.admit("Alice", author: alice.identity.author, noise: alice.noisePublic)
        for index in 0..<3 {
            try alice.commit("c\(index)") { change in _ = change.create(RecordKind.commitment) }
        }
        return (alice, alice.storage.appliedOrder)
    }

    @Test func emptyFrameBeforeTheHandshakeFailsTheSession() throws {
        let (alice, _) = try Self.founder()
        var session = try SyncSession(role: .responder, configuration: alice.configuration())
        let events = session.receive([0x00, 0x00])
        guard case .failed(let error)? = events.last else { Issue.record("\(events)"); return }
        #expect(error.kind == .channel)
        #expect(session.isClosed)
    }

    @Test func nonEmptyMessageOnePayloadIsRefused() throws {
        let (alice, _) = try Self.founder()
        var bob = try SyncTestPeer(collective: Self.collective, psk: alice.psk, seed: 2)
        bob.psk = alice.psk
        var handshake = try NoiseHandshake(pattern: .xxpsk3, role: .initiator, prologue: NoiseHandshake.ententePrologue, staticKey: bob.noiseKey, psk: bob.psk)
        let message1 = try NoiseFrameParser.frame(try handshake.writeMessage(payload: [0x01]))
        var session = try SyncSession(role: .responder, configuration: alice.configuration())
        guard case .failed(let error)? = session.receive(message1).last else { Issue.record("no failure"); return }
        #expect(error.kind == .protocolViolation)
    }
}
