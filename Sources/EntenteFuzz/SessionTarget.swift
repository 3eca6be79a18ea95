import Crypto
import EntenteCore
import EntenteWire

/// Bytes fed to a responder's `SyncSession`, from three fixed starting points (chosen by the
/// first byte modulo 16: 0, 1, else; the handshake ones cost a Diffie-Hellman or two): a fresh
/// responder (handshake messages as raw bytes), one that has sent handshake message 2 (raw
/// message 3), and one that admitted Alice after a fixed handshake. From the last, the input
/// is a list of steps: raw bytes, application messages sealed with Alice's transport (so they
/// pass authentication and reach the sync state machine), batches of real signed changes,
/// and the driver's answers, in any order, even the wrong ones.
///
/// Oracles: no trap; every byte the responder writes after the handshake decrypts with
/// Alice's transport and decodes as a sync message; a closed session stays closed and silent.
enum SessionTarget {
    struct Base {
        var responder: SyncSession
        var alice: NoiseTransport
        var frames = NoiseFrameParser()
        var records = NoiseRecordReader()
    }

    static let alice = FuzzFixtures.alice
    static let bob = FuzzFixtures.identity(0x02)
    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let aliceStatic = FuzzFixtures.staticKey(0x65)
    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let bobStatic = FuzzFixtures.staticKey(0x66)

    static func responderConfiguration() -> SyncSession.Configuration {
        var configuration = SyncSession.Configuration(
            collective: FuzzFixtures.collective, staticKey: bobStatic, psk: FuzzFixtures.secret,
            payload: .member(identity: bob, collective: FuzzFixtures.collective, staticKey: Array(bobStatic.publicKey.rawRepresentation)))
        configuration.invitePSKs = [[UInt8](repeating: 0x77, count: 32)]
        configuration.maximumMessageLength = 1 << 20
        return configuration
    }

    /// (fresh responder, responder after message 1 with Alice's handshake, admitted session).
    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let bases: (SyncSession, SyncSession, NoiseHandshake, Base) = {
        do {
            let fresh = try SyncSession(role: .responder, configuration: responderConfiguration(), _ephemeral: FuzzFixtures.staticKey(0x12))
            var responder = fresh
            var handshake = try NoiseHandshake(
                _pattern: .xxpsk3, role: .initiator, prologue: NoiseHandshake.ententePrologue, staticKey: aliceStatic,
                psk: FuzzFixtures.secret, _ephemeral: FuzzFixtures.staticKey(0x11))
            let message1 = try handshake.writeMessage(payload: [])
            _ = responder.receive(try NoiseFrameParser.frame(message1 + Mac1.compute(psk: FuzzFixtures.secret, collective: FuzzFixtures.collective, message: message1)))
            var parser = NoiseFrameParser()
            parser.append(responder.takeOutput())
            guard let message2 = try parser.nextFrame() else { fuzzFailure("session", "no handshake message 2") }
            _ = try handshake.readMessage(message2)
            let afterMessage1 = responder
            let handshakeAfter2 = handshake
            let payload = HandshakePayload.member(identity: alice, collective: FuzzFixtures.collective, staticKey: Array(aliceStatic.publicKey.rawRepresentation))
            let events = responder.receive(try NoiseFrameParser.frame(try handshake.writeMessage(payload: payload.encoded())))
            guard case .peerAuthenticated = events.first else { fuzzFailure("session", "Alice was not authenticated: \(events)") }
            _ = responder.admitPeer(summary: HistorySummary([HistorySummary.Tip(author: bob.author.bytes, seq: 1, head: [UInt8](repeating: 0xbb, count: 32))]))
            var base = Base(responder: responder, alice: try handshake.split())
            Self.drain(&base)
            return (fresh, afterMessage1, handshakeAfter2, base)
        } catch {
            fuzzFailure("session", "the fixed handshake failed: \(error)")
        }
    }()

    /// Signed changes a peer could send: Alice's first three, each after the one before.
    static let pool: [SignedChange] = {
        do {
            var changes: [SignedChange] = []
            var previous: [ChangeID] = []
            for seq in UInt64(1)...3 {
                let record = RecordID.placeholder(0)
                let change = Change(
                    collective: FuzzFixtures.collective, author: alice.author, seq: seq, heads: previous,
                    timestamp: HybridTimestamp(wallMillis: 1_700_000_000_000 + seq, counter: 0),
                    message: "", operations: [
                        .create(record: record, kind: seq == 1 ? RecordKind.member : RecordKind.commitment),
                        .set(record: record, field: seq == 1 ? "key" : "title", value: .bytes(alice.author.bytes)),
                    ])
                let signed = try SignedChange(signing: change, with: alice)
                changes.append(signed)
                previous = [signed.id]
            }
            return changes
        } catch {
            fuzzFailure("session", "the pool of changes could not be signed: \(error)")
        }
    }()

