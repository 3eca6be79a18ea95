import Crypto
import EntenteCore

/// One sync session with a peer, as a state machine fed with bytes (`Protocol/SYNC.md`).
///
/// It runs the Noise handshake with the identity payloads, then the sync exchange, and tells
/// its driver what to do through `SyncEvent`s. It does no I/O and never touches a replica:
/// the driver moves bytes (`receive(_:)` / `takeOutput()`) and answers the events. At most
/// one event that needs an answer is outstanding: processing stops until it is answered.
///
/// ```swift
/// var session = try SyncSession(role: .initiator, configuration: configuration)
/// var events = session.start()
/// while !session.isClosed {
///     for event in events { ... answer it: admitPeer, provideChanges, acknowledge ... }
///     try output.writeAll(session.takeOutput())
///     events = session.receive(try input.readSome())
/// }
/// ```
public struct SyncSession {
    /// What a side brings to a session.
    public struct Configuration {
        public var collective: CollectiveID
        /// This device's X25519 static key.
        public var staticKey: Curve25519.KeyAgreement.PrivateKey
        /// The collective secret (32 bytes).
        public var psk: [UInt8]
        /// This side's handshake payload (`HandshakePayload.member` or, initiator only, `.join`).
        public var payload: HandshakePayload
        public var batchChanges = SyncLimits.senderBatchChanges
        public var batchBytes = SyncLimits.senderBatchBytes
        public var window = SyncLimits.window
        /// The largest application message accepted from the peer (at most 16 MiB).
        public var maximumMessageLength = NoiseLimits.maximumApplicationMessageLength
        /// Responder only: the collective's earlier secrets this side still accepts, tried
        /// when message 3 does not authenticate with ``psk`` (a member who has not yet
        /// received the last rotation, SYNC.md §3).
        public var earlierPSKs: [[UInt8]] = []
        /// Responder only: the psks of the open invites, tried when message 3 does not
        /// authenticate with a collective secret (SYNC.md §7).
        public var invitePSKs: [[UInt8]] = []
        /// Testing only: the message this side sends in place of its summary (to play an
        /// Entente from before change format 3, which sent a version vector).
        public var _summaryMessage: [UInt8]?

        public init(collective: CollectiveID, staticKey: Curve25519.KeyAgreement.PrivateKey, psk: [UInt8], payload: HandshakePayload) {
            self.collective = collective
            self.staticKey = staticKey
            self.psk = psk
            self.payload = payload
        }
    }

    private enum Phase: Equatable {
        case handshake
        case awaitingAdmission
        case exchanging
        case closed
    }

    public let role: NoiseRole
    public let configuration: Configuration
    public private(set) var counters = SyncCounters()
    /// The peer once authenticated.
    public private(set) var peer: PeerHello?
    /// The peer's summary (what it holds) once received.
    public private(set) var peerSummary: HistorySummary?
    /// This side's summary, as sent (cut to the wire's prefixes).
    private var ownSummary: HistorySummary?

    private var phase = Phase.handshake
    private var handshake: NoiseHandshake
    private var transport: NoiseTransport?
    private var frames = NoiseFrameParser()
    private var records: NoiseRecordReader
    private var output: [UInt8] = []
    private var awaitingAnswer = false
    private var receivedTransportMessage = false
    private var sentHandshakeMessage2 = false
    private var receivedWelcome = false
    /// Responder: the open invite whose psk message 1's mac1 proved, if it was one.
    private var provenInvite: Int?

    // Our stream of changes.
    /// The signed changes to send, as their bytes.
    private var outgoing: [[UInt8]]?
    private var outgoingIndex = 0
    private var unacknowledged: [Int] = []
    private var sentLast = false
    private var ownStreamDone = false
    /// Responder: whether our summary waits for the initiator's (SYNC.md §5 step 1).
    private var summaryWaits = false
    // The peer's stream.
    private var receivedBatch: (count: Int, last: Bool)?
    private var peerStreamDone = false
    private var requestedChanges = false

    public init(role: NoiseRole, configuration: Configuration) throws {
        self.role = role
        self.configuration = configuration
        self.records = NoiseRecordReader(maximumLength: configuration.maximumMessageLength)
        self.handshake = try NoiseHandshake(
            pattern: .xxpsk3, role: role, prologue: NoiseHandshake.ententePrologue,
            staticKey: configuration.staticKey, psk: configuration.psk)
    }

