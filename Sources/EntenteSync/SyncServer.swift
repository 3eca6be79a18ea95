import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Serves a replica to the collective's members over TCP (`entente serve`), many at once.
///
/// Each connection gets its own thread and idle timeout, so a slow or hostile peer never
/// blocks the others. Connections still in their handshake are kept apart from members'
/// sessions: at most `maximumHandshakes` of them (a new one replaces the oldest), at most
/// `maximumHandshakesPerAddress` from one address, each with `handshakeDeadline` seconds to
/// finish; at most `maximumConnections` authenticated sessions run at once, and a member over
/// that limit is told `busy`. Newcomers holding an invite this replica issued are
/// admitted (a signed change adds their member record) and then synced.
///
/// ```swift
/// let server = SyncServer(replica: alice)
/// let port = try server.start(bind: "127.0.0.1", port: 0)
/// ... SyncClient.sync(replica: bob, with: TCPEndpoint(host: "127.0.0.1", port: port)) ...
/// server.stop()
/// ```
public final class SyncServer: @unchecked Sendable {  // mutable state is guarded by `lock`
    public let replica: Replica
    public let maximumConnections: Int
    public let maximumHandshakes: Int
    public let maximumHandshakesPerAddress: Int
    public let handshakeDeadline: TimeInterval
    public let idleTimeout: TimeInterval
    public let invites: InviteStore
    private let logger: Logger
    private let lock = NSLock()
    private var listener: TCPListener?
    private var active: [ObjectIdentifier: SocketStreamPair] = [:]
    /// Connections in their handshake, with their source address and arrival order.
    private var handshaking: [ObjectIdentifier: (address: String, order: UInt64)] = [:]
    private var arrivals: UInt64 = 0
    /// Authenticated sessions.
    private var sessions = Set<ObjectIdentifier>()
    private var stopping = false
    private var acceptThreadDone = DispatchSemaphore(value: 0)
    private var sessionsDone = DispatchGroup()
    /// Called after every session, successful or not (from the session's thread).
    public var onSession: (@Sendable (Result<SyncSummary, Error>) -> Void)?

    public init(
        replica: Replica, maximumConnections: Int = SyncNetLimits.maximumConnections,
        maximumHandshakes: Int = SyncNetLimits.maximumHandshakes,
        maximumHandshakesPerAddress: Int = SyncNetLimits.maximumHandshakesPerAddress,
        handshakeDeadline: TimeInterval = SyncNetLimits.handshakeDeadline,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout, logger: Logger = .quiet("entente.serve")
    ) {
        self.replica = replica
        self.maximumConnections = max(1, maximumConnections)
        self.maximumHandshakes = max(1, maximumHandshakes)
        self.maximumHandshakesPerAddress = max(1, maximumHandshakesPerAddress)
        self.handshakeDeadline = max(0.1, handshakeDeadline)
        self.idleTimeout = idleTimeout
        self.invites = InviteStore(folder: replica.folder)
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
        do {
            _ = try self.replica.noiseKey()
            _ = try self.replica.secretChain()
        } catch {
            throw SyncFailure.replica(error)
        }
        let listener: TCPListener
        do {
            listener = try TCPListener(bind: host, port: port)
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
        self.lock.lock()
        self.listener = listener
        self.lock.unlock()
        let thread = Thread { [self] in self.acceptLoop(listener) }
        thread.name = "entente-serve-accept"
        thread.start()
        return listener.localPort
    }

    /// Stops accepting, closes every connection and waits for the sessions to end.
    public func stop() {
        self.lock.lock()
        let wasStopping = self.stopping
        self.stopping = true
        let listener = self.listener
        let pairs = Array(self.active.values)
        self.lock.unlock()
        guard !wasStopping else { return }
        listener?.close()
        for pair in pairs { pair.close() }
        if listener != nil { self.acceptThreadDone.wait() }
        self.sessionsDone.wait()
    }

    /// Issues a single-use invite to this server, reachable by the newcomer at `host`
    /// (the port is the one `start` bound).
    /// - Throws: `SyncFailure.invite` when the server is not started, `.replica`.
    public func makeInvite(host: String, lifetime: TimeInterval = 86_400, for member: RecordID? = nil) throws -> InviteCode {
        self.lock.lock()
        let port = self.listener?.localPort
        self.lock.unlock()
        guard let port else { throw SyncFailure.invite("start the server before issuing invites to it") }
        do {
            let (key, expires) = try self.invites.issue(collective: self.replica.collective, lifetime: lifetime, for: member)
            return InviteCode(collective: self.replica.collective, key: key, expires: expires, host: host, port: port)
        } catch let error as InviteStoreError {
            throw SyncFailure.invite(error.description)
        } catch {
            throw SyncFailure.replica(error)
        }
    }

    /// The number of connections open now (handshaking or in a session).
    public var activeSessions: Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.active.count
    }