    /// Reads what the responder wrote as Alice would: it must all decrypt and decode.
    static func drain(_ base: inout Base) {
        base.frames.append(base.responder.takeOutput())
        while true {
            let frame: [UInt8]?
            do {
                frame = try base.frames.nextFrame()
            } catch {
                fuzzFailure("session", "the responder wrote a bad frame: \(error)")
            }
            guard let frame else { return }
            let message: [UInt8]?
            do {
                message = try base.records.open(frame, with: &base.alice)
            } catch {
                fuzzFailure("session", "the responder wrote a record Alice cannot open: \(error)")
            }
            guard let message else { continue }
            fuzzCheck((try? SyncMessage(decoding: message)) != nil, "session", "the responder wrote a malformed sync message")
        }
    }

    static func run(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        var input = FuzzInput(Array(data.dropFirst()))
        let (fresh, afterMessage1, handshake, admitted) = Self.bases
        switch mode % 16 {
        case 0:
            // The handshake as raw bytes: message 1, then whatever follows.
            var session = fresh
            while !input.isAtEnd, !session.isClosed { _ = session.receive(input.chunk()) }
        case 1:
            // Message 3: raw, or written by Alice's handshake with a payload from the input.
            var session = afterMessage1
            if input.bool() {
                var alice = handshake
                guard let message3 = try? alice.writeMessage(payload: input.chunk()), let framed = try? NoiseFrameParser.frame(message3) else { return }
                _ = session.receive(framed)
            }
            while !input.isAtEnd, !session.isClosed { _ = session.receive(input.chunk()) }
        default:
            var base = admitted
            Self.steps(&input, &base)
        }
    }

    static func steps(_ input: inout FuzzInput, _ base: inout Base) {
        var steps = 0
        while !input.isAtEnd, steps < 64 {
            steps += 1
            let wasClosed = base.responder.isClosed
            var events: [SyncEvent] = []
            let step = input.byte() % 10
            switch step {
            case 0:
                events = base.responder.receive(input.chunk())
            case 1, 2:
                // An application message sealed by Alice, delivered in two reads.
                let message = input.chunk()
                guard let sealed = try? NoiseRecordWriter.sealFramed(message, with: &base.alice) else { return }
                let cut = sealed.isEmpty ? 0 : input.index(sealed.count + 1)
                events = base.responder.receive(Array(sealed[..<cut]))
                events += base.responder.receive(Array(sealed[cut...]))
            case 3:
                // A batch of real changes (with duplicates and in any order), or Alice's summary.
                var batch: [[UInt8]] = []
                for _ in 0..<Int(input.byte() % 5) { batch.append(input.pick(pool).encoded) }
                let message: SyncMessage = input.bool()
                    ? .changes(batch, last: input.bool())
                    : .summary(HistorySummary(input.bool() ? [] : [HistorySummary.Tip(
                        author: alice.author.bytes, seq: UInt64(input.byte()), head: input.pick(pool).id.bytes)])
                        .prefixed(author: SyncLimits.summaryAuthorBytes, head: SyncLimits.summaryHeadBytes))
                guard let sealed = try? NoiseRecordWriter.sealFramed(message.encoded(), with: &base.alice) else { return }
                events = base.responder.receive(sealed)
            case 4:
                events = base.responder.acknowledge()
            case 5:
                events = base.responder.provideChanges(Array(pool.prefix(Int(input.byte() % 4))))
            case 6:
                events = input.bool()
                    ? base.responder.refuseChanges(SyncRefusal(.invalidChange, "no"))
                    : base.responder.abort(SyncRefusal(.internalError, "stop"))
            case 7:
                events = base.responder.connectionClosed()
            case 8:
                events = input.bool()
                    ? base.responder.admitPeer(summary: HistorySummary(), welcome: input.bool() ? FuzzFixtures.secret : nil)
                    : base.responder.refusePeer(SyncRefusal(.notAMember, "no"))
            default:
                // The driver answers whatever the last event asks, as ReplicaSyncHandler does.
                events = base.responder.acknowledge() + base.responder.provideChanges(pool)
            }
            // Bytes and the end of the connection are ignored once closed (driver misuse is not).
            if wasClosed, [0, 1, 2, 3, 7].contains(step) {
                fuzzCheck(events.isEmpty, "session", "a closed session produced events: \(events)")
            }
            Self.drain(&base)
        }
    }
}
