import Crypto
import EntenteCore
import EntenteWire
import Testing

/// The sync session state machine, driven in memory (no sockets).
@Suite struct SyncSessionTests {
    static let collective = SyncTestPeer.collective(foundedBy: 1)
    static let secret = [UInt8](repeating: 0x5e, count: 32)

    /// Alice founds; Bob is admitted by Alice; both replicas hold the admission.
    static func pair() throws -> (SyncTestPeer, SyncTestPeer) {
        var alice = try SyncTestPeer(collective: collective, psk: secret, seed: 1)
        var bob = try SyncTestPeer(collective: collective, psk: secret, seed: 2)
        try alice.admit("Alice", author: alice.identity.author, noise: alice.noisePublic)
        try alice.admit("Bob", author: bob.identity.author, noise: bob.noisePublic)
        _ = try Merge.receive(alice.storage.appliedOrder, into: &bob.storage, now: 1)
        return (alice, bob)
    }

    static func addCommitments(_ peer: inout SyncTestPeer, count: Int, prefix: String) throws {
        for index in 0..<count {
            try peer.commit("commitment \(index)") { change in
                let record = change.create(RecordKind.commitment)
                change.set(record, "title", .string("\(prefix) \(index): deliver the mockups"))
            }
        }
    }

    @Test(arguments: [0, 1, 2, 7, 100, 4096])
    func deltaSyncConvergesWhateverTheChunking(chunk: Int) throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 5, prefix: "A")
        try Self.addCommitments(&bob, count: 3, prefix: "B")
        let run = try SyncHarness.run(&alice, &bob, chunk: chunk)
        #expect(run.finished, "initiator \(run.initiatorEvents) responder \(run.responderEvents)")
        #expect(try alice.stateHash() == bob.stateHash())
        #expect(run.initiator.counters.changesSent == 5)
        #expect(run.initiator.counters.changesReceived == 3)
        #expect(run.responder.counters.changesSent == 3)
        #expect(run.initiator.counters.bytesSent == run.responder.counters.bytesReceived)
    }

    @Test func nothingToSendStillFinishes() throws {
        var (alice, bob) = try Self.pair()
        let run = try SyncHarness.run(&alice, &bob)
        #expect(run.finished)
        #expect(run.initiator.counters.changesSent == 0 && run.responder.counters.changesSent == 0)
    }

    @Test func manyBatchesRespectTheWindow() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 3000, prefix: "A")
        // More batches than the window holds: the sender waits for acknowledgements.
        alice.batchChanges = 512
        let run = try SyncHarness.run(&alice, &bob, chunk: 65_537)
        #expect(run.finished)
        #expect(try alice.stateHash() == bob.stateHash())
        #expect(run.initiator.counters.batchesSent == 6)  // 5 × 512 + 440
        // By default a sender fills batches up to what a receiver accepts.
        var (carol, dan) = try Self.pair()
        try Self.addCommitments(&carol, count: 3000, prefix: "C")
        let whole = try SyncHarness.run(&carol, &dan, chunk: 65_537)
        #expect(whole.finished)
        #expect(whole.initiator.counters.batchesSent == 1)
        #expect(SyncLimits.senderBatchChanges == SyncLimits.maximumBatchChanges)
    }

    /// The 1.05x budget: wire bytes over (changes + handshake), for a delta of 1000 changes.
    @Test func wireOverheadStaysUnderFivePercent() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 1000, prefix: "A")
        let run = try SyncHarness.run(&alice, &bob)
        #expect(run.finished)
        let counters = run.initiator.counters
        #expect(counters.overheadRatio < 1.05, "ratio \(counters.overheadRatio): \(counters)")
    }

    /// The ratio for deltas of several sizes (measured by `entente-bench`; bounded here).
    @Test(arguments: [1, 5, 10, 20, 50, 100, 1000])
    func wireOverheadByDeltaSize(count: Int) throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: count, prefix: "A")
        let run = try SyncHarness.run(&alice, &bob)
        let counters = run.initiator.counters
        if count >= 20 { #expect(counters.overheadRatio < 1.05, "ratio \(counters.overheadRatio)") }
    }

    /// SYNC.md §5 step 1: two replicas holding the same changes exchange their summaries and
    /// nothing else: one round trip after the handshake.
    @Test func equalReplicasEndAfterTheSummaries() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 2, prefix: "A")
        _ = try SyncHarness.run(&alice, &bob)
        let run = try SyncHarness.run(&alice, &bob)
        #expect(run.finished, "initiator \(run.initiatorEvents) responder \(run.responderEvents)")
        #expect(run.initiator.counters.batchesSent == 0 && run.responder.counters.batchesSent == 0)
        #expect(!run.initiatorEvents.contains { if case .changesNeeded = $0 { true } else { false } })
        // Handshake, then one summary each way: nothing more.
        let summary = SyncMessage.summary(try alice.storage.summary().prefixed(author: SyncLimits.summaryAuthorBytes, head: SyncLimits.summaryHeadBytes))
        let record = summary.encoded().count + 19  // frame 2, flag 1, tag 16 (SYNC.md §10)
        #expect(run.initiator.counters.bytesSent == run.initiator.counters.handshakeBytesSent + record)
        #expect(run.responder.counters.bytesSent == run.responder.counters.handshakeBytesSent + record)
    }

    /// An Entente from before change format 3 sends a version vector: refused, with the advice
    /// to update both sides.
    @Test func anEarlierEntentesVectorIsRefusedWithTheAdviceToUpdate() throws {
        var (alice, bob) = try Self.pair()
        alice.summaryMessage = [0x07, 0x00]  // an empty version vector with heads
        let run = try SyncHarness.run(&alice, &bob)
        guard case .failed(let error) = run.responderFailure else { Issue.record("\(run.responderEvents)"); return }
        #expect(error.kind == .protocolViolation && error.detail.contains("earlier Entente"))
        guard case .closedByPeer(let refusal) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); return }
        #expect(refusal.reason.contains("update Entente on both sides"))
    }

    // MARK: - Refusals

    @Test func wrongSecretFailsTheHandshake() throws {
        var (alice, bob) = try Self.pair()
        alice.psk = [UInt8](repeating: 0x11, count: 32)
        try Self.addCommitments(&alice, count: 2, prefix: "A")
        let before = try bob.stateHash()
        let run = try SyncHarness.run(&alice, &bob)
        #expect(!run.finished)
        guard case .failed(let error) = run.responderFailure else { Issue.record("\(run.responderEvents)"); return }
        #expect(error.kind == .channel)
        #expect(error.description.contains("proves no collective secret"))
        guard case .failed(let initiatorError) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); return }
        #expect(initiatorError.description.contains("collective secrets may differ"))
        #expect(try bob.stateHash() == before)
    }

    /// A newcomer joining with an invite's psk: admitted, handed the collective secret inside
    /// the session, and given the whole vision.
    @Test func aJoinUsesTheInvitePSKAndReceivesTheSecretInTheSession() throws {
        var (alice, _) = try Self.pair()
        let invite = InviteCode(collective: Self.collective, key: [UInt8](repeating: 0x42, count: 32), expires: 1_900_000_000, host: "h", port: 1)
        alice.invitePSKs = [[UInt8](repeating: 9, count: 32), invite.psk]
        var newcomer = try SyncTestPeer(collective: Self.collective, psk: invite.psk, seed: 3)
        let join = HandshakePayload.join(identity: newcomer.identity, collective: Self.collective, staticKey: newcomer.noisePublic, token: invite.token, name: "Chloé")
        let run = try SyncHarness.run(&newcomer, &alice, initiatorPayload: join)
        #expect(run.initiatorFailure == nil && run.responderFailure == nil)
        #expect(newcomer.receivedWelcome == Self.secret)
        #expect(try newcomer.stateHash() == alice.stateHash())
        #expect(Directory(records: try newcomer.records()).member(for: newcomer.identity.author)?.name == "Chloé")
        // The psk matched is the invite's, named by its index.
        guard case .peerAuthenticated(let hello)? = run.responderEvents.first else { Issue.record("\(run.responderEvents)"); return }
        #expect(hello.invite == 1)
    }

    @Test func aJoinWithoutAnOpenInvitesPSKOpensNothing() throws {
        var (alice, _) = try Self.pair()
        let invite = InviteCode(collective: Self.collective, key: [UInt8](repeating: 0x42, count: 32), expires: 1_900_000_000, host: "h", port: 1)
        var newcomer = try SyncTestPeer(collective: Self.collective, psk: invite.psk, seed: 3)
        let join = HandshakePayload.join(identity: newcomer.identity, collective: Self.collective, staticKey: newcomer.noisePublic, token: invite.token, name: "Eve")
        let before = try alice.stateHash()
        let closed = try SyncHarness.run(&newcomer, &alice, initiatorPayload: join)  // the invite is not open
        #expect(closed.responderFailure != nil && newcomer.receivedWelcome == nil)
        // A join request over the collective secret (an old code) is refused.
        var old = try SyncTestPeer(collective: Self.collective, psk: Self.secret, seed: 4)
        let oldJoin = HandshakePayload.join(identity: old.identity, collective: Self.collective, staticKey: old.noisePublic, token: invite.token, name: "Eve")
        let refused = try SyncHarness.run(&old, &alice, initiatorPayload: oldJoin)
        guard case .closedByPeer(let refusal)? = refused.initiatorFailure else { Issue.record("\(refused.initiatorEvents)"); return }
        #expect(refusal.code == .inviteRefused)
        #expect(old.receivedWelcome == nil)
        #expect(try alice.stateHash() == before)
    }

    @Test func nonMemberKeyIsRefusedWithAReason() throws {
        var (alice, _) = try Self.pair()
        var mallory = try SyncTestPeer(collective: Self.collective, psk: Self.secret, seed: 9)
        mallory.storage = alice.storage  // knows who the members are, but is not one
        let sneaked = try mallory.craft("x") { change in _ = change.create(RecordKind.commitment) }
        _ = try Merge.receive([sneaked], into: &mallory.storage, now: 1)
        let before = try alice.stateHash()
        let run = try SyncHarness.run(&mallory, &alice)
        #expect(run.initiatorFailure == .closedByPeer(SyncRefusal(.notAMember, "not a member")))
        #expect(try alice.stateHash() == before)
    }

    @Test func archivedMemberIsRefused() throws {
        var (alice, bob) = try Self.pair()
        let bobRecord = try #require(Directory(records: try alice.records()).member(for: bob.identity.author))
        let roster = Directory(records: try alice.records()).roster
        let aliceRecord = try #require(Directory(records: try alice.records()).member(for: alice.identity.author))
        try alice.commit("archive Bob") { Admission.propose(.archive, on: bobRecord.id, by: aliceRecord.id, roster: roster, into: &$0) }
        let run = try SyncHarness.run(&bob, &alice)
        #expect(run.initiatorFailure == .closedByPeer(SyncRefusal(.archivedMember, "archived")))
    }

    @Test func responderThatIsNotAMemberIsRefusedByTheInitiator() throws {
        var (alice, _) = try Self.pair()
        var mallory = try SyncTestPeer(collective: Self.collective, psk: Self.secret, seed: 9)
        mallory.storage = alice.storage
        let run = try SyncHarness.run(&alice, &mallory)
        #expect(run.responderFailure == .closedByPeer(SyncRefusal(.notAMember, "not a member")))
    }

    @Test func forgedSignatureIsRefusedAndNothingApplied() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 3, prefix: "A")
        // Flip a bit in the last change's signature as it is handed to the session.
        let before = try bob.stateHash()
        let last = try #require(alice.storage.appliedOrder.last)
        var bytes = last.encoded
        bytes[bytes.count - 1] ^= 0x01
        let bad = try SignedChange(decoding: bytes)
        alice.tamper = { missing in missing.map { $0.id == last.id ? bad : $0 } }
        let run = try SyncHarness.run(&alice, &bob)
        #expect(run.responderFailure.map(Self.refusalCode) == .invalidChange)
        guard case .closedByPeer(let refusal) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); return }
        #expect(refusal.code == .invalidChange)
        #expect(try bob.stateHash() == before)
    }

    /// Two changes of one author at one place (a copied device): both are stored and take
    /// effect, the fork is reported, and the exchange goes on (SYNC.md §6).
    @Test func aForkInTheExchangeTakesEffectAndIsReported() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 2, prefix: "A")
        let last = try #require(alice.storage.appliedOrder.last)
        var change = last.change
        change.message = "the other copy"
        let copy = try SignedChange(signing: change, with: alice.identity)
        alice.tamper = { missing in missing + [copy] }
        let run = try SyncHarness.run(&alice, &bob)
        #expect(run.initiatorFailure == nil && run.responderFailure == nil)
        #expect(bob.storage.appliedOrder.contains { $0.id == copy.id } && bob.storage.appliedOrder.contains { $0.id == last.id })
        #expect(bob.storage.forks == [Fork(author: alice.identity.author, seq: last.seq, changes: [last.id, copy.id])])
    }

    @Test func changeByANonMemberIsRefused() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 1, prefix: "A")  // something to send: equal replicas exchange nothing
        let mallory = try SyncTestPeer(collective: Self.collective, psk: Self.secret, seed: 9)
        let intruding = try mallory.craft("sneak in") { change in _ = change.create(RecordKind.commitment) }
        alice.tamper = { missing in missing + [intruding] }
        let run = try SyncHarness.run(&alice, &bob)
        guard case .closedByPeer(let refusal) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); return }
        #expect(refusal.code == .invalidChange)
        #expect(refusal.reason.contains("no member admitted"))
        #expect(!bob.storage.appliedOrder.contains { $0.id == intruding.id })
    }

    @Test func tamperedCiphertextByteClosesTheSession() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 3, prefix: "A")
        let before = try bob.stateHash()
        // Handshake messages 1 and 3 plus the summary take the first ~400 bytes; flip one after.
        let run = try SyncHarness.run(&alice, &bob, toResponder: { bytes, offset in
            let target = 700
            if offset <= target && target < offset + bytes.count { bytes[target - offset] ^= 0x40 }
        })
        guard case .failed(let error) = run.responderFailure else { Issue.record("\(run.responderEvents)"); return }
        #expect(error.kind == .channel)
        guard case .closedByPeer(let refusal) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); return }
        #expect(refusal.code == .protocolViolation)
        #expect(try bob.stateHash() == before)
    }

    @Test func truncatedStreamKeepsWhatArrivedAndTheNextSyncCompletes() throws {
        var (alice, bob) = try Self.pair()
        try Self.addCommitments(&alice, count: 3000, prefix: "A")
        // Several batches, so that some are stored before the cut.
        alice.batchChanges = 512
        let run = try SyncHarness.run(&alice, &bob, chunk: 4096, cutAfterResponderBytes: 400_000)
        guard case .failed(let error) = run.responderFailure else { Issue.record("\(run.responderEvents)"); return }
        #expect(error.kind == .truncated)
        let applied = bob.storage.appliedOrder.count
        #expect(applied > 2 && applied < 3002)
        let second = try SyncHarness.run(&alice, &bob)
        #expect(second.finished)
        #expect(try alice.stateHash() == bob.stateHash())
        #expect(second.initiator.counters.changesSent == 3002 - applied)
    }

    @Test func oversizedMessageIsRefusedAtTheLimitPlusOne() throws {
        for accepted in [true, false] {
            var (alice, bob) = try Self.pair()
            try Self.addCommitments(&alice, count: 1, prefix: "A")
            let last = try #require(alice.storage.appliedOrder.last)
            let batchLength = SyncMessage.changes([last.encoded], last: true).encoded().count
            let limit = accepted ? batchLength : batchLength - 1
            bob.maximumMessageLength = limit
            let run = try SyncHarness.run(&alice, &bob)
            #expect(run.finished == accepted, "limit \(limit)")
            if !accepted {
                guard case .closedByPeer(let refusal) = run.initiatorFailure else { Issue.record("\(run.initiatorEvents)"); continue }
                #expect(refusal.code == .protocolViolation)
                #expect(refusal.reason.contains("larger than the maximum"))
                // The receiving side says what happened: an authenticated member broke the
                // protocol, not a wrong secret.
                guard case .failed(let error) = run.responderFailure else { Issue.record("\(run.responderEvents)"); continue }
                #expect(error.kind == .protocolViolation, "\(error)")
                #expect(error.detail.contains("over the limits") && !error.detail.contains("secret"), "\(error)")
            }
        }
    }

    static func refusalCode(_ event: SyncEvent) -> SyncRefusal.Code? {
        if case .failed(let error) = event, error.kind == .refusedPeer {
            return error.detail.hasPrefix("invalid-change") ? .invalidChange : nil
        }
        return nil
    }
}
