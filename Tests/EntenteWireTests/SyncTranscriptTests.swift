import Crypto
import Foundation
import EntenteCore
import EntenteWire
import Testing

/// A whole session with fixed keys (SYNC.md section 10, "Transcript"): every byte both ways.
@Suite struct SyncTranscriptTests {
    static func key(_ byte: UInt8) throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    /// Alice (initiator) sends her founding change to Bob (responder), who has nothing to send.
    static func transcript() throws -> (toResponder: [UInt8], toInitiator: [UInt8], initiator: SyncSession, responder: SyncSession) {
        let psk = [UInt8](repeating: 0x5e, count: 32)
        let aliceStatic = try key(0x65), bobStatic = try key(0x66)
        let aliceConfiguration = SyncSession.Configuration(
            collective: SyncGoldenVectors.collective, staticKey: aliceStatic, psk: psk,
            payload: .member(identity: SyncMessageTests.alice, collective: SyncGoldenVectors.collective, staticKey: Array(aliceStatic.publicKey.rawRepresentation)))
        let bobConfiguration = SyncSession.Configuration(
            collective: SyncGoldenVectors.collective, staticKey: bobStatic, psk: psk,
            payload: .member(identity: SyncMessageTests.bob, collective: SyncGoldenVectors.collective, staticKey: Array(bobStatic.publicKey.rawRepresentation)))
        var alice = try SyncSession(role: .initiator, configuration: aliceConfiguration, _ephemeral: try key(0x11))
        var bob = try SyncSession(role: .responder, configuration: bobConfiguration, _ephemeral: try key(0x22))
        let change = try SyncGoldenVectors.change()
        var toBob: [UInt8] = [], toAlice: [UInt8] = []

        func answerAlice(_ events: [SyncEvent]) -> [SyncEvent] {
            var more: [SyncEvent] = []
            for event in events {
                switch event {
                case .peerAuthenticated:
                    more += alice.admitPeer(summary: HistorySummary([HistorySummary.Tip(author: change.author.bytes, seq: 1, head: change.id.bytes)]))
                case .changesNeeded: more += alice.provideChanges([change])
                case .changesReceived: more += alice.acknowledge()
                default: break
                }
            }
            return more
        }
        func answerBob(_ events: [SyncEvent]) -> [SyncEvent] {
            var more: [SyncEvent] = []
            for event in events {
                switch event {
                case .peerAuthenticated: more += bob.admitPeer(summary: HistorySummary())
                case .changesNeeded: more += bob.provideChanges([])
                case .changesReceived: more += bob.acknowledge()
                default: break
                }
            }
            return more
        }

        var pendingAlice = alice.start(), pendingBob: [SyncEvent] = []
        for _ in 0..<20 {
            while !pendingAlice.isEmpty { pendingAlice = answerAlice(pendingAlice) }
            while !pendingBob.isEmpty { pendingBob = answerBob(pendingBob) }
            let a = alice.takeOutput(), b = bob.takeOutput()
            toBob += a
            toAlice += b
            if a.isEmpty && b.isEmpty { break }
            pendingBob = bob.receive(a)
            pendingAlice = alice.receive(b)
        }
        return (toBob, toAlice, alice, bob)
    }

    @Test func transcriptIsExact() throws {
        let (toBob, toAlice, alice, bob) = try Self.transcript()
        #expect(alice.isFinished && bob.isFinished)
        let change = try SyncGoldenVectors.change().encoded
        // Each message costs 19 bytes on the wire besides its own (frame 2, flag 1, tag 16).
        // Initiator -> responder: handshake 1 with its mac1 (66), handshake 3 (163), summary of one tip
        // (27 + 19), the last batch of one change (type, count, length, change + 19), ack (21).
        let batch = 2 + SyncGoldenVectors.varint(change.count).count + change.count + 19
        #expect(toBob.count == 66 + 163 + 46 + batch + 21)
        // Responder -> initiator: handshake 2 (195), empty summary (21), ack (21), empty last batch (21).
        #expect(toAlice.count == 195 + 21 + 21 + 21)
        #expect(Hex.encode(Array(toBob.prefix(66))) == SyncGoldenVectors.transcriptMessage1)
        #expect(Hex.encode(SHA256Digest.hash(toBob)) == SyncGoldenVectors.transcriptToResponderSHA256)
        #expect(Hex.encode(SHA256Digest.hash(toAlice)) == SyncGoldenVectors.transcriptToInitiatorSHA256)
        #expect(alice.counters.changeBytesSent == change.count)
        #expect(alice.counters.handshakeBytesSent == 66 + 163 && alice.counters.handshakeBytesReceived == 195)
    }

    /// Protocol/SYNC.md §10 shows the same bytes the tests check, so a peer written from the
    /// text alone reproduces them.
    @Test func theSpecificationShowsTheBytesTheTestsCheck() throws {
        let spec = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/SYNC.md")
        let text = try String(contentsOf: spec, encoding: .utf8).filter { !$0.isWhitespace }
        for golden in [SyncGoldenVectors.transcriptToResponderSHA256, SyncGoldenVectors.transcriptToInitiatorSHA256,
                       SyncGoldenVectors.transcriptMessage1, SyncGoldenVectors.signedChange,
                       SyncGoldenVectors.summaryMessage] {
            #expect(text.contains(golden), "SYNC.md lacks \(golden.prefix(16))…")
        }
    }
}
