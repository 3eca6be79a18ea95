import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// `last-sync`: when a replica last exchanged changes with another (STORE.md).
@Suite struct LastExchangeTests {
    @Test func aMergeIsNotedAndADamagedFileReadsAsNoExchange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("a")), collective: "Atelier", founder: "A")
        let second = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("b")), collective: first.collective,
                                        secret: try first.collectiveSecret())
        #expect(second.lastExchange() == nil && second.isStale())
        try second.merge(from: first.folder.url)
        let noted = try #require(second.lastExchange())
        #expect(abs(noted.timeIntervalSinceNow) < 60 && !second.isStale())
        #expect(second.isStale(now: noted.addingTimeInterval(Replica.staleAfter + 1)))

        let file = second.folder.url.appendingPathComponent("last-sync")
        // The latest time it may hold (9999-12-31) reads; one second more, or garbage, does not.
        for (text, reads) in [("253402300799", true), ("253402300800", false), ("-1", false), ("9223372036854775807", false), ("soon", false)] {
            try Data(text.utf8).write(to: file)
            #expect((second.lastExchange() != nil) == reads, "\(text)")
        }
    }

    /// `exchanges.json`: the last completed sync with each device, for the board's "in step".
    @Test func eachDevicesLastSyncIsNotedWithinItsLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let replica = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("a")), collective: "Atelier", founder: "A")
        #expect(replica.peerExchanges().isEmpty)
        let bob = SigningIdentity().author
        replica.notePeerExchange(bob, now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(replica.peerExchanges()[bob] == PeerExchange(at: 1_800_000_000, changes: try replica.changeCount()))
        // At most 1,024 devices: the oldest is forgotten for the 1,025th.
        #expect(Replica.maximumRememberedExchanges == 1024)
        let others = (0..<1024).map { _ in SigningIdentity().author }
        for (index, key) in others.enumerated() { replica.notePeerExchange(key, now: Date(timeIntervalSince1970: 1_800_000_001 + Double(index))) }
        let kept = replica.peerExchanges()
        #expect(kept.count == 1024 && kept[bob] == nil && kept[others[0]] != nil)
        // A damaged file reads as none; an entry out of range is left out.
        let file = replica.folder.url.appendingPathComponent("exchanges.json")
        try Data("{".utf8).write(to: file)
        #expect(replica.peerExchanges().isEmpty)
        try Data("{\"\(bob.hex)\": {\"at\": 253402300800, \"changes\": 3}, \"zz\": {\"at\": 1, \"changes\": 1}}".utf8).write(to: file)
        #expect(replica.peerExchanges().isEmpty)
    }
}
