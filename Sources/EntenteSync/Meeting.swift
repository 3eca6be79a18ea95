import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// When a meeting ends by itself.
public struct MeetingBounds: Sendable, Equatable {
    /// The default seconds after which a meeting stops even if not converged.
    public static let defaultTimeout: TimeInterval = 120
    /// The default seconds every present replica must hold the same state before it counts.
    public static let defaultSettle: TimeInterval = 2

    /// Stop after this many seconds whatever happens (`--duration`, or the timeout).
    public var duration: TimeInterval
    /// Stop as soon as the present replicas converged (`--until-converged`).
    public var untilConverged: Bool
    /// With `untilConverged`: wait for at least this many other members (`--expect`).
    public var expectedPeers: Int
    /// With `untilConverged`: how long convergence must hold (a new peer may still arrive).
    public var settle: TimeInterval

    public init(duration: TimeInterval = MeetingBounds.defaultTimeout, untilConverged: Bool = false, expectedPeers: Int = 1,
                settle: TimeInterval = MeetingBounds.defaultSettle) {
        self.duration = duration
        self.untilConverged = untilConverged
        self.expectedPeers = max(1, expectedPeers)
        self.settle = settle
    }
}

/// Something that happened during a meeting, for the live summary.
public enum MeetingEvent: Sendable {
    case listening(port: UInt16, discovery: String)
    case arrived(name: String, endpoint: TCPEndpoint)
    case left(name: String)
    case synced(SyncSummary)
    case syncFailed(name: String, endpoint: TCPEndpoint, error: String)
    case converged(stateHash: String, peers: [String])
}

/// What a meeting reached.
public struct MeetingOutcome: Sendable {
    /// The members present (their author keys and names), this replica's member excluded.
    public var attendees: [(author: AuthorKey?, name: String)]
    /// Whether every present replica held ``stateHash`` when the meeting ended.
    public var converged: Bool
    /// The state reached (hex).
    public var stateHash: String
    /// This replica's version vector when the meeting began and ended.
    public var vectorBefore: VersionVector
    public var vectorAfter: VersionVector
    /// The endpoints the attendees serve on (to share the meeting record).
    public var endpoints: [TCPEndpoint]
}

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
public final class MeetingSession: @unchecked Sendable {  // used from one thread; the server and announcer are thread-safe
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
    private var server: SyncServer?
    private var announcer: DiscoveryAnnouncer?

    public init(
        replica: Replica, discovery: DiscoveryConfiguration, bounds: MeetingBounds, manualPeers: [TCPEndpoint] = [],
        bind: String = "::", port: UInt16 = 0, logger: Logger = Logger(label: "entente.meet")
    ) {
        self.replica = replica
        self.discovery = discovery
        self.bounds = bounds
        self.manualPeers = manualPeers
        self.bind = bind
        self.tcpPort = port
        self.logger = logger
    }