    /// Testing only: a session with a fixed ephemeral key, to reproduce golden vectors.
    public init(role: NoiseRole, configuration: Configuration, _ephemeral ephemeral: Curve25519.KeyAgreement.PrivateKey) throws {
        self.role = role
        self.configuration = configuration
        self.records = NoiseRecordReader(maximumLength: configuration.maximumMessageLength)
        self.handshake = try NoiseHandshake(
            _pattern: .xxpsk3, role: role, prologue: NoiseHandshake.ententePrologue,
            staticKey: configuration.staticKey, psk: configuration.psk, _ephemeral: ephemeral)
    }

    /// True until the peer is authenticated (the handshake is still running).
    public var isHandshaking: Bool { self.phase == .handshake }

    /// True once the session ended (finished, refused or failed); flush `takeOutput()` and close.
    public var isClosed: Bool { self.phase == .closed }
    /// True once both directions completed.
    public private(set) var isFinished = false

    /// The bytes to write to the connection now (and forgets them).
    public mutating func takeOutput() -> [UInt8] {
        defer { self.output = [] }
        return self.output
    }

    // MARK: - Driver calls

    /// Starts the session: the initiator writes handshake message 1.
    public mutating func start() -> [SyncEvent] {
        guard self.role == .initiator else { return [] }
        do {
            let message = try self.handshake.writeMessage(payload: [])
            let mac1 = Mac1.compute(psk: self.configuration.psk, collective: self.configuration.collective, message: message)
            let framed = try NoiseFrameParser.frame(message + mac1)
            self.counters.handshakeBytesSent += framed.count
            self.emit(framed)
            return []
        } catch {
            return self.fail(SyncError(.channel, "\(error)"), tell: nil)
        }
    }

    /// Feeds bytes read from the connection.
    public mutating func receive(_ bytes: [UInt8]) -> [SyncEvent] {
        guard self.phase != .closed else { return [] }
        self.counters.bytesReceived += bytes.count
        self.frames.append(bytes)
        return self.process()
    }

    /// The connection ended (EOF or error). Unless the session had finished, this is a failure.
    public mutating func connectionClosed() -> [SyncEvent] {
        guard self.phase != .closed else { return [] }
        let duringHandshake = self.phase == .handshake || (self.role == .initiator && !self.receivedTransportMessage)
        self.phase = .closed
        if duringHandshake {
            // HANDSHAKE.md §10: the initiator learns of a wrong psk only from the closed connection.
            return [.failed(SyncError(.channel, SyncError.closedDuringHandshake + ": it may be busy (try again in a moment), the collective secrets may differ (check that both replicas belong to the same collective), or it is not an Entente server"))]
        }
        return [.failed(SyncError(.truncated, "the peer closed the connection"))]
    }

    /// Answers `.peerAuthenticated`: the peer may sync. `summary` says what this replica
    /// holds; it is sent to the peer (SYNC.md §4).
    ///
    /// `welcome` (responder, joining peer only) is the collective secret, sent before the summary.
    public mutating func admitPeer(summary: HistorySummary, welcome: [UInt8]? = nil) -> [SyncEvent] {
        guard self.phase == .awaitingAdmission else { return self.misuse("admitPeer outside admission") }
        self.awaitingAnswer = false
        do {
            if self.role == .initiator { try self.finishInitiatorHandshake() }
            self.phase = .exchanging
            if let welcome {
                guard self.role == .responder, self.peer?.invite != nil else { return self.misuse("a welcome to a peer that is not joining") }
                try self.send(.welcome(secret: welcome))
            }
            self.ownSummary = summary.prefixed(author: SyncLimits.summaryAuthorBytes, head: SyncLimits.summaryHeadBytes)
            if self.role == .initiator || self.peerSummary != nil {
                try self.sendSummary()
            } else {
                // SYNC.md §5: the responder answers once it has read the initiator's summary.
                self.summaryWaits = true
            }
        } catch {
            return self.fail(SyncError(.channel, "\(error)"), tell: nil)
        }
        if self.role == .responder, self.peerSummary != nil, self.bothHoldTheSame { return self.finish() }
        return self.process()
    }