    /// Connections in their handshake now, and authenticated sessions now.
    public var load: (handshaking: Int, sessions: Int) {
        self.lock.lock()
        defer { self.lock.unlock() }
        return (self.handshaking.count, self.sessions.count)
    }

    func promoted(_ key: ObjectIdentifier) -> Bool {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.sessions.contains(key)
    }

    /// Moves a connection whose peer authenticated into the members' sessions, if one is free.
    func promote(_ key: ObjectIdentifier) -> Bool {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard self.handshaking[key] != nil else { return self.sessions.contains(key) }
        self.handshaking[key] = nil
        guard self.sessions.count < self.maximumConnections else { return false }
        self.sessions.insert(key)
        return true
    }

    private func acceptLoop(_ listener: TCPListener) {
        defer { self.acceptThreadDone.signal() }
        while true {
            let pair: SocketStreamPair
            do {
                guard let accepted = try listener.accept(timeout: 1) else { continue }
                pair = accepted
            } catch let error as NetError where error.kind == .closed {
                return
            } catch {
                self.lock.lock()
                let stopping = self.stopping
                self.lock.unlock()
                if stopping { return }
                self.logger.warning("accept failed: \(error)")
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            self.lock.lock()
            if self.stopping {
                self.lock.unlock()
                pair.close()
                return
            }
            let address = pair.remote.host
            guard self.handshaking.values.filter({ $0.address == address }).count < self.maximumHandshakesPerAddress else {
                self.lock.unlock()
                self.logger.debug("closed a connection from \(pair.remote): \(self.maximumHandshakesPerAddress) handshakes from that address already (SyncNetLimits.maximumHandshakesPerAddress)")
                pair.close()
                continue
            }
            var evicted: SocketStreamPair?
            if self.handshaking.count >= self.maximumHandshakes,
               let oldest = self.handshaking.min(by: { $0.value.order < $1.value.order })?.key {
                self.handshaking[oldest] = nil
                evicted = self.active[oldest]
            }
            let key = ObjectIdentifier(pair.handle)
            self.active[key] = pair
            self.arrivals += 1
            self.handshaking[key] = (address, self.arrivals)
            self.sessionsDone.enter()
            self.lock.unlock()
            if let evicted {
                self.logger.debug("closed the oldest unfinished handshake (\(evicted.remote)) for a new connection (SyncNetLimits.maximumHandshakes)")
                evicted.close()
            }
            let thread = Thread { [self] in
                self.serve(pair, key: key)
                self.lock.lock()
                self.active[key] = nil
                self.handshaking[key] = nil
                self.sessions.remove(key)
                self.lock.unlock()
                self.sessionsDone.leave()
            }
            thread.name = "entente-serve-\(pair.remote)"
            thread.start()
        }
    }

    /// A session may have brought a member's archiving or departure: the collective secret
    /// is then renewed (`Protocol/VISION.md`, "`secret`"). A failure is logged, not fatal.
    private func rotateIfDue() {
        do {
            if let rotation = try self.replica.rotateSecretIfDue() {
                self.logger.info("renewed the collective secret (rotation \(rotation.short)): a member who left or was archived cannot read what follows")
            }
        } catch {
            self.logger.warning("could not renew the collective secret: \(error)")
        }
    }

    private func serve(_ pair: SocketStreamPair, key: ObjectIdentifier) {
        let result: Result<SyncSummary, Error>
        do {
            let noise = try self.replica.noiseKey()
            let payload = HandshakePayload.member(identity: self.replica.identity, collective: self.replica.collective, staticKey: Array(noise.publicKey.rawRepresentation))
            let secrets = try self.replica.secretChain()
            var configuration = SyncSession.Configuration(collective: self.replica.collective, staticKey: noise, psk: secrets.current, payload: payload)
            configuration.earlierPSKs = Array(secrets.accepted.dropFirst())
            let open = (try? self.invites.joinableInvites()) ?? []
            configuration.invitePSKs = open.compactMap { $0.psk.flatMap(Hex.decode) }
            var session = try SyncSession(role: .responder, configuration: configuration)
            let handler = ReplicaSyncHandler(
                replica: self.replica, mode: .member, invites: self.invites, storeLock: SyncLocks.lock(for: self.replica),
                logger: self.logger, progress: nil)
            handler.openInvites = open.filter { $0.psk.flatMap(Hex.decode) != nil }
            handler.mayStart = { [weak self] in self?.promote(key) ?? false }
            let summary = try SessionDriver.run(&session, over: pair, handler: handler, idleTimeout: self.idleTimeout, handshakeDeadline: self.handshakeDeadline)
            self.logger.info("session with \(summary.peer) (\(summary.address)): received \(summary.changesReceived) changes (\(summary.applied) new), sent \(summary.changesSent)")
            if summary.applied > 0 { self.rotateIfDue() }
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
}
