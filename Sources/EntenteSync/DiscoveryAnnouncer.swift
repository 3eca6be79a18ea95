import EntenteCore
import EntenteLocking
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
public final class DiscoveryAnnouncer: Sendable {
    public let replica: Replica
    public let port: UInt16
    public let configuration: DiscoveryConfiguration
    private let logger: Logger

    /// What the announce and receive threads share.
    private struct State {
        var flags: DiscoveryAnnouncement.Flags
        var channel: DiscoveryChannel?
        /// One key per collective secret this device accepts; the first (the current one) seals.
        var keys: [DiscoveryKey] = []
        var table: PeerTable
        var members: [(author: AuthorKey, name: String)] = []
        var membersLoaded: TimeInterval = -1
        var stateHash: [UInt8] = []
        /// Whether ``announceNow()`` asked for an announcement since the last one.
        var triggered = false
        var stopping = false
        var ignored = 0
        var onNewPeer: (@Sendable (DiscoveredPeer) -> Void)?
    }

    private let state: LockedValue<State>
    /// Signalled by ``announceNow()`` and ``stop()``: it ends the announce thread's wait.
    private let wake = DispatchSemaphore(value: 0)
    private let threads = SessionGroup()
    private let started = Date()

    /// Called (on a discovery thread) when a peer is heard for the first time.
    public var onNewPeer: (@Sendable (DiscoveredPeer) -> Void)? {
        get { self.state.withLock { $0.onNewPeer } }
        set { self.state.withLock { $0.onNewPeer = newValue } }
    }

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
        self.configuration = configuration
        self.logger = logger
        self.state = LockedValue(State(flags: port == 0 ? flags.subtracting(.serving) : flags, table: PeerTable(expiry: configuration.expiry)))
    }

    deinit {
        self.stop()
    }

    /// Binds the discovery sockets, announces once and starts the announce and receive threads.
    /// - Throws: `SyncFailure.network` (no such interface, multicast unavailable),
    ///   `.replica` (the collective secret cannot be read).
    public func start() throws {
        let keys: [DiscoveryKey]
        do {
            keys = try self.currentKeys()
        } catch {
            throw SyncFailure.replica(error)
        }
        let channel = try DiscoveryChannel(self.configuration)
        self.state.withLock { state in
            state.keys = keys
            state.channel = channel
        }
        self.reloadMembers()
        self.announce()
        for target in channel.targets {
            self.threads.spawn(name: "entente-discovery-receive") { self.receiveLoop(target.socket) }
        }
        self.threads.spawn(name: "entente-discovery-announce") { self.announceLoop() }
    }

    /// Stops announcing and listening and waits for the threads (they end within half a
    /// second; at most ``SyncNetLimits/stopDeadline``). Idempotent.
    public func stop() {
        let (wasStopping, channel) = self.state.withLock { state in
            defer { state.stopping = true }
            return (state.stopping, state.channel)
        }
        guard !wasStopping else { return }
        self.wake.signal()
        channel?.close()
        self.threads.cancel()
        self.threads.wait(within: SyncNetLimits.stopDeadline)
    }

    /// The flags announced now.
    public var announcedFlags: DiscoveryAnnouncement.Flags { self.state.withLock { $0.flags } }

    /// Changes the flags and announces them at once (`.serving` needs a port).
    public func update(flags: DiscoveryAnnouncement.Flags) {
        self.state.withLock { $0.flags = self.port == 0 ? flags.subtracting(.serving) : flags }
        self.announceNow()
    }

    /// Announces again at once (rate-limited): call it after the replica changed.
    public func announceNow() {
        self.state.withLock { $0.triggered = true }
        self.wake.signal()
    }

    /// The peers heard recently (expired ones removed), by name.
    public var peers: [DiscoveredPeer] {
        let now = self.clock()
        return self.state.withLock { state in
            state.table.expire(now: now)
            return state.table.peers
        }
    }

    /// The state hash last announced (32 bytes).
    public var announcedStateHash: [UInt8] { self.state.withLock { $0.stateHash } }

    /// How many datagrams were ignored (foreign, malformed, stale, replayed, our own).
    public var ignoredCount: Int { self.state.withLock { $0.ignored } }

    // MARK: - Threads

    private func clock() -> TimeInterval { Date().timeIntervalSince(self.started) }

    private var isStopping: Bool { self.state.withLock { $0.stopping } }

    private func announceLoop() {
        var last = Date()
        while !self.isStopping {
            let deadline = last.addingTimeInterval(self.configuration.announceInterval)
            while !self.state.withLock({ $0.triggered || $0.stopping }) && Date() < deadline {
                let wait = max(0, min(deadline.timeIntervalSinceNow, 0.5))
                _ = self.wake.wait(timeout: .now() + .milliseconds(Int(wait * 1000)))
            }
            let wasTriggered = self.state.withLock { state in
                defer { state.triggered = false }
                return state.triggered
            }
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
        let (channel, key) = self.state.withLock { ($0.channel, $0.keys.first) }
        guard let channel, let key else { return }
        let hash = (try? self.replica.stateHash()).flatMap(Hex.decode) ?? [UInt8](repeating: 0, count: 32)
        let flags = self.state.withLock { state in
            state.stateHash = hash
            return state.flags
        }
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
            self.state.withLock { $0.keys = keys }
        }
        let members = ((try? self.replica.directory(today: UTCTime.today()).members) ?? [])
            .filter(\.isActive).flatMap { member in member.keys.map { (author: $0, name: member.name) } }
        let now = self.clock()
        self.state.withLock { state in
            state.members = members
            state.membersLoaded = now
        }
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
        let keys = self.state.withLock { $0.keys }
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
            let asOf = self.clock()
            let stale = self.state.withLock { asOf - $0.membersLoaded > 1 }
            if stale {
                self.reloadMembers()
                member = self.resolve(packet)
            }
        }
        let heard = self.clock()
        let (outcome, peer, onNewPeer) = self.state.withLock { state in
            let outcome = state.table.record(packet, from: datagram.source, member: member, now: heard)
            if outcome == .replayed || outcome == .full { state.ignored += 1 }
            return (outcome, state.table.peers.first { $0.packet.nonce == packet.nonce }, state.onNewPeer)
        }
        if outcome == .new, let peer {
            self.logger.debug("heard \(peer.name) at \(peer.endpoint)")
            onNewPeer?(peer)
            self.announceNow()
        }
    }

    private func resolve(_ packet: DiscoveryPacket) -> (author: AuthorKey, name: String)? {
        let members = self.state.withLock { $0.members }
        return members.first { $0.author == packet.author }
    }

    private func countIgnored() {
        self.state.withLock { $0.ignored += 1 }
    }
}