    private mutating func sendSummary() throws {
        guard let own = self.ownSummary else { return }
        if let replacement = self.configuration._summaryMessage {
            guard var transport = self.transport else { throw SyncError(.misuse, "no transport") }
            defer { self.transport = transport }
            self.emit(try NoiseRecordWriter.sealFramed(replacement, with: &transport))
            return
        }
        try self.send(.summary(own))
    }

    /// Whether both summaries are known and equal: both sides hold the same changes, and the
    /// session ends after one round trip with nothing to send (SYNC.md §5 step 1).
    private var bothHoldTheSame: Bool {
        guard let own = self.ownSummary, let peer = self.peerSummary else { return false }
        return own == peer
    }

    /// Answers `.peerAuthenticated`: the peer may not sync; `refusal` is sent to it.
    public mutating func refusePeer(_ refusal: SyncRefusal) -> [SyncEvent] {
        guard self.phase == .awaitingAdmission else { return self.misuse("refusePeer outside admission") }
        self.awaitingAnswer = false
        if self.role == .initiator {
            do { try self.finishInitiatorHandshake() } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
        }
        return self.fail(SyncError(.refusedPeer, refusal.description), tell: refusal)
    }

    /// Answers `.changesNeeded`: the changes the peer lacks, in causal (log) order.
    public mutating func provideChanges(_ changes: [SignedChange]) -> [SyncEvent] {
        self.provideChanges(encoded: changes.map(\.encoded))
    }

    /// ``provideChanges(_:)`` with each change as its signed bytes (`SignedChange.encoded`),
    /// as a replica stores them: a sender need not decode what it only forwards (the
    /// receiver decodes and verifies every change, SYNC.md §6).
    public mutating func provideChanges(encoded changes: [[UInt8]]) -> [SyncEvent] {
        guard self.phase == .exchanging, self.requestedChanges, self.outgoing == nil else {
            return self.misuse("provideChanges without a request")
        }
        self.awaitingAnswer = false
        self.outgoing = changes
        do { try self.pump() } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
        return self.process()
    }

    /// Answers `.changesReceived`: the batch was verified and stored.
    public mutating func acknowledge() -> [SyncEvent] {
        guard self.phase == .exchanging, let batch = self.receivedBatch else { return self.misuse("acknowledge without a batch") }
        self.awaitingAnswer = false
        self.receivedBatch = nil
        do { try self.send(.ack(count: batch.count)) } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
        var events: [SyncEvent] = []
        if batch.last {
            self.peerStreamDone = true
            if self.role == .initiator {
                return self.finish()
            }
            events += self.requestChangesIfOurTurn()
            if self.awaitingAnswer { return events }
        }
        return events + self.process()
    }

    /// Answers `.changesReceived`: a change failed verification; `refusal` is sent to the peer.
    public mutating func refuseChanges(_ refusal: SyncRefusal) -> [SyncEvent] {
        guard self.phase == .exchanging, self.receivedBatch != nil else { return self.misuse("refuseChanges without a batch") }
        self.awaitingAnswer = false
        return self.fail(SyncError(.refusedPeer, refusal.description), tell: refusal)
    }

    /// Ends the session from this side (e.g. a local error), telling the peer why.
    public mutating func abort(_ refusal: SyncRefusal) -> [SyncEvent] {
        guard self.phase != .closed else { return [] }
        return self.fail(SyncError(.refusedPeer, refusal.description), tell: refusal)
    }

    // MARK: - Processing

    private mutating func process() -> [SyncEvent] {
        var events: [SyncEvent] = []
        while self.phase != .closed && !self.awaitingAnswer {
            let frame: [UInt8]
            do {
                guard let next = try self.frames.nextFrame() else { break }
                frame = next
            } catch {
                return events + self.fail(self.framingError(error), tell: SyncRefusal(.protocolViolation, "\(error)"))
            }
            events += self.handle(frame: frame)
        }
        return events
    }

