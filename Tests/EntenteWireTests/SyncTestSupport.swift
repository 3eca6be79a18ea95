import Crypto
import EntenteCore
import EntenteWire
import Testing

/// An in-memory replica with keys, driving `SyncSession`s without sockets.
struct SyncTestPeer {
    let collective: CollectiveID
    let identity: SigningIdentity
    let noiseKey: Curve25519.KeyAgreement.PrivateKey
    var psk: [UInt8]
    var storage = MemoryStorage()
    var clock: UInt64 = 1_700_000_000_000
    /// Alters the changes this peer sends (forgery tests).
    var tamper: (([SignedChange]) -> [SignedChange])?
    var maximumMessageLength = NoiseLimits.maximumApplicationMessageLength
    /// Responder: the open invites' psks.
    var invitePSKs: [[UInt8]] = []
    /// Joining: the collective secret the responder handed over.
    var receivedWelcome: [UInt8]?
    /// Sent in place of the summary (an earlier Entente's vector).
    var summaryMessage: [UInt8]?
    /// The most changes this peer puts in a batch it sends.
    var batchChanges = SyncLimits.senderBatchChanges

    init(collective: CollectiveID, psk: [UInt8], seed: UInt8) throws {
        self.collective = collective
        self.psk = psk
        self.identity = try SigningIdentity(rawSeed: [UInt8](repeating: seed, count: 32))
        self.noiseKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: seed &+ 100, count: 32))
    }

    var noisePublic: [UInt8] { Array(self.noiseKey.publicKey.rawRepresentation) }

    @discardableResult
    mutating func commit(_ message: String = "", _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        self.clock += 1
        return try Merge.commit(collective: self.collective, identity: self.identity, message: message, now: self.clock, into: &self.storage, build)
    }

    /// The salt every test founder uses, so collective ids are fixed.
    static let salt = [UInt8](repeating: 0x5a, count: Founding.saltBytes)

    /// The id of the collective founded by the peer of `seed` with ``salt``.
    static func collective(foundedBy seed: UInt8) -> CollectiveID {
        let founder = (try? SigningIdentity(rawSeed: [UInt8](repeating: seed, count: 32)))?.author ?? AuthorKey(unchecked: [UInt8](repeating: 0, count: 32))
        return Founding.collectiveID(founder: founder, salt: Self.salt)
    }

    /// Admits `name` with its keys: the founding change when a founder admits itself first.
    @discardableResult
    mutating func admit(_ name: String, author: AuthorKey, noise: [UInt8]) throws -> RecordID {
        var id: RecordID?
        let founding = try author == self.identity.author && self.storage.tips(of: author).isEmpty
        let change = try self.commit("") { change in
            if founding {
                let collective = change.create(RecordKind.collective)
                change.set(collective, Founding.saltField, .bytes(Self.salt))
            }
            id = Admission.admit(name: name, key: author, noiseKey: noise, into: &change)
        }
        return change.resolve(try #require(id))
    }

    /// A change signed on top of this peer's state but neither reviewed nor applied: what a
    /// crafted peer can send.
    func craft(_ message: String = "", _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        let tips = try self.storage.tips(of: self.identity.author)
        var builder = ChangeBuilder(author: self.identity.author)
        try build(&builder)
        let change = Change(
            collective: self.collective, author: self.identity.author, seq: Merge.expectedSeq(author: self.identity.author, heads: tips),
            heads: try self.storage.frontier() + tips.map(\.id),
            timestamp: HybridTimestamp(wallMillis: self.clock + 1, counter: 0), message: message, operations: builder.operations)
        return try SignedChange(signing: change, with: self.identity)
    }

    func records() throws -> [RecordState] {
        var writes: [RecordID: [(SlotKey, FieldWrite)]] = [:]
        try self.storage.forEachWrite { slot, write in writes[slot.record, default: []].append((slot, write)) }
        return try self.storage.allRecords().map { RecordState(header: $0, writes: writes[$0.id] ?? []) }
    }

    func stateHash() throws -> String { try StateHash.compute(self.storage) }

    func configuration(payload: HandshakePayload? = nil) -> SyncSession.Configuration {
        var configuration = SyncSession.Configuration(
            collective: self.collective, staticKey: self.noiseKey, psk: self.psk,
            payload: payload ?? .member(identity: self.identity, collective: self.collective, staticKey: self.noisePublic))
        configuration.maximumMessageLength = self.maximumMessageLength
        configuration.invitePSKs = self.invitePSKs
        configuration._summaryMessage = self.summaryMessage
        configuration.batchChanges = self.batchChanges
        return configuration
    }

    /// The driver's admission rule: a current (not archived) member listing both keys.
    func admission(of hello: PeerHello) throws -> SyncRefusal? {
        let directory = Directory(records: try self.records())
        guard let member = directory.member(for: hello.payload.author, noiseKey: hello.staticKey) else {
            return SyncRefusal(.notAMember, "not a member")
        }
        return member.isArchived ? SyncRefusal(.archivedMember, "archived") : nil
    }

    /// Verifies then merges a batch, as `EntenteSync` does with a replica: a change no replica
    /// may store (a stranger's, a misnumbered one) is refused after the others are kept.
    mutating func store(_ changes: [SignedChange]) throws -> SyncRefusal? {
        for change in changes {
            guard change.change.collective == self.collective else { return SyncRefusal(.invalidChange, "another collective") }
            guard change.verifySignature() else { return SyncRefusal(.invalidChange, "bad signature") }
        }
        self.clock += 1
        let report = try Merge.receive(changes, into: &self.storage, now: self.clock)
        if !report.strangers.isEmpty { return SyncRefusal(.invalidChange, "a key that no member admitted") }
        if !report.misnumbered.isEmpty { return SyncRefusal(.invalidChange, "a change numbered out of its place") }
        return nil
    }

    mutating func handle(_ event: SyncEvent, in session: inout SyncSession, log: inout [SyncEvent]) throws -> [SyncEvent] {
        log.append(event)
        switch event {
        case .peerAuthenticated(let hello):
            if case .join(let request) = hello.payload {
                // The responder admits the newcomer and hands over the collective secret.
                try self.commit { Admission.admit(name: request.name, key: request.author, noiseKey: hello.staticKey, into: &$0) }
                return session.admitPeer(summary: try self.storage.summary(), welcome: self.psk)
            }
            if session.role == .initiator, self.receivedWelcome == nil, case .join = session.configuration.payload {
                return session.admitPeer(summary: try self.storage.summary())  // an empty newcomer cannot check
            }
            if let refusal = try self.admission(of: hello) { return session.refusePeer(refusal) }
            return session.admitPeer(summary: try self.storage.summary())
        case .welcomed(let secret):
            self.receivedWelcome = secret
            return []
        case .changesNeeded(let summary):
            let missing = try self.storage.changes(missingFrom: summary)
            return session.provideChanges(self.tamper?(missing) ?? missing)
        case .changesReceived(let changes, _):
            if let refusal = try self.store(changes) { return session.refuseChanges(refusal) }
            return session.acknowledge()
        case .finished, .closedByPeer, .failed:
            return []
        }
    }
}

