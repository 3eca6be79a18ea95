import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteSync

/// Three replicas in one process meet over loopback multicast: no address is given anywhere.
@Suite("Meeting over loopback", .serialized, .timeLimit(.minutes(2)))
struct MeetLoopbackTests {
    @Test func threeReplicasFindEachOtherAndConverge() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.join("Carol", via: "Alice")  // Bob does not know Carol yet
        for (index, name) in ["Alice", "Bob", "Carol"].enumerated() {
            try collective.addCommitments(name, count: 3, seed: index)  // offline edits
        }
        let replicas = try ["Alice", "Bob", "Carol"].map { try collective.replica($0) }
        #expect(Set(try replicas.map { try $0.stateHash() }).count == 3)

        let configuration = LoopbackDiscovery.configuration()
        let bounds = MeetingBounds(duration: 60, untilConverged: true, expectedPeers: 2, settle: 1)
        let sessions = replicas.map {
            MeetingSession(replica: $0, discovery: configuration, bounds: bounds, bind: "127.0.0.1", port: 0)
        }
        let results = ResultBox<Result<(MeetingOutcome, RecordID?), Error>>(count: 3)
        let group = DispatchGroup()
        for (index, session) in sessions.enumerated() {
            DispatchQueue.global().async(group: group) {
                results.set(index, Result { () throws -> (MeetingOutcome, RecordID?) in
                    let outcome = try session.run { _ in }
                    let record = try session.conclude(outcome, date: "2026-11-27", decisions: index == 1 ? ["Bob leads the tender"] : [])
                    return (outcome, record)
                })
            }
        }
        #expect(group.wait(timeout: .now() + 90) == .success)
        let outcomes = try results.values.map { try #require($0).get() }
        for (outcome, _) in outcomes {
            #expect(outcome.converged)
            #expect(Set(outcome.attendees.map(\.name)).count == 2)
        }
        #expect(Set(outcomes.map(\.0.stateHash)).count == 1, "all reached one state")
        #expect(outcomes[0].0.attendees.map(\.name).sorted() == ["Bob", "Carol"])
        // Every replica holds every offline edit.
        for replica in replicas {
            #expect(try replica.records(kind: RecordKind.commitment).count == 9)
        }
        // One meeting, one record: the scribe (smallest key) wrote it; Bob, who gave a
        // decision, added it to that record instead of writing his own (issue 25).
        let scribe = replicas.indices.min { replicas[$0].author < replicas[$1].author } ?? 0
        #expect(outcomes[scribe].1 != nil)
        #expect(outcomes.filter { $0.1 != nil }.count == 1)
        if scribe != 1 { #expect(sessions[1].attachedTo == outcomes[scribe].1) }
        let meetings = Meeting.all(in: try replicas[scribe].records())
        #expect(meetings.count == 1)
        let record = try #require(meetings.first)
        let vision = Vision(records: try replicas[scribe].records())
        #expect(record.decisions(in: vision) == ["Bob leads the tender"])
        #expect(record.date == "2026-11-27")
        #expect(record.attendees.count == 3)
        // Every attendee's own device signed its presence in its announcements (issue 20, item 4).
        #expect(record.present(in: Vision(records: try replicas[scribe].records()).roster).count == 3)
        #expect(record.presence.count == 2)
        #expect(record.stateHash.map(Hex.encode) == outcomes[0].0.stateHash)
    }

    @Test func aMeetingSyncsWithAPlainServeThatAnnouncesItself() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Alice", count: 2)
        let configuration = LoopbackDiscovery.configuration()
        // What `entente serve` does: a server, and an announcer with its port.
        let announcer = DiscoveryAnnouncer(replica: try collective.replica("Alice"), port: try collective.endpoint("Alice").port, configuration: configuration)
        try announcer.start()
        defer { announcer.stop() }
        let session = MeetingSession(replica: bob, discovery: configuration,
                                     bounds: MeetingBounds(duration: 30, untilConverged: true, settle: 0.5), bind: "127.0.0.1")
        defer { session.close() }
        var events: [String] = []
        let outcome = try session.run { events.append("\($0)") }
        #expect(outcome.converged)
        #expect(outcome.attendees.map(\.name) == ["Alice"])
        #expect(try bob.stateHash() == (try collective.replica("Alice").stateHash()))
        #expect(events.contains { $0.contains("arrived") })
    }

