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
        let message = try handshake.writeMessage(payload: [0x01])
        let message1 = try NoiseFrameParser.frame(message + Mac1.compute(psk: bob.psk, collective: Self.collective, message: message))
        var session = try SyncSession(role: .responder, configuration: alice.configuration())
        guard case .failed(let error)? = session.receive(message1).last else { Issue.record("no failure"); return }
        #expect(error.kind == .protocolViolation)
    }

    /// HANDSHAKE.md §4.6: a message 1 without its mac1, with one made with another psk, or
    /// cut, is refused before the handshake reads it, silently (nothing is sent back).
    @Test func messageOneWithoutProofIsRefusedSilently() throws {
        let (alice, _) = try Self.founder()
        let bob = try SyncTestPeer(collective: Self.collective, psk: alice.psk, seed: 2)
        var handshake = try NoiseHandshake(pattern: .xxpsk3, role: .initiator, prologue: NoiseHandshake.ententePrologue, staticKey: bob.noiseKey, psk: alice.psk)
        let message = try handshake.writeMessage(payload: [])
        let good = Mac1.compute(psk: alice.psk, collective: Self.collective, message: message)
        let otherPSK = Mac1.compute(psk: [UInt8](repeating: 0x11, count: 32), collective: Self.collective, message: message)
        let otherCollective = Mac1.compute(psk: alice.psk, collective: CollectiveID(unchecked: [UInt8](repeating: 0xc1, count: 16)), message: message)
        for body in [message, message + otherPSK, message + otherCollective, message + Array(good.dropLast()), Array(message.dropFirst()) + good] {
            var session = try SyncSession(role: .responder, configuration: alice.configuration())
            guard case .failed(let error)? = session.receive(try NoiseFrameParser.frame(body)).last else { Issue.record("accepted"); continue }
            #expect(error.kind == .channel && error.detail == SyncError.unproven)
            #expect(session.takeOutput().isEmpty)
        }
        // The genuine one is answered with message 2.
        var session = try SyncSession(role: .responder, configuration: alice.configuration())
        #expect(session.receive(try NoiseFrameParser.frame(message + good)).isEmpty)
        #expect(!session.takeOutput().isEmpty)
        #expect(Mac1.matching(firstFrame: try NoiseFrameParser.frame(message + good), psks: [[UInt8](repeating: 0x77, count: 32), alice.psk], collective: Self.collective) == 1)
        #expect(Mac1.matching(firstFrame: try NoiseFrameParser.frame(message + good) + [0], psks: [alice.psk], collective: Self.collective) == nil)
    }
}
