import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Serves a replica to the collective's members over TCP (`entente serve`), many at once.
///
/// A new connection first waits, with no thread of its own, until its first frame proves a
/// psk this server accepts (a collective secret or an open invite's key: `mac1`,
/// HANDSHAKE.md §4.6): one gate thread watches up to `SyncNetLimits.maximumUnproven` of them
/// (a new one replaces the oldest) and closes those that prove nothing or take longer than
/// `SyncNetLimits.unprovenDeadline`, so outsiders, from any number of addresses, cannot keep
/// a member out. A proven connection gets its own thread and idle timeout, so a slow peer
/// never blocks the others. Connections still in their handshake are kept apart from
/// members' sessions: at most `maximumHandshakes` of them (a new one replaces the oldest), at
/// most `maximumHandshakesPerAddress` from one address, each with `handshakeDeadline` seconds
/// to finish; at most `maximumConnections` authenticated sessions run at once, and a member
/// over that limit is told `busy`. Newcomers holding an invite this replica issued are
/// admitted (a signed change adds their member record) and then synced.
///
/// One server may answer for several collectives on one port (`others`, at most
/// `SyncNetLimits.maximumHostedCollectives`): a first frame is checked against every hosted
/// collective's psks, and the session runs with the replica whose psk it proved. A peer that
/// proves none is closed the same way whatever the server hosts (SYNC.md §3).
///
/// ```swift
/// let server = SyncServer(replica: alice)
/// let port = try server.start(bind: "127.0.0.1", port: 0)
/// ... SyncClient.sync(replica: bob, with: TCPEndpoint(host: "127.0.0.1", port: port)) ...
/// server.stop()
/// ```
///
/// Its threads (accepting, the gate, each session) belong to one ``SessionGroup``: ``stop(within:)``
/// closes every connection and waits for them, at most ``SyncNetLimits/stopDeadline`` seconds.
public final class SyncServer: Sendable {
    /// The first hosted collective's replica (invites made by ``makeInvite`` are its own).
    public let replica: Replica
    /// Every hosted collective's replica, ``replica`` first.
    public let replicas: [Replica]
    public let maximumConnections: Int
    public let maximumHandshakes: Int
    public let maximumHandshakesPerAddress: Int
    public let handshakeDeadline: TimeInterval
    public let idleTimeout: TimeInterval
    public let invites: InviteStore
    /// Each hosted replica's invites, in the order of ``replicas``.
    private let inviteStores: [InviteStore]
    private let logger: Logger

    /// What the server's threads share.
    private struct State {
        var listener: TCPListener?
        var active: [ObjectIdentifier: SocketStreamPair] = [:]
        /// Connections in their handshake, with their source address and arrival order.
        var handshaking: [ObjectIdentifier: (address: String, order: UInt64)] = [:]
        var arrivals: UInt64 = 0
        /// Authenticated sessions.
        var sessions = Set<ObjectIdentifier>()
        var stopping = false
        /// Connections that have not yet proven a psk (HANDSHAKE.md §4.6), oldest first:
        /// watched by one gate thread, without a thread each.
        var unproven: [(pair: SocketStreamPair, since: TimeInterval, partial: Bool)] = []
        /// For each hosted collective, the psks a first frame may prove (the secrets this
        /// device accepts, then the joinable invites'), and when they were read.
        var gateKeys: (psks: [[[UInt8]]], read: TimeInterval, invites: String) = ([], -1, "")
        var onSession: (@Sendable (Result<SyncSummary, Error>) -> Void)?
    }

    private let state = LockedValue(State())
    /// Every thread of the server: accepting, the gate, and one per session.
    private let threads = SessionGroup()

    /// Called after every session, successful or not (from the session's thread).
    public var onSession: (@Sendable (Result<SyncSummary, Error>) -> Void)? {
        get { self.state.withLock { $0.onSession } }
        set { self.state.withLock { $0.onSession = newValue } }
    }

    public init(
        replica: Replica, others: [Replica] = [], maximumConnections: Int = SyncNetLimits.maximumConnections,
        maximumHandshakes: Int = SyncNetLimits.maximumHandshakes,
        maximumHandshakesPerAddress: Int = SyncNetLimits.maximumHandshakesPerAddress,
        handshakeDeadline: TimeInterval = SyncNetLimits.handshakeDeadline,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout, logger: Logger = .quiet("entente.serve")
    ) {
        self.replica = replica
        self.replicas = [replica] + others
        self.maximumConnections = max(1, maximumConnections)
        self.maximumHandshakes = max(1, maximumHandshakes)
        self.maximumHandshakesPerAddress = max(1, maximumHandshakesPerAddress)
        self.handshakeDeadline = max(0.1, handshakeDeadline)
        self.idleTimeout = idleTimeout
        self.inviteStores = self.replicas.map { InviteStore(folder: $0.folder) }
        self.invites = self.inviteStores[0]
        self.logger = logger
    }