    /// A framing error in words: once the handshake authenticated the peer, a frame or message
    /// over the limits is the peer breaking the protocol (`protocolViolation`), not a wrong
    /// secret or tampering (`channel`).
    private func framingError(_ error: Error) -> SyncError {
        let oversized: Set<NoiseError.Kind> = [.frameTooLong, .applicationMessageTooLong, .emptyFrame, .malformedRecord]
        if self.phase == .exchanging, let noise = error as? NoiseError, oversized.contains(noise.kind) {
            return SyncError(.protocolViolation, "the authenticated peer sent a message over the limits or malformed (\(error)); it was refused and the session closed")
        }
        return SyncError(.channel, "\(error)")
    }

    private mutating func handle(frame: [UInt8]) -> [SyncEvent] {
        switch self.phase {
        case .handshake:
            self.counters.handshakeBytesReceived += frame.count + NoiseFrameParser.headerLength
            return self.handleHandshake(frame)
        case .exchanging:
            let message: [UInt8]
            do {
                guard let complete = try self.openRecord(frame) else { return [] }
                self.receivedTransportMessage = true
                message = complete
            } catch {
                return self.fail(self.framingError(error), tell: SyncRefusal(.protocolViolation, "\(error)"))
            }
            do {
                return try self.handle(message: SyncMessage(decoding: message))
            } catch let error as SyncMessageError {
                return self.violation("\(error)")
            } catch {
                return self.violation("malformed message: \(error)")
            }
        case .awaitingAdmission, .closed:
            return []
        }
    }

    private mutating func openRecord(_ frame: [UInt8]) throws -> [UInt8]? {
        guard var transport = self.transport else { throw SyncError(.misuse, "no transport") }
        defer { self.transport = transport }
        return try self.records.open(frame, with: &transport)
    }

    private mutating func handleHandshake(_ frame: [UInt8]) -> [SyncEvent] {
        do {
            var invite: Int?
            let payload: [UInt8]
            if self.role == .responder && self.sentHandshakeMessage2 {
                (payload, invite) = try self.readMessage3(frame)
            } else if self.role == .responder {
                // Message 1 and its mac1 (HANDSHAKE.md §4.6): which psk the initiator holds.
                let psks = [self.configuration.psk] + self.configuration.earlierPSKs + self.configuration.invitePSKs
                guard let index = Mac1.matching(body: frame, psks: psks, collective: self.configuration.collective) else {
                    return self.fail(SyncError(.channel, SyncError.unproven), tell: nil)
                }
                try self.handshake.replacePSK(psks[index])
                let members = 1 + self.configuration.earlierPSKs.count
                self.provenInvite = index >= members ? index - members : nil
                payload = try self.handshake.readMessage(Array(frame.dropLast(Mac1.length)))
            } else {
                payload = try self.handshake.readMessage(frame)
            }
            switch self.role {
            case .responder where !self.handshake.isComplete:
                // Message 1: the payload is reserved and must be empty (HANDSHAKE.md 4.4).
                guard payload.isEmpty else {
                    return self.fail(SyncError(.protocolViolation, "handshake message 1 carries a payload"), tell: nil)
                }
                try self.writeHandshake(payload: self.configuration.payload.encoded())
                self.sentHandshakeMessage2 = true
                return []
            case .responder:
                // Message 3: the handshake is complete; split first so a refusal can be sent.
                self.transport = try self.handshake.split()
                return self.authenticate(payload, mayJoin: true, invite: invite)
            case .initiator:
                return self.authenticate(payload, mayJoin: false)
            }
        } catch let error as NoiseError where error.kind == .handshakeAuthenticationFailed {
            // Only a psk mismatch makes message 3 fail here: say so, not "tampered or foreign".
            return self.fail(SyncError(.channel, "wrong collective secret: the peer does not hold this collective's secret (nor the key of an open invite); \(error)"), tell: nil)
        } catch {
            return self.fail(SyncError(.channel, "\(error)"), tell: nil)
        }
    }

