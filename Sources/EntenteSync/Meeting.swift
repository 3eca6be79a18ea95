import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// `entente meet`: serve, announce, discover the members present and sync with each until
/// every present replica holds the same state (compared through the state tag of their
/// announcements, `Protocol/DISCOVERY.md`), then write the signed meeting record.
///
/// ```swift
/// let meeting = MeetingSession(replica: replica, discovery: configuration,
///                              bounds: MeetingBounds(duration: 60, untilConverged: true, expectedPeers: 2))
/// let outcome = try meeting.run { event in print(event) }
/// try meeting.conclude(outcome, date: "2026-11-27", decisions: ["Ship v1"])
/// ```
public final class MeetingSession: Sendable {
    /// The least seconds between two syncs with one peer, and the most after failures.
    public static let retryDelay: TimeInterval = 0.3
    public static let maximumRetryDelay: TimeInterval = 5

    public let replica: Replica
    public let discovery: DiscoveryConfiguration
    public let bounds: MeetingBounds
    /// Peers given by address (`--peer HOST:PORT`), for networks where multicast is blocked.
    public let manualPeers: [TCPEndpoint]
    private let bind: String
    private let tcpPort: UInt16
    private let logger: Logger
    /// What the session holds while it runs, and what it concluded.
    private struct State {
        var server: SyncServer?
        var announcer: DiscoveryAnnouncer?
        var unproven: [String] = []
        var attachedTo: RecordID?
    }

    private let state = LockedValue(State())
    private var announcer: DiscoveryAnnouncer? { self.state.withLock { $0.announcer } }

    /// After ``conclude(_:date:decisions:linger:)`` wrote a record: the attendees it names
    /// without a signed presence (reached only by address, or not heard announcing the
    /// meeting's state), who therefore do not count as present (`Protocol/VISION.md`, "`meeting`").
    public var unproven: [String] { self.state.withLock { $0.unproven } }
    /// After ``conclude(_:date:decisions:linger:)``: the scribe's record this replica added its
    /// decisions to, when it gave decisions without being the scribe.
    public var attachedTo: RecordID? { self.state.withLock { $0.attachedTo } }

    public init(
        replica: Replica, discovery: DiscoveryConfiguration, bounds: MeetingBounds, manualPeers: [TCPEndpoint] = [],
        bind: String = "::", port: UInt16 = 0, logger: Logger = .quiet("entente.meet")
    ) {
        self.replica = replica
        self.discovery = discovery
        self.bounds = bounds
        self.manualPeers = manualPeers
        self.bind = bind
        self.tcpPort = port
        self.logger = logger
    }