    /// Serves, announces and syncs until the bounds say stop; then stops announcing but
    /// keeps serving until ``conclude(_:date:decisions:linger:)`` or ``close()``.
    /// - Throws: `SyncFailure.network` when the server or discovery cannot start.
    public func run(events: (MeetingEvent) -> Void) throws -> MeetingOutcome {
        let vectorBefore = try self.wrap { try self.replica.versionVector() }
        let server = SyncServer(replica: self.replica, idleTimeout: 10, logger: self.logger)
        let port = try server.start(bind: self.bind, port: self.tcpPort)
        self.server = server
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
        self.announcer = announcer
        events(.listening(port: port, discovery: self.discovery.summary))

        let start = Date()
        var known: Set<String> = []
        var nextAttempt: [String: Date] = [:]
        var failures: [String: Int] = [:]
        var manualInSync: [TCPEndpoint: String] = [:]  // endpoint -> state hash when last found in sync
        var convergedSince: Date?
        var announcedConverged = ""
        var converged = false
        var myHash = try self.wrap { try self.replica.stateHash() }
        var attendees: [String: (author: AuthorKey?, name: String, endpoint: TCPEndpoint)] = [:]

        while Date().timeIntervalSince(start) < self.bounds.duration {
            let present = announcer.peers.filter { $0.flags.contains(.serving) }
            let names = Set(present.map { $0.author?.hex ?? $0.endpoint.description })
            for peer in present where !known.contains(peer.author?.hex ?? peer.endpoint.description) {
                events(.arrived(name: peer.name, endpoint: peer.endpoint))
            }
            for gone in known.subtracting(names) {
                events(.left(name: attendees[gone]?.name ?? gone))
            }
            known = names
            for peer in present {
                attendees[peer.author?.hex ?? peer.endpoint.description] = (peer.author, peer.name, peer.endpoint)
            }
            let mine = Hex.decode(myHash) ?? []

            // Sync with every present peer whose announced state differs from ours.
            for peer in present where !peer.holds(stateHash: mine) {
                let id = peer.author?.hex ?? peer.endpoint.description
                if let next = nextAttempt[id], next > Date() { continue }
                do {
                    let summary = try SyncClient.sync(replica: self.replica, with: peer.endpoint, idleTimeout: 10, logger: self.logger)
                    events(.synced(summary))
                    failures[id] = 0
                    nextAttempt[id] = Date().addingTimeInterval(Self.retryDelay)
                    if summary.applied > 0 { announcer.announceNow() }
                } catch {
                    let count = (failures[id] ?? 0) + 1
                    failures[id] = count
                    let delay = min(Self.maximumRetryDelay, Self.retryDelay * pow(2, Double(count)))
                    nextAttempt[id] = Date().addingTimeInterval(delay)
                    if count == 1 || count % 5 == 0 {
                        events(.syncFailed(name: peer.name, endpoint: peer.endpoint, error: String(describing: error)))
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
                    attendees[id] = (nil, summary.peer, endpoint)
                    myHash = try self.wrap { try self.replica.stateHash() }
                    if summary.changesSent == 0 && summary.changesReceived == 0 { manualInSync[endpoint] = myHash }
                    if summary.applied > 0 { announcer.announceNow() }
                    nextAttempt[id] = Date().addingTimeInterval(Self.retryDelay)
                } catch {
                    let count = (failures[id] ?? 0) + 1
                    failures[id] = count
                    nextAttempt[id] = Date().addingTimeInterval(min(Self.maximumRetryDelay, Self.retryDelay * pow(2, Double(count))))
                    if count == 1 || count % 5 == 0 {
                        events(.syncFailed(name: endpoint.description, endpoint: endpoint, error: String(describing: error)))
                    }
                }
            }

            myHash = try self.wrap { try self.replica.stateHash() }
            let mineNow = Hex.decode(myHash) ?? []
            let current = announcer.peers.filter { $0.flags.contains(.serving) }
            let allSame = current.allSatisfy { $0.holds(stateHash: mineNow) }
                && self.manualPeers.allSatisfy { manualInSync[$0] == myHash }
            let enough = current.count + self.manualPeers.count >= self.bounds.expectedPeers
            if allSame && enough {
                if convergedSince == nil { convergedSince = Date() }
                if announcedConverged != myHash {
                    announcedConverged = myHash
                    events(.converged(stateHash: myHash, peers: current.map(\.name) + self.manualPeers.compactMap { attendees["manual:" + $0.description]?.name }))
                }
                converged = true
                if self.bounds.untilConverged, let since = convergedSince, Date().timeIntervalSince(since) >= self.bounds.settle { break }
            } else {
                convergedSince = nil
                converged = false
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        announcer.stop()
        self.announcer = nil
        let vectorAfter = try self.wrap { try self.replica.versionVector() }
        let present = attendees.values.sorted { $0.name < $1.name }
        return MeetingOutcome(
            attendees: present.map { ($0.author, $0.name) }, converged: converged, stateHash: myHash,
            vectorBefore: vectorBefore, vectorAfter: vectorAfter, endpoints: present.map(\.endpoint))
    }

    /// Whether this replica writes the meeting record when nobody typed a decision: the
    /// attendee with the smallest author key (every replica agrees without talking).
    public func isScribe(_ outcome: MeetingOutcome) -> Bool {
        outcome.attendees.compactMap(\.author).allSatisfy { self.replica.author < $0 }
    }

    /// Ends the meeting: writes the signed meeting record when this replica is the scribe or
    /// `decisions` is not empty, and shares it with the attendees; otherwise waits up to
    /// `linger` seconds for the scribe's record to arrive. Then stops serving.
    /// - Returns: the record written here, if any.
    @discardableResult
    public func conclude(_ outcome: MeetingOutcome, date: String, decisions: [String], linger: TimeInterval = 5) throws -> RecordID? {
        defer { self.close() }
        let decisions = decisions.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard self.isScribe(outcome) || !decisions.isEmpty else {
            let deadline = Date().addingTimeInterval(linger)
            while Date() < deadline {
                let records = try self.wrap { try self.replica.records(kind: RecordKind.meeting) }
                // A meeting record written since this meeting began (the scribe's) has arrived.
                let tags = records.map(\.header.createdBy)
                if tags.contains(where: { !outcome.vectorBefore.includes(author: $0.author, seq: $0.seq) }) { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return nil
        }
        let records = try self.wrap { try self.replica.records() }
        let directory = Directory(records: records)
        var attendeeIDs = outcome.attendees.compactMap { $0.author.flatMap(directory.member(for:))?.id }
        let me = directory.member(for: self.replica.author)?.id
        if let me { attendeeIDs.append(me) }
        var id: RecordID?
        let hash = Hex.decode(outcome.stateHash) ?? []
        _ = try self.wrap {
            try self.replica.commit(message: "Meeting of \(date): \(attendeeIDs.count) attendee(s), \(decisions.count) decision(s)") { change in
                id = Meeting.write(into: &change, date: date, attendees: attendeeIDs, stateHash: hash,
                                   vector: outcome.vectorAfter, decisions: decisions, recordedBy: me)
            }
        }
        for endpoint in outcome.endpoints {
            _ = try? SyncClient.sync(replica: self.replica, with: endpoint, idleTimeout: 10, logger: self.logger)
        }
        return id
    }

    /// Stops serving (and announcing). Idempotent.
    public func close() {
        self.announcer?.stop()
        self.announcer = nil
        self.server?.stop()
        self.server = nil
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
