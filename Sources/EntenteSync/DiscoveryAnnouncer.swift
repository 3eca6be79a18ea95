import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Announces a replica on the LAN and listens for the other members' announcements
/// (`Protocol/DISCOVERY.md`).
///
/// It announces at once when started, every ``DiscoveryConfiguration/announceInterval``
/// seconds, and again at once when it hears a new peer or is told the state changed
/// (``announceNow()``). Announcements of other collectives, malformed, oversized, stale or
/// replayed datagrams and our own echo are ignored without noise (counted in
/// ``ignoredCount``). Peers silent for ``DiscoveryConfiguration/expiry`` seconds expire.
///
/// ```swift
/// let server = SyncServer(replica: replica)
/// let port = try server.start()
/// let announcer = DiscoveryAnnouncer(replica: replica, port: port)
/// try announcer.start()
/// ...
/// announcer.stop()
/// ```
public final class DiscoveryAnnouncer: @unchecked Sendable {  // mutable state is guarded by `lock`
    public let replica: Replica
    public let port: UInt16
    private var flags: DiscoveryAnnouncement.Flags
    public let configuration: DiscoveryConfiguration
    private let logger: Logger
    private let lock = NSLock()
    private let wake = NSCondition()
    private var channel: DiscoveryChannel?
    /// One key per collective secret this device accepts; the first (the current one) seals.
    private var keys: [DiscoveryKey] = []
    private var table: PeerTable
    private var members: [(author: AuthorKey, name: String)] = []
    private var membersLoaded: TimeInterval = -1
    private var stateHash: [UInt8] = []
    private var triggered = false
    private var stopping = false
    private var ignored = 0
    private var threads = DispatchGroup()
    private let started = Date()

    /// Called (on a discovery thread) when a peer is heard for the first time.
    public var onNewPeer: (@Sendable (DiscoveredPeer) -> Void)?

    /// - Parameters:
    ///   - port: the TCP port where `replica` is served (0 with `flags` empty: listen only,
    ///     as `entente peers` does).
    ///   - flags: `.serving` (the default) and `.meeting`.
    public init(
        replica: Replica, port: UInt16, flags: DiscoveryAnnouncement.Flags = .serving,
        configuration: DiscoveryConfiguration = DiscoveryConfiguration(),
        logger: Logger = .quiet("entente.discovery")
    ) {
        self.replica = replica
        self.port = port
        self.flags = port == 0 ? flags.subtracting(.serving) : flags
        self.configuration = configuration
        self.logger = logger
        self.table = PeerTable(expiry: configuration.expiry)
    }

    deinit {
        self.stop()
    }

    /// Binds the discovery sockets, announces once and starts the announce and receive threads.
    /// - Throws: `SyncFailure.network` (no such interface, multicast unavailable),
    ///   `.replica` (the collective secret cannot be read).
    public func start() throws {
        do {
            self.keys = try self.currentKeys()
        } catch {
            throw SyncFailure.replica(error)
        }
        let channel = try DiscoveryChannel(self.configuration)
        self.lock.lock()
        self.channel = channel
        self.lock.unlock()
        self.reloadMembers()
        self.announce()
        for target in channel.targets {
            self.spawn("entente-discovery-receive") { self.receiveLoop(target.socket) }
        }
        self.spawn("entente-discovery-announce") { self.announceLoop() }
    }

    /// Stops announcing and listening and waits for the threads. Idempotent.
    public func stop() {
        self.lock.lock()
        let wasStopping = self.stopping
        self.stopping = true
        let channel = self.channel
        self.lock.unlock()
        guard !wasStopping else { return }
        self.wake.lock()
        self.wake.broadcast()
        self.wake.unlock()
        channel?.close()
        self.threads.wait()
    }

    /// The flags announced now.
    public var announcedFlags: DiscoveryAnnouncement.Flags {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.flags
    }

    /// Changes the flags and announces them at once (`.serving` needs a port).
    public func update(flags: DiscoveryAnnouncement.Flags) {
        self.lock.lock()
        self.flags = self.port == 0 ? flags.subtracting(.serving) : flags
        self.lock.unlock()
        self.announceNow()
    }

    /// Announces again at once (rate-limited): call it after the replica changed.
    public func announceNow() {
        self.wake.lock()
        self.triggered = true
        self.wake.signal()
        self.wake.unlock()
    }

    /// The peers heard recently (expired ones removed), by name.
    public var peers: [DiscoveredPeer] {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.table.expire(now: self.clock())
        return self.table.peers
    }

