import EntenteCore
import EntenteWire
import Testing

/// The per-change rules of SYNC.md section 6, without a session.
@Suite struct SyncChangeCheckerTests {
    static let collective = SyncTestPeer.collective(foundedBy: 1)

    static func founder() throws -> (SyncTestPeer, [SignedChange]) {
        var alice = try SyncTestPeer(collective: collective, psk: [UInt8](repeating: 1, count: 32), seed: 1)
        try alice.admit("Alice", author: alice.identity.author, noise: alice.noisePublic)
        for index in 0..<3 {
            try alice.commit("c\(index)") { change in _ = change.create(RecordKind.commitment) }
        }
        return (alice, alice.storage.appliedOrder)
    }

    static func empty() -> SyncChangeChecker {
        SyncChangeChecker(collective: collective, heads: [:], deviceKeys: [])
    }

    @Test func acceptsAFoundingChainInOrder() throws {
        let (_, changes) = try Self.founder()
        var checker = Self.empty()
        for change in changes { try checker.check(change) }
    }

    @Test func refusesAGapInTheChain() throws {
        let (_, changes) = try Self.founder()
        var checker = Self.empty()
        try checker.check(changes[0])
        #expect { try checker.check(changes[2]) } throws: { error in
            (error as? SyncRefusal)?.reason.contains("arrives before #2") == true
        }
    }

    @Test func refusesANonMemberAndASelfAdmission() throws {
        let (_, changes) = try Self.founder()
        var mallory = try SyncTestPeer(collective: Self.collective, psk: [UInt8](repeating: 1, count: 32), seed: 9)
        _ = try Merge.receive(changes, into: &mallory.storage, now: 1)
        let intruding = try mallory.craft("x") { change in _ = change.create(RecordKind.commitment) }
        var checker = Self.empty()
        for change in changes { try checker.check(change) }
        #expect { try checker.check(intruding) } throws: { error in
            (error as? SyncRefusal)?.reason.contains("no member admitted") == true
        }
        // A fresh key's first change that creates its own member and device is no founding:
        // the collective id is not derived from that key.
        var joiner = try SyncTestPeer(collective: Self.collective, psk: [UInt8](repeating: 1, count: 32), seed: 8)
        _ = try Merge.receive(changes, into: &joiner.storage, now: 1)
        let selfAdmission = try joiner.craft { change in
            let collective = change.create(RecordKind.collective)
            change.set(collective, Founding.saltField, .bytes(SyncTestPeer.salt))
            Admission.admit(name: "Joiner", key: joiner.identity.author, noiseKey: joiner.noisePublic, into: &change)
        }
        #expect { try checker.check(selfAdmission) } throws: { error in
            (error as? SyncRefusal)?.reason.contains("no member admitted") == true
        }
    }

    @Test func refusesAChangeBeforeItsCausalContext() throws {
        let (alice, changes) = try Self.founder()
        var bob = try SyncTestPeer(collective: Self.collective, psk: [UInt8](repeating: 1, count: 32), seed: 2)
        _ = try Merge.receive(changes, into: &bob.storage, now: 1)
        let bobs = try bob.craft { change in _ = change.create(RecordKind.commitment) }
        // Bob's first change has seen Alice's four; a receiver that has only two refuses it.
        var checker = SyncChangeChecker(
            collective: Self.collective,
            heads: [alice.identity.author: (2, changes[1].id)],
            deviceKeys: [])
        #expect { try checker.check(bobs) } throws: { error in
            (error as? SyncRefusal)?.reason.contains("causal order") == true
        }
    }

    @Test func refusesAForeignCollective() throws {
        let other = try SyncTestPeer(collective: CollectiveID(unchecked: [UInt8](repeating: 1, count: 16)), psk: [UInt8](repeating: 1, count: 32), seed: 1)
        let foreign = try other.craft { change in _ = change.create(RecordKind.commitment) }
        var checker = Self.empty()
        #expect { try checker.check(foreign) } throws: { error in
            (error as? SyncRefusal)?.reason.contains("another collective") == true
        }
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
