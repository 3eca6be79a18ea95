import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Serves a replica to the collective's members over TCP (`entente serve`), many at once.
///
/// Each connection gets its own thread and idle timeout, so a slow or hostile peer never
/// blocks the others; at most `maximumConnections` sessions run at once and further
/// connections are closed at once. Newcomers holding an invite this replica issued are
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
    public let idleTimeout: TimeInterval
    public let invites: InviteStore
    private let logger: Logger
    private let lock = NSLock()
    private var listener: TCPListener?
    private var active: [ObjectIdentifier: SocketStreamPair] = [:]
    private var stopping = false
    private var acceptThreadDone = DispatchSemaphore(value: 0)
    private var sessionsDone = DispatchGroup()
    /// Called after every session, successful or not (from the session's thread).
    public var onSession: (@Sendable (Result<SyncSummary, Error>) -> Void)?

    public init(
        replica: Replica, maximumConnections: Int = SyncNetLimits.maximumConnections,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout, logger: Logger = Logger(label: "entente.serve")
    ) {
        self.replica = replica
        self.maximumConnections = max(1, maximumConnections)
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
            _ = try self.replica.collectiveSecret()
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

    /// The number of sessions running now.
    public var activeSessions: Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.active.count
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
            guard self.active.count < self.maximumConnections else {
                self.lock.unlock()
                self.logger.warning("refused a connection from \(pair.remote): already serving \(self.maximumConnections) peers (SyncNetLimits.maximumConnections)")
                pair.close()
                continue
            }
            let key = ObjectIdentifier(pair.handle)
            self.active[key] = pair
            self.sessionsDone.enter()
            self.lock.unlock()
            let thread = Thread { [self] in
                self.serve(pair)
                self.lock.lock()
                self.active[key] = nil
                self.lock.unlock()
                self.sessionsDone.leave()
            }
            thread.name = "entente-serve-\(pair.remote)"
            thread.start()
        }
    }

    private func serve(_ pair: SocketStreamPair) {
        let result: Result<SyncSummary, Error>
        do {
            let noise = try self.replica.noiseKey()
            let payload = HandshakePayload.member(identity: self.replica.identity, collective: self.replica.collective, staticKey: Array(noise.publicKey.rawRepresentation))
            var configuration = SyncSession.Configuration(collective: self.replica.collective, staticKey: noise, psk: try self.replica.collectiveSecret(), payload: payload)
            let open = (try? self.invites.openInvites()) ?? []
            configuration.invitePSKs = open.compactMap { $0.psk.flatMap(Hex.decode) }
            var session = try SyncSession(role: .responder, configuration: configuration)
            let handler = ReplicaSyncHandler(
                replica: self.replica, mode: .member, invites: self.invites, storeLock: SyncLocks.lock(for: self.replica),
                logger: self.logger, progress: nil)
            handler.openInvites = open.filter { $0.psk.flatMap(Hex.decode) != nil }
            let summary = try SessionDriver.run(&session, over: pair, handler: handler, idleTimeout: self.idleTimeout)
            self.logger.info("session with \(summary.peer) (\(summary.address)): received \(summary.changesReceived) changes (\(summary.applied) new), sent \(summary.changesSent)")
            result = .success(summary)
        } catch {
            pair.close()
            self.logger.warning("session with \(pair.remote) ended: \(error)")
            result = .failure(error)
        }
        self.onSession?(result)
    }
}