    /// Binds and starts accepting on a background thread.
    /// - Returns: the bound port (the kernel's choice for port 0).
    /// - Throws: `SyncFailure.network` (port in use, bad address).
    @discardableResult
    /// - Throws: `SyncFailure.replica` when the device's channel key or the collective secret
    ///   is missing, damaged or readable by others (every session would fail), before listening.
    public func start(bind host: String = "::", port: UInt16 = SyncNetLimits.defaultPort) throws -> UInt16 {
        ignoreSIGPIPE()
        guard self.replicas.count <= SyncNetLimits.maximumHostedCollectives else {
            throw SyncFailure.replica(StoreError.unreadable(
                path: self.replica.folder.url.path,
                reason: "one server answers for at most \(SyncNetLimits.maximumHostedCollectives) collectives (SyncNetLimits.maximumHostedCollectives), not \(self.replicas.count)"))
        }
        do {
            for replica in self.replicas {
                _ = try replica.noiseKey()
                _ = try replica.secretChain()
            }
        } catch {
            throw SyncFailure.replica(error)
        }
        let listener: TCPListener
        do {
            listener = try TCPListener(bind: host, port: port)
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
        raiseOpenFileLimit(to: UInt64(SyncNetLimits.maximumUnproven) * 2 + 256)
        self.state.withLock { $0.listener = listener }
        self.threads.spawn(name: "entente-serve-accept") { [self] in self.acceptLoop(listener) }
        self.threads.spawn(name: "entente-serve-gate") { [self] in self.gateLoop() }
        return listener.localPort
    }

    /// Stops accepting, closes every connection and waits for the server's threads to end,
    /// at most `deadline` seconds: a session blocked elsewhere than on its connection (on the
    /// replica's lock, say) is left to end on its own. Only the first call waits.
    /// - Returns: how many threads had not ended by the deadline (0 when all did).
    @discardableResult
    public func stop(within deadline: TimeInterval = SyncNetLimits.stopDeadline) -> Int {
        let (wasStopping, listener, unproven) = self.state.withLock { state in
            let taken = (state.stopping, state.listener, state.unproven.map(\.pair))
            state.stopping = true
            state.unproven = []
            return taken
        }
        guard !wasStopping else { return 0 }
        listener?.close()
        for pair in unproven { pair.close() }
        // Every session's connection belongs to its thread: cancelling closes them all (a
        // connection admitted but not yet given its thread is closed by the refused spawn).
        self.threads.cancel()
        return self.threads.wait(within: deadline)
    }

    /// Whether ``stop(within:)`` was called.
    private var stopping: Bool { self.state.withLock { $0.stopping } }

    /// Issues a single-use invite to this server, reachable by the newcomer at `host`
    /// (the port is the one `start` bound).
    /// - Throws: `SyncFailure.invite` when the server is not started, `.replica`.
    public func makeInvite(host: String, lifetime: TimeInterval = 86_400, for member: RecordID? = nil) throws -> InviteCode {
        guard let port = self.state.withLock({ $0.listener?.localPort }) else {
            throw SyncFailure.invite("start the server before issuing invites to it",
                                     french: "démarrez le serveur avant de créer des invitations pour lui")
        }
        do {
            let (key, expires) = try self.invites.issue(collective: self.replica.collective, lifetime: lifetime, for: member)
            return InviteCode(collective: self.replica.collective, key: key, expires: expires, host: host, port: port)
        } catch let error as InviteStoreError {
            throw SyncFailure.invite(error.description, french: error.french)
        } catch {
            throw SyncFailure.replica(error)
        }
    }

    /// The number of connections open now (handshaking or in a session).
    public var activeSessions: Int { self.state.withLock { $0.active.count } }

    /// Connections in their handshake now, and authenticated sessions now.
    public var load: (handshaking: Int, sessions: Int) { self.state.withLock { ($0.handshaking.count, $0.sessions.count) } }

    /// Connections waiting to prove a psk with their first frame now (held by the gate thread).
    public var unprovenCount: Int { self.state.withLock { $0.unproven.count } }

    /// The number of the server's threads running now (accepting, the gate, sessions).
    var threadCount: Int { self.threads.count }

    func promoted(_ key: ObjectIdentifier) -> Bool { self.state.withLock { $0.sessions.contains(key) } }

    /// Moves a connection whose peer authenticated into the members' sessions, if one is free.
    func promote(_ key: ObjectIdentifier) -> Bool {
        self.state.withLock { state in
            guard state.handshaking[key] != nil else { return state.sessions.contains(key) }
            state.handshaking[key] = nil
            guard state.sessions.count < self.maximumConnections else { return false }
            state.sessions.insert(key)
            return true
        }
    }

    private func acceptLoop(_ listener: TCPListener) {
        while true {
            let pair: SocketStreamPair
            do {
                guard let accepted = try listener.accept(timeout: 1) else { continue }
                pair = accepted
            } catch let error as NetError where error.kind == .closed {
                return
            } catch {
                if self.stopping { return }
                self.logger.warning("accept failed: \(error)")
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            // Nothing is kept for it but the socket until its first frame proves a psk.
            let (stopping, evicted) = self.state.withLock { state -> (Bool, SocketStreamPair?) in
                guard !state.stopping else { return (true, nil) }
                var evicted: SocketStreamPair?
                if state.unproven.count >= SyncNetLimits.maximumUnproven { evicted = state.unproven.removeFirst().pair }
                state.unproven.append((pair, ProcessInfo.processInfo.systemUptime, false))
                return (false, evicted)
            }
            if stopping {
                pair.close()
                return
            }
            if let evicted {
                self.logger.debug("closed the oldest unproven connection (\(evicted.remote)) for a new one (SyncNetLimits.maximumUnproven)")
                evicted.close()
            }
        }
    }

    /// Watches the unproven connections on one thread: a connection whose first frame proves
    /// a psk this server accepts (HANDSHAKE.md §4.6) goes on to its handshake; one that proves
    /// none, closes, or has not sent a whole first frame within
    /// ``SyncNetLimits/unprovenDeadline`` seconds is closed.
    private func gateLoop() {
        while true {
            let now = ProcessInfo.processInfo.systemUptime
            let turn = self.state.withLock { state -> (expired: [SocketStreamPair], waiting: [SocketStreamPair], partial: [SocketStreamPair])? in
                guard !state.stopping else { return nil }
                let expired = state.unproven.filter { now - $0.since > SyncNetLimits.unprovenDeadline }.map(\.pair)
                state.unproven.removeAll { now - $0.since > SyncNetLimits.unprovenDeadline }
                // A partial first frame stays readable: it is peeked again at each turn, not polled.
                return (expired, state.unproven.filter { !$0.partial }.map(\.pair), state.unproven.filter(\.partial).map(\.pair))
            }
            guard let (expired, waiting, partial) = turn else { return }
            for pair in expired { pair.close() }
            let ready = SocketPoller.ready(waiting, timeout: partial.isEmpty ? 0.05 : 0.02)
            let psks = self.currentGateKeys()
            for pair in ready.map({ waiting[$0] }) + partial {
                let peeked = pair.peek(max: Mac1.firstFrameLength + 1)
                if peeked.closed {
                    self.dropUnproven(pair)
                } else if peeked.bytes.count >= Mac1.firstFrameLength || (peeked.bytes.count >= 2 && Int(peeked.bytes[0]) << 8 | Int(peeked.bytes[1]) != Mac1.messageOneLength + Mac1.length) {
                    let frame = Array(peeked.bytes.prefix(Mac1.firstFrameLength))
                    // Every hosted collective is tried, whichever matches (the time taken does
                    // not tell which one did); the first that does serves the session.
                    var hosted: Int?
                    for (index, replica) in self.replicas.enumerated() where index < psks.count {
                        if Mac1.matching(firstFrame: frame, psks: psks[index], collective: replica.collective) != nil { hosted = hosted ?? index }
                    }
                    if let hosted {
                        let stillThere = self.state.withLock { state in
                            defer { state.unproven.removeAll { $0.pair.handle === pair.handle } }
                            return state.unproven.contains { $0.pair.handle === pair.handle }
                        }
                        if stillThere { self.admit(pair, hosted: hosted) }
                    } else {
                        self.logger.debug("closed a connection from \(pair.remote): \(SyncError.unproven)")
                        self.dropUnproven(pair)
                    }
                } else {
                    self.state.withLock { state in
                        if let index = state.unproven.firstIndex(where: { $0.pair.handle === pair.handle }) { state.unproven[index].partial = true }
                    }
                }
            }
        }
    }

    private func dropUnproven(_ pair: SocketStreamPair) {
        self.state.withLock { $0.unproven.removeAll { $0.pair.handle === pair.handle } }
        pair.close()
    }

    /// For each hosted collective, the psks a first frame may prove: read again once a second
    /// (invites expire), and at once when an `invites.json` changed (an invite made a moment
    /// ago by `entente invite`).
    private func currentGateKeys() -> [[[UInt8]]] {
        let now = ProcessInfo.processInfo.systemUptime
        let stamp = self.inviteStores.map(\.stamp).joined(separator: "|")
        let cached = self.state.withLock { $0.gateKeys }
        if cached.read >= 0 && now - cached.read < 1 && cached.invites == stamp { return cached.psks }
        let psks = zip(self.replicas, self.inviteStores).map { replica, invites in
            let secrets = (try? replica.secretChain().accepted) ?? []
            return secrets + ((try? invites.joinableInvites()) ?? []).compactMap { $0.psk.flatMap(Hex.decode) }
        }
        self.state.withLock { $0.gateKeys = (psks, now, stamp) }
        return psks
    }

    /// A connection that proved a psk of the hosted collective `hosted`: into the handshakes,
    /// within their caps, on a thread.
    private func admit(_ pair: SocketStreamPair, hosted: Int) {
        enum Admission { case stopping, tooManyFromAddress, admitted(evicted: SocketStreamPair?) }
        let address = pair.remote.host
        let key = ObjectIdentifier(pair.handle)
        let admission = self.state.withLock { state -> Admission in
            guard !state.stopping else { return .stopping }
            guard state.handshaking.values.filter({ $0.address == address }).count < self.maximumHandshakesPerAddress else { return .tooManyFromAddress }
            var evicted: SocketStreamPair?
            if state.handshaking.count >= self.maximumHandshakes,
               let oldest = state.handshaking.min(by: { $0.value.order < $1.value.order })?.key {
                state.handshaking[oldest] = nil
                evicted = state.active[oldest]
            }
            state.active[key] = pair
            state.arrivals += 1
            state.handshaking[key] = (address, state.arrivals)
            return .admitted(evicted: evicted)
        }
        switch admission {
        case .stopping:
            pair.close()
        case .tooManyFromAddress:
            self.logger.debug("closed a connection from \(pair.remote): \(self.maximumHandshakesPerAddress) handshakes from that address already (SyncNetLimits.maximumHandshakesPerAddress)")
            pair.close()
        case .admitted(let evicted):
            if let evicted {
                self.logger.debug("closed the oldest unfinished handshake (\(evicted.remote)) for a new connection (SyncNetLimits.maximumHandshakes)")
                evicted.close()
            }
            let started = self.threads.spawn(name: "entente-serve-\(pair.remote)", closing: pair) { [self] in
                self.serve(pair, key: key, hosted: hosted)
                self.forget(key)
            }
            if !started { self.forget(key) }
        }
    }

    /// A session's connection, once its thread is done with it.
    private func forget(_ key: ObjectIdentifier) {
        self.state.withLock { state in
            state.active[key] = nil
            state.handshaking[key] = nil
            state.sessions.remove(key)
        }
    }

    private func serve(_ pair: SocketStreamPair, key: ObjectIdentifier, hosted: Int) {
        let result: Result<SyncSummary, Error>
        let replica = self.replicas[hosted], invites = self.inviteStores[hosted]
        do {
            let noise = try replica.noiseKey()
            let payload = HandshakePayload.member(identity: replica.identity, collective: replica.collective, staticKey: Array(noise.publicKey.rawRepresentation))
            let secrets = try replica.secretChain()
            var configuration = SyncSession.Configuration(collective: replica.collective, staticKey: noise, psk: secrets.current, payload: payload)
            configuration.earlierPSKs = Array(secrets.accepted.dropFirst())
            let open = (try? invites.joinableInvites()) ?? []
            configuration.invitePSKs = open.compactMap { $0.psk.flatMap(Hex.decode) }
            var session = try SyncSession(role: .responder, configuration: configuration)
            let handler = ReplicaSyncHandler(
                replica: replica, mode: .member, invites: invites, storeLock: SyncLocks.lock(for: replica),
                logger: self.logger, progress: nil)
            handler.openInvites = open.filter { $0.psk.flatMap(Hex.decode) != nil }
            handler.mayStart = { [weak self] in self?.promote(key) ?? false }
            var summary = try SessionDriver.run(&session, over: pair, handler: handler, idleTimeout: self.idleTimeout, handshakeDeadline: self.handshakeDeadline)
            // Serving several collectives, each line says which one the session was for.
            if self.replicas.count > 1 { summary.peer += " [\(Self.name(of: replica))]" }
            self.logger.info("session with \(summary.peer) (\(summary.address)): received \(summary.changesReceived) changes (\(summary.applied) new), sent \(summary.changesSent)")
            if summary.applied > 0 { SyncClient.rotateIfDue(replica, logger: self.logger) }
            result = .success(summary)
        } catch {
            pair.close()
            // A connection that never authenticated is noise, not news (a flood would spam).
            if self.promoted(key) {
                self.logger.warning("session with \(pair.remote) ended: \(error)")
            } else {
                self.logger.debug("connection from \(pair.remote) closed before authenticating: \(error)")
            }
            result = .failure(error)
        }
        self.onSession?(result)
    }

    /// A collective's name as its replica holds it (its id's first hex digits if unreadable).
    static func name(of replica: Replica) -> String {
        replica.collectiveName() ?? String(replica.collective.hex.prefix(8))
    }
}