    /// Serves, announces and syncs until the bounds say stop; then announces `concluded` and
    /// keeps serving until ``conclude(_:date:decisions:linger:)`` or ``close()``.
    /// - Throws: `SyncFailure.network` when the server or discovery cannot start.
    public func run(events: (MeetingEvent) -> Void) throws -> MeetingOutcome {
        let positionBefore = try self.wrap { try self.replica.changeCount() }
        let server = SyncServer(replica: self.replica, idleTimeout: 10, logger: self.logger)
        let port = try server.start(bind: self.bind, port: self.tcpPort)
        self.state.withLock { $0.server = server }
        let announcer = DiscoveryAnnouncer(
            replica: self.replica, port: port, flags: [.serving, .meeting], configuration: self.discovery, logger: self.logger)
        server.onSession = { [weak announcer] result in
            if case .success(let summary) = result, summary.applied > 0 { announcer?.announceNow() }
        }
        do {
            try announcer.start()
        } catch {
            server.stop()
            throw error
        }
        self.state.withLock { $0.announcer = announcer }
        events(.listening(port: port, discovery: self.discovery.summary))

        let start = Date()
        var known: [String: String] = [:]  // peer id -> name
        var refused: Set<String> = []  // peers that refused us or that we refused (admission may still arrive)
        var nextAttempt: [String: Date] = [:]
        var failures: [String: Int] = [:]
        var manualInSync: [TCPEndpoint: String] = [:]  // endpoint -> state hash when last found in sync
        // peer -> (our state hash, its last announcement's nonce) when a sync with it exchanged
        // nothing: fresher than that announcement, until it announces again.
        var syncedAt: [String: (hash: String, nonce: [UInt8])] = [:]
        func inSync(_ peer: DiscoveredPeer, _ hash: String) -> Bool {
            guard let mark = syncedAt[peer.author?.hex ?? peer.endpoint.description] else { return false }
            return mark.hash == hash && mark.nonce == peer.packet.nonce
        }
        var quorum = false  // `expectedPeers` were present and in sync once; later departures do not undo it
        var convergedSince: Date?
        var announcedConverged = ""
        var converged = false
        var myHash = try self.wrap { try self.replica.stateHash() }
        var attendees: [String: (author: AuthorKey?, name: String, endpoint: TCPEndpoint)] = [:]

        while Date().timeIntervalSince(start) < self.bounds.duration {
            let present = announcer.peers.filter { $0.flags.contains(.serving) }
            let here = Dictionary(present.map { ($0.author?.hex ?? $0.endpoint.description, $0.name) }, uniquingKeysWith: { first, _ in first })
            for peer in present where known[peer.author?.hex ?? peer.endpoint.description] == nil {
                events(.arrived(name: peer.name, endpoint: peer.endpoint))
            }
            for (gone, name) in known where here[gone] == nil {
                // An `unknown member` named at last is not a departure.
                let renamed = present.contains { gone == $0.endpoint.description && $0.author != nil }
                if !renamed { events(.left(name: name)) }
            }
            known = here
            for peer in present {
                // One attendee per member device, however many addresses it announces from
                // (IPv4 and IPv6, two interfaces): keyed by its author key when it has one.
                // (A device first heard as an unknown member, named once its key is known, too.)
                if peer.author != nil { attendees[peer.endpoint.description] = nil }
                attendees[peer.author?.hex ?? peer.endpoint.description] = (peer.author, peer.name, peer.endpoint)
            }
            let mine = Hex.decode(myHash) ?? []

            // Sync with every present peer whose announced state differs from ours.
            for peer in present where !peer.holds(stateHash: mine) {
                let id = peer.author?.hex ?? peer.endpoint.description
                if inSync(peer, myHash) { continue }
                if let next = nextAttempt[id], next > Date() { continue }
                do {
                    let summary = try SyncClient.sync(replica: self.replica, with: peer.endpoint, idleTimeout: 10, logger: self.logger)
                    events(.synced(summary))
                    failures[id] = 0
                    refused.remove(id)
                    nextAttempt[id] = Date().addingTimeInterval(Self.retryDelay)
                    if summary.applied > 0 { announcer.announceNow() }
                    if summary.changesSent == 0 && summary.changesReceived == 0 {
                        syncedAt[id] = (try self.wrap { try self.replica.stateHash() }, peer.packet.nonce)
                    }
                } catch {
                    switch error as? SyncFailure {
                    case .refusedPeer?, .refusedByPeer?: refused.insert(id)
                    default: break
                    }
                    let count = (failures[id] ?? 0) + 1
                    failures[id] = count
                    let delay = min(Self.maximumRetryDelay, Self.retryDelay * pow(2, Double(count)))
                    nextAttempt[id] = Date().addingTimeInterval(delay)
                    if count == 1 || count % 5 == 0 {
                        events(.syncFailed(name: peer.name, endpoint: peer.endpoint, error: error))
                    }
                }
                myHash = try self.wrap { try self.replica.stateHash() }
            }

            // Peers given by address: synced until one sync exchanges nothing at our state.
            for endpoint in self.manualPeers where manualInSync[endpoint] != myHash {
                let id = "manual:" + endpoint.description
                if let next = nextAttempt[id], next > Date() { continue }
                do {
                    let summary = try SyncClient.sync(replica: self.replica, with: endpoint, idleTimeout: 10, logger: self.logger)
                    events(.synced(summary))
                    attendees[endpoint.description] = (nil, summary.peer, endpoint)
                    myHash = try self.wrap { try self.replica.stateHash() }
                    if summary.changesSent == 0 && summary.changesReceived == 0 { manualInSync[endpoint] = myHash }
                    if summary.applied > 0 { announcer.announceNow() }
                    nextAttempt[id] = Date().addingTimeInterval(Self.retryDelay)
                } catch {
                    let count = (failures[id] ?? 0) + 1
                    failures[id] = count
                    nextAttempt[id] = Date().addingTimeInterval(min(Self.maximumRetryDelay, Self.retryDelay * pow(2, Double(count))))
                    if count == 1 || count % 5 == 0 {
                        events(.syncFailed(name: endpoint.description, endpoint: endpoint, error: error))
                    }
                }
            }

            myHash = try self.wrap { try self.replica.stateHash() }
            let mineNow = Hex.decode(myHash) ?? []
            // A peer refused on admission (a member archived, or one whose admission has not
            // reached one side yet) does not block convergence while its state differs; only
            // peers known to hold our state count towards `expectedPeers`.
            let serving = announcer.peers.filter { $0.flags.contains(.serving) }
            let settled = serving.filter { $0.holds(stateHash: mineNow) || inSync($0, myHash) }
            let blocking = serving.filter { peer in
                let id = peer.author?.hex ?? peer.endpoint.description
                return !refused.contains(id) && !settled.contains { ($0.author?.hex ?? $0.endpoint.description) == id }
            }
            let manualSettled = self.manualPeers.filter { manualInSync[$0] == myHash }
            let allSame = blocking.isEmpty && manualSettled.count == self.manualPeers.count
            let enough = quorum || settled.count + manualSettled.count >= self.bounds.expectedPeers
            let current = settled
            if allSame && enough {
                if convergedSince == nil { convergedSince = Date() }
                quorum = !attendees.isEmpty
                if announcedConverged != myHash {
                    announcedConverged = myHash
                    events(.converged(stateHash: myHash, peers: current.map(\.name) + self.manualPeers.compactMap { attendees[$0.description]?.name }))
                }
                converged = true
                if self.bounds.untilConverged, let since = convergedSince, Date().timeIntervalSince(since) >= self.bounds.settle { break }
            } else {
                convergedSince = nil
                converged = false
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        // Still serving, still announcing `meeting` without `concluded`: `conclude` says the
        // meeting ended here and whether this replica writes, in one announcement, so that no
        // peer ever hears `concluded` from a writer before it hears `recording`.
        let vectorAfter = try self.wrap { try self.replica.authorClock() }
        // A peer given by address that discovery also found is one attendee, not two.
        let named = Set(attendees.values.filter { $0.author != nil }.map(\.name))
        let present = attendees.values.filter { $0.author != nil || !named.contains($0.name) }.sorted { $0.name < $1.name }
        return MeetingOutcome(
            attendees: present.map { ($0.author, $0.name) }, converged: converged, stateHash: myHash,
            positionBefore: positionBefore, vectorAfter: vectorAfter, endpoints: present.map(\.endpoint))
    }

    /// Whether this replica writes the meeting record when nobody typed a decision: the
    /// attendee with the smallest author key (every replica agrees without talking).
    public func isScribe(_ outcome: MeetingOutcome) -> Bool {
        outcome.attendees.compactMap(\.author).allSatisfy { self.replica.author < $0 }
    }

    /// Ends the meeting: writes the signed meeting record when this replica is the scribe or
    /// `decisions` is not empty (once every attendee in meeting mode announced `concluded`,
    /// at most `linger` seconds), shares it with the attendees and waits (at most three times
    /// `linger`) for the decisions attendees add to it; otherwise waits up to three times
    /// `linger` for the scribe's record (and the decisions added to it) to arrive. Then stops serving.
    /// - Returns: the record written here, if any.
    @discardableResult
    public func conclude(_ outcome: MeetingOutcome, date: String, decisions: [String], linger: TimeInterval = 5) throws -> RecordID? {
        defer { self.close() }
        let decisions = decisions.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let writes = self.isScribe(outcome) || !decisions.isEmpty
        // One announcement says both that the meeting ended here and whether this replica
        // writes: the others wait for the record (or these decisions) before they stop serving.
        self.announcer?.update(flags: writes ? [.serving, .meeting, .concluded, .recording] : [.serving, .meeting, .concluded])
        guard writes else {
            // The scribe may wait `linger` for the others before it writes, and an attendee
            // with decisions adds them once the record reached it: wait as long as the scribe
            // does (the wait ends as soon as every expected writer has written).
            try self.awaitRecords(outcome, until: Date().addingTimeInterval(linger * 3))
            return nil
        }
        if !self.isScribe(outcome) {
            // One meeting, one record: the scribe writes it; an attendee who gave decisions
            // adds them to that record, and writes one itself only if it never comes.
            if let record = try self.awaitScribesRecord(outcome, until: Date().addingTimeInterval(linger * 2)) {
                let me = try self.wrap { try self.replica.directory(today: UTCTime.today()).member(for: self.replica.author)?.id }
                _ = try self.wrap {
                    try self.replica.commit(message: "") { change in
                        Meeting.writeDecisions(decisions, of: record, proposedBy: me, into: &change)
                    }
                }
                self.state.withLock { $0.attachedTo = record }
                for endpoint in outcome.endpoints {
                    _ = try? SyncClient.sync(replica: self.replica, with: endpoint, idleTimeout: 10, logger: self.logger)
                }
                try self.awaitRecords(outcome, until: Date().addingTimeInterval(linger))
                return nil
            }
        }
        let waitUntil = Date().addingTimeInterval(linger)
        let attendeeKeys = Set(outcome.attendees.compactMap(\.author))
        while Date() < waitUntil, let announcer = self.announcer {
            let running = announcer.peers.filter {
                $0.flags.contains(.meeting) && !$0.flags.contains(.concluded) && $0.author.map(attendeeKeys.contains) == true
            }
            if running.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let records = try self.wrap { try self.replica.records() }
        let directory = Directory(records: records, today: UTCTime.today())
        // Peers given by address are known by the name their sync reported.
        var attendeeIDs = outcome.attendees.compactMap { attendee in
            attendee.author.flatMap(directory.member(for:))?.id
                ?? directory.members.first { $0.isActive && $0.name == attendee.name }?.id
        }
        let me = directory.member(for: self.replica.author)?.id
        if let me { attendeeIDs.append(me) }
        var id: RecordID?
        let hash = Hex.decode(outcome.stateHash) ?? []
        // Each attendee's signed word that it announced this state in meeting mode: without
        // it, a record would only have the recorder's word that they were there.
        let proofs = (self.announcer?.peers ?? []).compactMap { peer -> PresenceProof? in
            guard let author = peer.author, attendeeKeys.contains(author), peer.packet.reports(stateHash: hash),
                  peer.packet.presence.inMeeting else { return nil }
            return peer.packet.presence
        }
        let provenKeys = Set(proofs.map(\.author))
        let unproven = outcome.attendees.filter { $0.author.map { !provenKeys.contains($0) } ?? true }.map(\.name)
        self.state.withLock { $0.unproven = unproven }
        let change = try self.wrap {
            try self.replica.commit(message: "") { change in
                id = Meeting.write(into: &change, date: date, attendees: attendeeIDs, stateHash: hash,
                                   vector: outcome.vectorAfter, decisions: decisions, recordedBy: me, presence: proofs)
            }
        }
        id = id.map(change.resolve)
        for endpoint in outcome.endpoints {
            _ = try? SyncClient.sync(replica: self.replica, with: endpoint, idleTimeout: 10, logger: self.logger)
        }
        // Other writers' records and decisions are waited for too. An attendee with decisions
        // first waits up to twice `linger` for this record, then adds them and syncs them back:
        // wait as long (the wait ends as soon as every expected writer has written).
        try self.awaitRecords(outcome, until: Date().addingTimeInterval(linger * 3))
        return id
    }

    /// The scribe's record of this meeting, once it has arrived (at most until `deadline`).
    func awaitScribesRecord(_ outcome: MeetingOutcome, until deadline: Date) throws -> RecordID? {
        let scribe = (outcome.attendees.compactMap(\.author) + [self.replica.author]).min()
        while Date() < deadline {
            let records = try self.wrap { try self.replica.records(kind: RecordKind.meeting) }
            if let record = records.first(where: { $0.header.position > outcome.positionBefore && $0.header.createdBy.author == scribe }) {
                return record.id
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Keeps serving until the record of this meeting has arrived, at most until `deadline`:
    /// the scribe's (the attendee with the smallest key), and the decisions (or, if the
    /// scribe's never came, the record) of every attendee announcing `recording`, and no
    /// attendee still converging (meeting mode without `concluded`, who may yet write one).
    func awaitRecords(_ outcome: MeetingOutcome, until deadline: Date) throws {
        let attendeeKeys = Set(outcome.attendees.compactMap(\.author))
        let scribe = (Array(attendeeKeys) + [self.replica.author]).min()
        while Date() < deadline {
            let records = try self.wrap { try self.replica.records(kind: RecordKind.meeting) }
            let meetings = Set(records.filter { $0.header.position > outcome.positionBefore }.map(\.id))
            let decisions = try self.wrap { try self.replica.records(kind: RecordKind.decision) }
                .filter { $0.header.position > outcome.positionBefore && $0.ref(Decision.Field.meeting).map(meetings.contains) == true }
            // The authors of this meeting's records, and of decisions added to them.
            let written = Set(records.map(\.header).filter { $0.position > outcome.positionBefore }.map(\.createdBy.author))
                .union(decisions.map(\.header.createdBy.author))
            var expected = Set(scribe.map { [$0] } ?? [])
            var converging = false
            for peer in self.announcer?.peers ?? [] {
                guard let author = peer.author, attendeeKeys.contains(author), peer.flags.contains(.meeting) else { continue }
                if peer.flags.contains(.recording) { expected.insert(author) }
                if !peer.flags.contains(.concluded) { converging = true }
            }
            expected.remove(self.replica.author)
            if !converging && expected.isSubset(of: written) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Stops serving (and announcing). Idempotent.
    public func close() {
        let (announcer, server) = self.state.withLock { state in
            defer {
                state.announcer = nil
                state.server = nil
            }
            return (state.announcer, state.server)
        }
        announcer?.stop()
        server?.stop()
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SyncFailure {
            throw error
        } catch {
            throw SyncFailure.replica(error)
        }
    }
}