    /// Message 3 with the collective secret, else with each earlier secret, else with each open invite's psk in turn (on
    /// copies of the handshake: a failed try changes nothing). Returns which invite matched.
    private mutating func readMessage3(_ frame: [UInt8]) throws -> ([UInt8], Int?) {
        let before = self.handshake
        do {
            return (try self.handshake.readMessage(frame), self.provenInvite)
        } catch let error as NoiseError where error.kind == .handshakeAuthenticationFailed {
            for psk in self.configuration.earlierPSKs {
                var candidate = before
                try candidate.replacePSK(psk)
                if let payload = try? candidate.readMessage(frame) {
                    self.handshake = candidate
                    return (payload, nil)
                }
            }
            for (index, psk) in self.configuration.invitePSKs.enumerated() {
                var candidate = before
                try candidate.replacePSK(psk)
                if let payload = try? candidate.readMessage(frame) {
                    self.handshake = candidate
                    return (payload, index)
                }
            }
            throw error
        }
    }

    private mutating func authenticate(_ raw: [UInt8], mayJoin: Bool, invite: Int? = nil) -> [SyncEvent] {
        guard let staticKey = self.handshake.remoteStaticKey ?? self.transport?.remoteStaticKey else {
            return self.fail(SyncError(.channel, "no authenticated static key"), tell: nil)
        }
        let payload: HandshakePayload
        do {
            payload = try HandshakePayload(decoding: raw)
        } catch {
            return self.refuseDuringHandshake(SyncRefusal(.protocolViolation, "malformed identity payload: \(error)"))
        }
        if case .join = payload, !mayJoin {
            return self.refuseDuringHandshake(SyncRefusal(.protocolViolation, "a responder cannot send a join request"))
        }
        // A join comes with an invite's key; a member uses the collective secret.
        if case .join = payload, invite == nil {
            return self.refuseDuringHandshake(SyncRefusal(.inviteRefused, "a join request must use its invite's key; this invite code is from an earlier Entente, ask for a new one"))
        }
        if case .member = payload, invite != nil {
            return self.refuseDuringHandshake(SyncRefusal(.protocolViolation, "a member's session used an invite key"))
        }
        guard payload.isValid(collective: self.configuration.collective, staticKey: staticKey) else {
            return self.refuseDuringHandshake(SyncRefusal(.notAMember, SyncRefusal.foreignIdentity + " and its device key: it serves another collective, or its identity is forged"))
        }
        let hello = PeerHello(staticKey: staticKey, payload: payload, invite: invite)
        self.peer = hello
        self.phase = .awaitingAdmission
        self.awaitingAnswer = true
        return [.peerAuthenticated(hello)]
    }

    private mutating func refuseDuringHandshake(_ refusal: SyncRefusal) -> [SyncEvent] {
        if self.role == .initiator {
            do { try self.finishInitiatorHandshake() } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
        }
        return self.fail(SyncError(.refusedPeer, refusal.description), tell: refusal)
    }

    private mutating func handle(message: SyncMessage) -> [SyncEvent] {
        switch message {
        case .close(let refusal):
            self.phase = .closed
            if refusal.code == .protocolViolation, self.role == .initiator, self.peerSummary == nil {
                // An earlier Entente refuses the `summary` it does not know.
                return [.closedByPeer(SyncRefusal(refusal.code, refusal.reason + " (the peer may run an older version of Entente that does not read this one's messages: update Entente on both, and compare `entente --version`)"))]
            }
            return [.closedByPeer(refusal)]
        case .welcome(let secret):
            guard self.role == .initiator, case .join = self.configuration.payload, self.peerSummary == nil, !self.receivedWelcome else {
                return self.violation("a welcome outside a join")
            }
            self.receivedWelcome = true
            return [.welcomed(secret: secret)]
        case .summary(let summary):
            guard self.peerSummary == nil else { return self.violation("a second summary") }
            self.peerSummary = summary
            if self.summaryWaits {
                self.summaryWaits = false
                do { try self.sendSummary() } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
            }
            if self.bothHoldTheSame { return self.finish() }
            return self.requestChangesIfOurTurn()
        case .changes(let raw, let last):
            guard self.peerSummary != nil, !self.peerStreamDone, self.receivedBatch == nil else {
                return self.violation("changes sent out of turn")
            }
            guard self.role == .responder || self.ownStreamDone else {
                return self.violation("the responder sent changes before the initiator's stream was acknowledged")
            }
            var changes: [SignedChange] = []
            changes.reserveCapacity(raw.count)
            for (index, bytes) in raw.enumerated() {
                do {
                    changes.append(try SignedChange(decoding: bytes))
                } catch {
                    return self.fail(
                        SyncError(.refusedPeer, "change \(index + 1) of a batch is malformed: \(error)"),
                        tell: SyncRefusal(.invalidChange, "change \(index + 1) of the batch is malformed: \(error)"))
                }
            }
            self.counters.batchesReceived += 1
            self.counters.changesReceived += changes.count
            self.counters.changeBytesReceived += raw.reduce(0) { $0 + $1.count }
            self.receivedBatch = (changes.count, last)
            self.awaitingAnswer = true
            return [.changesReceived(changes, last: last)]
        case .ack(let count):
            guard let expected = self.unacknowledged.first, expected == count else {
                return self.violation("an acknowledgement of \(count) changes that matches no batch in flight")
            }
            self.unacknowledged.removeFirst()
            if self.sentLast && self.unacknowledged.isEmpty {
                self.ownStreamDone = true
                return self.role == .responder ? self.finish() : []
            }
            do { try self.pump() } catch { return self.fail(SyncError(.channel, "\(error)"), tell: nil) }
            return []
        }
    }

