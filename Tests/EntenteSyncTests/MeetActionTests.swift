import EntenteActions
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteSync

/// The board's "Meet on the network" button: the action finds the member present by
/// loopback multicast (no address given), converges with them and says so in both languages.
@Suite("The meet action over loopback", .serialized, .timeLimit(.minutes(2)))
struct MeetActionTests {
    @Test func theMeetActionFindsTheOtherMemberAndConverges() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        try collective.join("Bob", via: "Alice")
        try collective.addCommitments("Bob", count: 2, seed: 7)
        let alice = try collective.replica("Alice"), bob = try collective.replica("Bob")
        #expect(try alice.stateHash() != bob.stateHash())
        let configuration = LoopbackDiscovery.configuration()
        let session = MeetingSession(replica: bob, discovery: configuration,
                                     bounds: MeetingBounds(duration: 30, untilConverged: true, settle: 1), bind: "127.0.0.1", port: 0)
        let bobDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? session.run { _ in }
            bobDone.signal()
        }
        let said = try SyncActions.meet(alice, discovery: configuration, seconds: 30, bind: "127.0.0.1", logger: .init(label: "test"))
        session.close()
        #expect(bobDone.wait(timeout: .now() + 40) == .success)
        #expect(said.english == "Met Bob: every replica present now holds the same state.")
        #expect(said.french.hasPrefix("Rencontre avec Bob"))
        #expect(try alice.stateHash() == bob.stateHash())
    }

    @Test func nobodyPresentIsSaidPlainly() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        let said = try SyncActions.meet(try collective.replica("Alice"), discovery: LoopbackDiscovery.configuration(), seconds: 1.5,
                                        bind: "127.0.0.1", logger: .init(label: "test"))
        #expect(said.english.hasPrefix("No other member was found"))
    }
}