    /// A member heard at two addresses (two interfaces, IPv4 and IPv6, a restarted server) is
    /// one attendee: the summary once read "Met Alice, Alice".
    @Test func aMemberHeardAtTwoAddressesIsOneAttendee() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        let alice = try collective.replica("Alice")
        try collective.addCommitments("Alice", count: 1)
        let second = SyncServer(replica: alice, idleTimeout: 5)
        let secondPort = try second.start(bind: "127.0.0.1", port: 0)
        defer { second.stop() }
        let configuration = LoopbackDiscovery.configuration()
        let announcers = [try collective.endpoint("Alice").port, secondPort].map {
            DiscoveryAnnouncer(replica: alice, port: $0, configuration: configuration)
        }
        for announcer in announcers { try announcer.start() }
        defer { for announcer in announcers { announcer.stop() } }
        let session = MeetingSession(replica: bob, discovery: configuration,
                                     bounds: MeetingBounds(duration: 30, untilConverged: true, settle: 1), bind: "127.0.0.1")
        defer { session.close() }
        let outcome = try session.run { _ in }
        #expect(outcome.converged)
        #expect(outcome.attendees.map(\.name) == ["Alice"])
        #expect(outcome.endpoints.count == 1, "\(outcome.endpoints)")
    }

    @Test func manualPeersWorkWhereNothingIsAnnounced() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Alice", count: 2)
        try collective.addCommitments("Bob", count: 1)
        let session = MeetingSession(
            replica: bob, discovery: LoopbackDiscovery.configuration(), bounds: MeetingBounds(duration: 30, untilConverged: true, settle: 0),
            manualPeers: [try collective.endpoint("Alice")], bind: "127.0.0.1")
        defer { session.close() }
        let outcome = try session.run { _ in }
        #expect(outcome.converged)
        #expect(outcome.attendees.map(\.name) == ["Alice"])
        #expect(try bob.stateHash() == (try collective.replica("Alice").stateHash()))
    }

    @Test func aNamedInterfaceWorksAndAMissingOneSaysSo() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        var configuration = LoopbackDiscovery.configuration()
        configuration.interface = .named("lo")  // IPv4 on 127.0.0.1; IPv6 multicast on lo fails and is left out
        configuration.useIPv6 = true
        let a = DiscoveryAnnouncer(replica: try collective.replica("Alice"), port: 7420, configuration: configuration)
        let b = DiscoveryAnnouncer(replica: bob, port: 7430, configuration: configuration)
        try a.start()
        try b.start()
        defer { a.stop(); b.stop() }
        #expect(LoopbackDiscovery.eventually { a.peers.map(\.name) == ["Bob"] })

        configuration.interface = .named("entente-no-such0")
        let missing = DiscoveryAnnouncer(replica: bob, port: 7430, configuration: configuration)
        #expect { try missing.start() } throws: { "\($0)".contains("no network interface named \"entente-no-such0\"") }
    }

    @Test func aLoneMemberEndsAtTheTimeoutWithoutConverging() throws {
        let collective = try LoopbackCollective()
        let alice = try collective.found("Alice")
        let session = MeetingSession(
            replica: alice, discovery: LoopbackDiscovery.configuration(),
            bounds: MeetingBounds(duration: 1, untilConverged: true, expectedPeers: 1, settle: 0), bind: "127.0.0.1")
        defer { session.close() }
        let start = Date()
        let outcome = try session.run { _ in }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(!outcome.converged)
        #expect(outcome.attendees.isEmpty)
    }
}

/// Results written by concurrent threads.
final class ResultBox<T: Sendable>: Sendable {
    private let storage: LockedValue<[T?]>

    init(count: Int) { self.storage = LockedValue(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: T) { self.storage.withLock { $0[index] = value } }

    var values: [T?] { self.storage.withLock { $0 } }
}