    /// The initiator streams first; the responder streams once the initiator's last batch is acknowledged.
    private mutating func requestChangesIfOurTurn() -> [SyncEvent] {
        guard !self.requestedChanges, let summary = self.peerSummary, self.ownSummary != nil else { return [] }
        guard self.role == .initiator || self.peerStreamDone else { return [] }
        self.requestedChanges = true
        self.awaitingAnswer = true
        return [.changesNeeded(summary)]
    }

    /// Sends batches while fewer than `window` are unacknowledged.
    private mutating func pump() throws {
        guard let outgoing = self.outgoing else { return }
        while !self.sentLast && self.unacknowledged.count < max(1, self.configuration.window) {
            var batch: [[UInt8]] = []
            var bytes = 0
            while self.outgoingIndex < outgoing.count && batch.count < max(1, self.configuration.batchChanges) {
                let encoded = outgoing[self.outgoingIndex]
                if !batch.isEmpty && bytes + encoded.count > self.configuration.batchBytes { break }
                batch.append(encoded)
                bytes += encoded.count
                self.outgoingIndex += 1
            }
            let last = self.outgoingIndex == outgoing.count
            try self.send(.changes(batch, last: last))
            self.unacknowledged.append(batch.count)
            self.sentLast = last
            self.counters.batchesSent += 1
            self.counters.changesSent += batch.count
            self.counters.changeBytesSent += bytes
        }
    }

    // MARK: - Output

    private mutating func writeHandshake(payload: [UInt8]) throws {
        let framed = try NoiseFrameParser.frame(try self.handshake.writeMessage(payload: payload))
        self.counters.handshakeBytesSent += framed.count
        self.emit(framed)
    }

    private mutating func finishInitiatorHandshake() throws {
        try self.writeHandshake(payload: self.configuration.payload.encoded())
        self.transport = try self.handshake.split()
    }

    private mutating func send(_ message: SyncMessage) throws {
        guard var transport = self.transport else { throw SyncError(.misuse, "no transport") }
        defer { self.transport = transport }
        self.emit(try NoiseRecordWriter.sealFramed(message.encoded(), with: &transport))
    }

    private mutating func emit(_ bytes: [UInt8]) {
        self.counters.bytesSent += bytes.count
        self.output.append(contentsOf: bytes)
    }

    private mutating func finish() -> [SyncEvent] {
        self.phase = .closed
        self.isFinished = true
        return [.finished]
    }

    private mutating func violation(_ detail: String) -> [SyncEvent] {
        self.fail(SyncError(.protocolViolation, detail), tell: SyncRefusal(.protocolViolation, detail))
    }

    private mutating func misuse(_ detail: String) -> [SyncEvent] {
        self.fail(SyncError(.misuse, detail), tell: SyncRefusal(.internalError, "the peer's session failed"))
    }

    /// Closes the session; sends `refusal` in a `close` message when a transport exists.
    private mutating func fail(_ error: SyncError, tell refusal: SyncRefusal?) -> [SyncEvent] {
        if let refusal, self.transport != nil, self.phase != .closed {
            try? self.send(.close(refusal))
        }
        self.phase = .closed
        self.awaitingAnswer = false
        return [.failed(error)]
    }
}
