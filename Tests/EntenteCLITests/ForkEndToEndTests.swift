import EntenteTestSupport
import Foundation
import Testing

/// Issue "One history", through the real binary and over TCP: Bob's replica folder is copied
/// and both copies sign. Before change format 3, Alice kept copy 1's change and copy 2's as
/// evidence, while Dave, one change behind, applied the one with the smaller id: the two held
/// the same changes and showed different states, forever. Now every replica ends in one state,
/// with both copies' work, and names the fork.
@Suite("Forked device, end to end", .serialized)
struct ForkEndToEndTests {
    /// The state hash `audit --rebuild` prints (the replay's, which it checks against the stored
    /// state), and whether the audit names a fork of Bob.
    func audit(_ f: CommandFixture, _ replica: String) throws -> (hash: String, fork: Bool) {
        let result = try f.binary.run(["audit", "--rebuild", "--replica", replica])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Rebuild: replaying the log gives the stored state") },
                                "\(result.output)")
        return (String(line), result.stdout.contains("FORK: Bob"))
    }

    func titles(_ f: CommandFixture, _ replica: String) throws -> Set<String> {
        let list = try #require(try f.json(["commitment", "list", "--replica", replica]) as? [[String: Any]])
        return Set(list.compactMap { $0["what"] as? String })
    }

    @Test func everyReplicaEndsInOneStateWithBothCopiesWork() throws {
        try CommandFixture.with("entente-fork-e2e", environment: ["ENTENTE_LANG": "en"]) { f in
            let alice = f.replica("alice"), bob = f.replica("bob"), copy = f.replica("bob-copy")
            let dave = f.replica("dave"), eve = f.replica("eve"), frank = f.replica("frank")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            for (name, folder) in [("Bob", bob), ("Dave", dave), ("Eve", eve), ("Frank", frank)] {
                try f.ok(["init", "--from", alice, "--name", name, "--replica", folder])
                try f.ok(["merge", folder, "--replica", alice])
            }
            let server = try RunningEntente(f.binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
            defer { server.stop() }
            let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
            let address = "127.0.0.1:\(port)"
            for folder in [bob, dave] { try f.ok(["sync", address, "--replica", folder]) }
            try f.ok(["commitment", "add", "Book the room", "--replica", bob])
            try f.ok(["sync", address, "--replica", dave])  // Dave now lacks only what follows

            // 1. Bob's folder is copied; both copies sign their next change (same key, same seq).
            try FileManager.default.copyItem(atPath: bob, toPath: copy)
            try f.ok(["commitment", "add", "Draft the tender", "--replica", bob])
            try f.ok(["commitment", "add", "Call the client", "--replica", copy])
            // Each copy also writes a bundle of what it holds (for Eve and Frank, below).
            let one = f.directory.path("one.entente"), two = f.directory.path("two.entente")
            try f.ok(["bundle", "export", one, "--replica", bob])
            try f.ok(["bundle", "export", two, "--replica", copy])
            // 2. Copy 1 syncs with Alice, then copy 2 does.
            try f.ok(["sync", address, "--replica", bob])
            try f.ok(["sync", address, "--replica", copy])
            // 3. Dave, one change behind, syncs with Alice: both copies' changes in one batch.
            try f.ok(["sync", address, "--replica", dave])
            // 4. Alice and Dave hold the same changes: the same state, both changes in it.
            let (aliceHash, aliceFork) = try self.audit(f, alice)
            let (daveHash, daveFork) = try self.audit(f, dave)
            #expect(aliceHash == daveHash)
            #expect(aliceFork && daveFork)
            #expect(try f.ok(["show", "--json", "--replica", alice]) == f.ok(["show", "--json", "--replica", dave]))
            for title in ["Book the room", "Draft the tender", "Call the client"] {
                #expect(try self.titles(f, alice).contains(title), "\(title)")
            }
            // The status of every replica names it, for Bob's copies as their own device.
            #expect(try f.ok(["status", "--replica", dave]).contains("Bob's key signed on two copies at once"))
            // Both copies go on working without any command, and meet everyone's state.
            try f.ok(["commitment", "add", "Send the quote", "--replica", copy])
            for folder in [copy, bob, dave, copy] { try f.ok(["sync", address, "--replica", folder]) }
            #expect(try f.ok(["status", "--replica", bob]).contains("this device's key signed on two copies at once"))
            let everyone = try [alice, bob, copy, dave].map { try self.audit(f, $0).hash }
            #expect(Set(everyone).count == 1, "\(everyone)")
            #expect(try self.titles(f, bob).isSuperset(of: ["Book the room", "Draft the tender", "Call the client", "Send the quote"]))

            // The bundles the copies wrote, in both orders: Eve imports copy 1's then copy 2's,
            // Frank the other way. They hold the same changes: the same state, the fork named.
            for file in [one, two] { try f.ok(["bundle", "import", file, "--replica", eve]) }
            for file in [two, one] { try f.ok(["bundle", "import", file, "--replica", frank]) }
            let eveState = try self.audit(f, eve), frankState = try self.audit(f, frank)
            #expect(eveState.hash == frankState.hash)
            #expect(eveState.fork && frankState.fork)
            #expect(try f.ok(["show", "--json", "--replica", eve]) == f.ok(["show", "--json", "--replica", frank]))
            // And once they sync, they reach everyone's state.
            for folder in [eve, frank] { try f.ok(["sync", address, "--replica", folder]) }
            #expect(try self.audit(f, eve).hash == everyone[0] && self.audit(f, frank).hash == everyone[0])
        }
    }
}