    /// The state hash last announced (32 bytes).
    public var announcedStateHash: [UInt8] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.stateHash
    }

    /// How many datagrams were ignored (foreign, malformed, stale, replayed, our own).
    public var ignoredCount: Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.ignored
    }

    // MARK: - Threads

    private func clock() -> TimeInterval { Date().timeIntervalSince(self.started) }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        self.threads.enter()
        let thread = Thread { [self] in
            body()
            self.threads.leave()
        }
        thread.name = name
        thread.start()
    }

    private var isStopping: Bool {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.stopping
    }

    private func announceLoop() {
        var last = Date()
        while !self.isStopping {
            self.wake.lock()
            let deadline = last.addingTimeInterval(self.configuration.announceInterval)
            while !self.triggered && !self.isStopping && Date() < deadline {
                _ = self.wake.wait(until: min(deadline, Date().addingTimeInterval(0.5)))
            }
            let wasTriggered = self.triggered
            self.triggered = false
            self.wake.unlock()
            if self.isStopping { return }
            if wasTriggered {
                let gap = DiscoveryConfiguration.minimumTriggerGap - Date().timeIntervalSince(last)
                if gap > 0 { Thread.sleep(forTimeInterval: gap) }
            } else {
                self.reloadMembers()
            }
            self.announce()
            last = Date()
        }
    }

    private func announce() {
        self.lock.lock()
        let channel = self.channel, key = self.keys.first
        self.lock.unlock()
        guard let channel, let key else { return }
        let hash = (try? self.replica.stateHash()).flatMap(Hex.decode) ?? [UInt8](repeating: 0, count: 32)
        self.lock.lock()
        self.stateHash = hash
        let flags = self.flags
        self.lock.unlock()
        let announcement = DiscoveryAnnouncement(flags: flags, port: self.port, stateHash: hash)
        let bytes = key.seal(announcement, signer: self.replica.identity, time: UInt64(Date().timeIntervalSince1970), nonce: DiscoveryKey.randomNonce())
        if channel.send(bytes) == 0 {
            self.logger.debug("could not send a discovery announcement to \(self.configuration.summary)")
        }
    }

    /// A discovery key per accepted collective secret, the current one first.
    private func currentKeys() throws -> [DiscoveryKey] {
        try self.replica.secretChain().accepted.map { DiscoveryKey(secret: $0, collective: self.replica.collective) }
    }

    private func reloadMembers() {
        if let keys = try? self.currentKeys() {  // a rotation may have arrived
            self.lock.lock()
            self.keys = keys
            self.lock.unlock()
        }
        let members = ((try? self.replica.directory(today: UTCTime.today()).members) ?? [])
            .filter(\.isActive).flatMap { member in member.keys.map { (author: $0, name: member.name) } }
        self.lock.lock()
        self.members = members
        self.membersLoaded = self.clock()
        self.lock.unlock()
    }

    private func receiveLoop(_ socket: UDPMulticastSocket) {
        while !self.isStopping {
            let datagram: UDPDatagram?
            do {
                datagram = try socket.receive(timeout: 0.5)
            } catch {
                return  // closed by stop()
            }
            guard let datagram else { continue }
            self.handle(datagram)
        }
    }

    private func handle(_ datagram: UDPDatagram) {
        self.lock.lock()
        let keys = self.keys
        self.lock.unlock()
        // The current secret, then the earlier ones (a member who has not yet received the
        // last rotation still announces with the secret it holds).
        let now = UInt64(Date().timeIntervalSince1970)
        guard let packet = keys.lazy.compactMap({ try? $0.open(datagram.bytes, now: now) }).first else {
            self.countIgnored()
            return
        }
        if packet.isFrom(self.replica.author) {  // our own echo (multicast loopback)
            self.countIgnored()
            return
        }
        var member = self.resolve(packet)
        if member == nil {
            self.lock.lock()
            let stale = self.clock() - self.membersLoaded > 1
            self.lock.unlock()
            if stale {
                self.reloadMembers()
                member = self.resolve(packet)
            }
        }
        self.lock.lock()
        let outcome = self.table.record(packet, from: datagram.source, member: member, now: self.clock())
        let peer = self.table.peers.first { $0.packet.nonce == packet.nonce }
        if outcome == .replayed || outcome == .full { self.ignored += 1 }
        self.lock.unlock()
        if outcome == .new, let peer {
            self.logger.debug("heard \(peer.name) at \(peer.endpoint)")
            self.onNewPeer?(peer)
            self.announceNow()
        }
    }

    private func resolve(_ packet: DiscoveryPacket) -> (author: AuthorKey, name: String)? {
        self.lock.lock()
        let members = self.members
        self.lock.unlock()
        return members.first { $0.author == packet.author }
    }

    private func countIgnored() {
        self.lock.lock()
        self.ignored += 1
        self.lock.unlock()
    }
}
