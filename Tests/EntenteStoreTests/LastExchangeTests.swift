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
}