/// The outcome of one in-memory session.
struct SyncRun {
    var initiatorEvents: [SyncEvent] = []
    var responderEvents: [SyncEvent] = []
    var initiator: SyncSession
    var responder: SyncSession
    var bytesToResponder: [UInt8] = []
    var bytesToInitiator: [UInt8] = []

    var finished: Bool { self.initiator.isFinished && self.responder.isFinished }

    var initiatorFailure: SyncEvent? { self.initiatorEvents.last { if case .finished = $0 { return false }; return Self.isTerminal($0) } }
    var responderFailure: SyncEvent? { self.responderEvents.last { if case .finished = $0 { return false }; return Self.isTerminal($0) } }

    static func isTerminal(_ event: SyncEvent) -> Bool {
        switch event {
        case .failed, .closedByPeer, .finished: return true
        default: return false
        }
    }
}

enum SyncHarness {
    /// Runs a session between two peers, delivering bytes in chunks of `chunk` (0 = all at once).
    /// `tamper` may alter the bytes travelling to the responder (index in that stream, byte).
    static func run(
        _ a: inout SyncTestPeer, _ b: inout SyncTestPeer,
        initiatorPayload: HandshakePayload? = nil, chunk: Int = 0,
        toResponder: ((inout [UInt8], Int) -> Void)? = nil,
        cutAfterResponderBytes: Int? = nil
    ) throws -> SyncRun {
        var run = SyncRun(
            initiator: try SyncSession(role: .initiator, configuration: a.configuration(payload: initiatorPayload)),
            responder: try SyncSession(role: .responder, configuration: b.configuration()))
        var pendingA = run.initiator.start()
        var pendingB: [SyncEvent] = []
        var deliveredToResponder = 0
        for _ in 0..<100_000 {
            while let event = pendingA.first {
                pendingA.removeFirst()
                pendingA += try a.handle(event, in: &run.initiator, log: &run.initiatorEvents)
            }
            while let event = pendingB.first {
                pendingB.removeFirst()
                pendingB += try b.handle(event, in: &run.responder, log: &run.responderEvents)
            }
            var outA = run.initiator.takeOutput()
            toResponder?(&outA, deliveredToResponder + run.bytesToResponder.count)
            run.bytesToResponder += outA
            run.bytesToInitiator += run.responder.takeOutput()
            if let cut = cutAfterResponderBytes, deliveredToResponder >= cut {
                pendingB += run.responder.connectionClosed()
                pendingA += run.initiator.connectionClosed()
                run.bytesToResponder = []
                run.bytesToInitiator = []
                continue
            }
            if run.bytesToResponder.isEmpty && run.bytesToInitiator.isEmpty {
                if pendingA.isEmpty && pendingB.isEmpty {
                    // Nothing moves: the side still open sees the connection close.
                    if run.initiator.isClosed && !run.responder.isClosed { pendingB += run.responder.connectionClosed(); continue }
                    if run.responder.isClosed && !run.initiator.isClosed { pendingA += run.initiator.connectionClosed(); continue }
                    break
                }
                continue
            }
            var take = chunk > 0 ? min(chunk, run.bytesToResponder.count) : run.bytesToResponder.count
            if let cut = cutAfterResponderBytes { take = min(take, max(0, cut - deliveredToResponder)) }
            if take > 0 {
                let piece = Array(run.bytesToResponder.prefix(take))
                run.bytesToResponder.removeFirst(take)
                deliveredToResponder += take
                pendingB += run.responder.receive(piece)
            }
            let takeB = chunk > 0 ? min(chunk, run.bytesToInitiator.count) : run.bytesToInitiator.count
            if takeB > 0 {
                let piece = Array(run.bytesToInitiator.prefix(takeB))
                run.bytesToInitiator.removeFirst(takeB)
                pendingA += run.initiator.receive(piece)
            }
        }
        return run
    }
}
