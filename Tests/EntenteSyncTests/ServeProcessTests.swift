import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteSync

/// Three real `entente serve` processes on loopback, edited through the CLI, synced in a ring.
@Suite(.serialized) struct ServeProcessTests {
    /// A running `entente serve`, stopped with SIGTERM.
    final class ServeProcess {
        let running: RunningEntente
        let port: UInt16

        init(_ binary: EntenteBinary, replica: String) throws {
            self.running = try RunningEntente(binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", replica])
            // The first line is `listening on 127.0.0.1:PORT`.
            let text = self.running.firstLine
            guard text.hasPrefix("listening on "), let port = text.split(separator: ":").last.flatMap({ UInt16($0) }) else {
                self.running.stop()
                throw ServeFailed(firstLine: text)
            }
            self.port = port
        }

        var address: String { "127.0.0.1:\(self.port)" }

        func stop() -> Int32 { self.running.stop().status }
    }

    /// The binary and a temporary folder of replicas, with checked runs.
    struct Lab {
        let binary: EntenteBinary
        let directory: TemporaryDirectory

        init(_ label: String) throws {
            self.binary = try EntenteBinary()
            self.directory = try TemporaryDirectory(label)
        }

        func replica(_ name: String) -> String { self.directory.path(name) }

        /// Runs a command that must succeed.
        @discardableResult
        func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> EntenteBinary.Result {
            let result = try self.binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)", sourceLocation: sourceLocation)
            return result
        }

        func json(_ arguments: [String]) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(try self.run(arguments + ["--json"]).stdout.utf8))
        }
    }

    struct ServeFailed: Error, CustomStringConvertible {
        var firstLine: String
        var description: String { "entente serve did not print its port; first line: '\(firstLine)'" }
    }

    /// A member's replica signs acts it may not do (in another member's name, archiving without
    /// consent) and sends them to a real `entente serve` and in a bundle: they have no effect
    /// anywhere, the audit names them, and honest syncs go on.
    @Test func craftedActsInAnotherMembersNameHaveNoEffectOverTCPAndInBundles() throws {
        let lab = try Lab("entente-crafted")
        defer { lab.directory.remove() }
        let (binary, directory) = (lab.binary, lab.directory)
        func replica(_ name: String) -> String { lab.replica(name) }
        @discardableResult
        func run(_ arguments: [String]) throws -> String { try lab.run(arguments).stdout }
        func json(_ arguments: [String]) throws -> Any { try lab.json(arguments) }
        try run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", replica("alice")])
        try run(["contribution", "add", "Tender answer", "--replica", replica("alice")])
        try run(["contribution", "value", "Tender answer", "1500", "--replica", replica("alice")])
        try run(["expectation", "add", "Paid within 30 days", "--replica", replica("alice")])
        let alice = try ServeProcess(binary, replica: replica("alice"))
        defer { _ = alice.stop() }
        for name in ["Bob", "Carol"] {
            let code = try run(["invite", "--replica", replica("alice")]).trimmingCharacters(in: .whitespacesAndNewlines)
            try run(["join", code, "--name", name, "--replica", replica(name.lowercased())])
        }
        try run(["sync", alice.address, "--replica", replica("bob")])

        // Bob's replica signs, without the local check, what only others may do.
        let bob = try Replica.open(ReplicaFolder(URL(fileURLWithPath: replica("bob"))))
        let directoryOfBob = try bob.directory()
        let aliceID = try #require(directoryOfBob.members.first { $0.name == "Alice" }).id
        let carolID = try #require(directoryOfBob.members.first { $0.name == "Carol" }).id
        let records = try bob.records()
        let valuation = try #require(records.first { $0.kind == RecordKind.valuation }).id
        let expectation = try #require(records.first { $0.kind == RecordKind.expectation }).id
        try bob.craftForTesting { $0.set(valuation, Valuation.Field.value, .int(3000)) }             // Alice's valuation
        try bob.craftForTesting { $0.add(expectation, Expectation.Field.acknowledgedBy, .record(carolID)) }  // Carol's ack
        try bob.craftForTesting { $0.set(aliceID, CommonField.archived, .bool(true)) }                // no consent
        try bob.close()
        #expect(try run(["sync", alice.address, "--replica", replica("bob")]).contains("synced with Alice"))

        for target in ["alice", "carol"] {
            if target == "carol" {
                try run(["bundle", "export", directory.path("crafted.entente"), "--replica", replica("bob")])
                try run(["bundle", "import", directory.path("crafted.entente"), "--replica", replica("carol")])
            }
            let contribution = try #require(try json(["contribution", "show", "Tender answer", "--replica", replica(target)]) as? [String: Any])
            #expect((contribution["valuations"] as? [[String: Any]])?.map { $0["value"] as? Int } == [1500])
            let shown = try #require(try json(["expectation", "show", "Paid within 30 days", "--replica", replica(target)]) as? [String: Any])
            #expect((shown["acknowledgedBy"] as? [String]) == [])
            let member = try #require(try json(["member", "show", "Alice", "--replica", replica(target)]) as? [String: Any])
            #expect(member["archived"] as? Bool == false)
            let audit = try run(["audit", "--rebuild", "--replica", replica(target)])
            #expect(audit.contains("Audit passed."))
            #expect(audit.components(separatedBy: "NO EFFECT: Bob").count == 4, "\(audit)")
            let status = try #require(try json(["status", "--replica", replica(target)]) as? [String: Any])
            #expect((status["refused"] as? [[String: Any]])?.count == 3)
        }
        // The honest sync goes on.
        try run(["commitment", "add", "Build the budget", "--replica", replica("bob")])
        try run(["sync", alice.address, "--replica", replica("bob")])
        #expect(try run(["commitment", "list", "--replica", replica("alice")]).contains("Build the budget"))
    }

    @Test func serveRefusesToStartWithoutItsKeysOrWithUnsafePermissions() throws {
        let lab = try Lab("entente-serve-keys")
        defer { lab.directory.remove() }
        let alice = lab.replica("alice")
        try lab.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        let secret = alice + "/collective.secret", noise = alice + "/noise.key"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret)
        let unsafe = try lab.binary.run(["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
        #expect(unsafe.status != 0 && unsafe.output.contains("chmod 600 \(secret)"), "\(unsafe.output)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try FileManager.default.moveItem(atPath: noise, toPath: noise + ".away")
        let missing = try lab.binary.run(["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
        #expect(missing.status != 0 && missing.output.contains("noise.key") && missing.output.contains("missing"), "\(missing.output)")
        #expect(!missing.output.contains("listening on"))
    }

    @Test func invitesAreListedRevokedAndCanClaimAMemberRecord() throws {
        let lab = try Lab("entente-invites")
        defer { lab.directory.remove() }
        let binary = lab.binary
        func replica(_ name: String) -> String { lab.replica(name) }
        @discardableResult
        func run(_ arguments: [String]) throws -> EntenteBinary.Result { try lab.run(arguments) }
        try run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", replica("alice")])
        try run(["member", "add", "Chloé Martin", "--replica", replica("alice")])
        let alice = try ServeProcess(binary, replica: replica("alice"))
        defer { _ = alice.stop() }
        // An invite for Chloé's record: she joins as that member, no duplicate appears.
        let forChloe = try run(["invite", "--for", "Chloé Martin", "--replica", replica("alice")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let revoked = try run(["invite", "--replica", replica("alice")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(try run(["invite", "list", "--json", "--replica", replica("alice")]).stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["status"] as? String } == ["open", "open"])
        #expect(listed.last?["member"] as? String == "Chloé Martin")
        let newest = try #require(listed.first?["id"] as? String)
        #expect(try run(["invite", "revoke", newest, "--replica", replica("alice")]).stdout.contains("Revoked invite"))
        let refused = try binary.run(["join", revoked, "--name", "Eve", "--replica", replica("eve")])
        #expect(refused.status != 0)
        #expect(refused.output.contains("refused this invite code"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: replica("eve")))
        try run(["join", forChloe, "--name", "Chloe", "--replica", replica("chloe")])
        let members = try #require(try JSONSerialization.jsonObject(with: Data(try run(["member", "list", "--json", "--replica", replica("chloe")]).stdout.utf8)) as? [[String: Any]])
        #expect(members.map { $0["name"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["Alice", "Chloé Martin"])
        #expect(members.allSatisfy { $0["key"] as? String != nil })
        #expect(try run(["whoami", "--replica", replica("chloe")]).stdout.contains("Chloé Martin in Atelier"))
        // A used code opens nothing any more.
        let again = try binary.run(["join", forChloe, "--name", "Mallory", "--replica", replica("mallory")])
        #expect(again.status != 0 && again.output.contains("this invite code was already used (by Chloe)"))
        let after = try #require(try JSONSerialization.jsonObject(with: Data(try run(["invite", "list", "--json", "--replica", replica("alice")]).stdout.utf8)) as? [[String: Any]])
        #expect(after.map { $0["status"] as? String } == ["revoked", "used"])
    }

    /// Running `entente join` again in a folder that already is a working replica, with the
    /// collective's changes received, says the join went through and how to finish: a sync
    /// with the inviter, at the invite's address (both languages). Nothing is written.
    @Test func joiningAgainIntoAWorkingReplicaSaysToSyncWithTheInviter() throws {
        let lab = try Lab("entente-join-again")
        defer { lab.directory.remove() }
        let alice = lab.replica("alice"), bob = lab.replica("bob")
        try lab.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        let server = try ServeProcess(lab.binary, replica: alice)
        defer { _ = server.stop() }
        let code = try lab.run(["invite", "--replica", alice]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try lab.run(["join", code, "--name", "Bob", "--replica", bob])
        let held = try #require(try lab.json(["log", "--replica", bob]) as? [Any]).count
        #expect(held == 2)
        let again = try lab.binary.run(["join", code, "--name", "Bob", "--replica", bob])
        #expect(again.status != 0)
        #expect(again.stderr.contains("a replica of this collective already exists at \(bob), with 2 change(s): you joined already"), "\(again.output)")
        #expect(again.stderr.contains("`entente sync \(server.address) --replica '\(bob)'`"), "\(again.output)")
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["join", code, "--name", "Bob", "--replica", bob])
        #expect(french.status != 0 && french.stderr.contains("vous l'avez déjà rejoint. Pour terminer, synchronisez-vous"), "\(french.output)")
        #expect(french.stderr.contains("`entente sync \(server.address) --replica '\(bob)'`"), "\(french.output)")
        // The advice works: the sync it names succeeds.
        #expect(try lab.run(["sync", server.address, "--replica", bob]).stdout.contains("synced with Alice"))
        #expect(try #require(try lab.json(["log", "--replica", bob]) as? [Any]).count == held)
        // Another collective's replica in the way is not mistaken for a finished join.
        let other = lab.replica("other")
        try lab.run(["init", "--collective", "Autre", "--name", "Zoé", "--replica", other])
        let elsewhere = try lab.binary.run(["join", code, "--name", "Zoé", "--replica", other])
        #expect(elsewhere.status != 0 && elsewhere.output.contains("already exists") && !elsewhere.output.contains("entente sync"), "\(elsewhere.output)")
    }

    @Test func threeServersSyncInARingAndShowTheSameVision() throws {
        let binary = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-serve")
        defer { directory.remove() }
        func replica(_ name: String) -> String { directory.path(name) }
        @discardableResult
        func run(_ arguments: [String]) throws -> EntenteBinary.Result {
            let result = try binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result
        }

        try run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", replica("alice")])
        let alice = try ServeProcess(binary, replica: replica("alice"))
        var servers = [alice]
        defer { for server in servers { _ = server.stop() } }
        for name in ["Bob", "Carol"] {
            let code = try run(["invite", "--expires", "10m", "--replica", replica("alice")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(code.hasPrefix("entente1:"))
            let joined = try run(["join", code, "--name", name, "--replica", replica(name.lowercased())])
            #expect(joined.stdout.contains("synced with Alice"))
        }
        let bob = try ServeProcess(binary, replica: replica("bob"))
        let carol = try ServeProcess(binary, replica: replica("carol"))
        servers += [bob, carol]
        // Bob learns of Carol's admission from Alice before the ring.
        try run(["sync", alice.address, "--replica", replica("bob")])

        try run(["commitment", "add", "Draft the tender answer", "--due", "2026-12-15", "--replica", replica("alice")])
        try run(["commitment", "add", "Build the budget", "--replica", replica("bob")])
        try run(["commitment", "add", "Design the mockups", "--replica", replica("carol")])
        try run(["peer", "add", "next", bob.address, "--replica", replica("alice")])
        try run(["peer", "add", "next", carol.address, "--replica", replica("bob")])
        try run(["peer", "add", "next", alice.address, "--replica", replica("carol")])
        for _ in 0..<2 {
            for name in ["alice", "bob", "carol"] {
                let synced = try run(["sync", "--replica", replica(name)])
                #expect(synced.stdout.hasPrefix("synced with "))
            }
        }
        let shows = try ["alice", "bob", "carol"].map { try run(["show", "--json", "--replica", replica($0)]).stdout }
        #expect(shows[0] == shows[1] && shows[1] == shows[2])
        #expect(shows[0].contains("Design the mockups") && shows[0].contains("Build the budget"))
        let logs = try ["alice", "bob", "carol"].map { try run(["log", "--json", "--replica", replica($0)]).stdout }
        #expect(Set(logs.map { $0.count }).count == 1)

        for server in servers { #expect(server.stop() == 0) }
        servers = []
    }

    @Test func syncCommandReportsRefusalsClearly() throws {
        let binary = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-serve")
        defer { directory.remove() }
        #expect(try binary.run(["init", "--collective", "A", "--name", "Alice", "--replica", directory.path("alice")]).status == 0)
        #expect(try binary.run(["init", "--collective", "B", "--name", "Mallory", "--replica", directory.path("mallory")]).status == 0)
        let alice = try ServeProcess(binary, replica: directory.path("alice"))
        defer { _ = alice.stop() }
        let result = try binary.run(["sync", alice.address, "--replica", directory.path("mallory")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("sync with \(alice.address)"), "\(result.output)")
        let reused = try binary.run(["join", "entente1:notacode", "--name", "Eve", "--replica", directory.path("eve")])
        #expect(reused.status != 0)
        #expect(reused.stderr.contains("damaged") || reused.stderr.contains("not an Entente invite"), "\(reused.output)")
    }

    @Test func peerCommandsAddListRemove() throws {
        let binary = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-peers")
        defer { directory.remove() }
        let replica = directory.path("alice")
        #expect(try binary.run(["init", "--collective", "A", "--name", "Alice", "--replica", replica]).status == 0)
        #expect(try binary.run(["peer", "add", "bob", "192.168.1.20:7420", "--replica", replica]).stdout == "Added peer bob at 192.168.1.20:7420.\n")
        #expect(try binary.run(["peer", "list", "--json", "--replica", replica]).stdout.contains("\"address\" : \"192.168.1.20:7420\""))
        let bad = try binary.run(["peer", "add", "carol", "not an address:99999", "--replica", replica])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is not an address"))
        #expect(try binary.run(["peer", "remove", "bob", "--replica", replica]).status == 0)
        let missing = try binary.run(["peer", "remove", "bob", "--replica", replica])
        #expect(missing.status != 0 && missing.stderr.contains("no peer named 'bob'"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path("alice/peers.json"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let nothing = try binary.run(["sync", "--replica", replica])
        #expect(nothing.status != 0 && nothing.stderr.contains("no known peers"))
    }

    /// `peer add` takes a member's name as people type it and keeps the member's own name;
    /// `sync` and `peer remove` find a peer the same way; peer errors read in French.
    @Test func peerAddTakesAMembersNameAsTyped() throws {
        let binary = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-peer-member")
        defer { directory.remove() }
        let replica = directory.path("chloe")
        #expect(try binary.run(["init", "--collective", "A", "--name", "Chloé Martin", "--replica", replica]).status == 0)
        let added = try binary.run(["peer", "add", "chloe", "127.0.0.1:1", "--replica", replica])
        #expect(added.status == 0, "\(added.output)")
        #expect(added.stdout.contains("Added peer Chloé Martin (a member)"), "\(added.output)")
        // A name that is no member's is kept as typed.
        #expect(try binary.run(["peer", "add", "salle-3", "127.0.0.1:2", "--replica", replica]).stdout == "Added peer salle-3 at 127.0.0.1:2.\n")
        // The same member typed again replaces the address instead of adding a second peer.
        #expect(try binary.run(["peer", "add", "CHLOE", "127.0.0.1:3", "--replica", replica]).status == 0)
        let peers = try binary.run(["peer", "list", "--json", "--replica", replica]).stdout
        #expect(peers.components(separatedBy: "\"name\"").count == 3, "\(peers)")
        #expect(peers.contains("\"Chloé Martin\"") && peers.contains("127.0.0.1:3") && !peers.contains("127.0.0.1:1\""), "\(peers)")
        // `sync chloé martin` finds the peer (nothing answers on port 3: the failure names it).
        let sync = try binary.run(["sync", "chloe martin", "--timeout", "2", "--replica", replica])
        #expect(sync.output.contains("127.0.0.1:3"), "\(sync.output)")
        #expect(!sync.output.contains("no peer named"), "\(sync.output)")
        #expect(try binary.run(["peer", "remove", "Salle-3", "--replica", replica]).status == 0)
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"])
        let missing = try french.run(["peer", "remove", "zoé", "--replica", replica])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("aucun pair ne s'appelle «\u{00A0}zoé\u{00A0}»"), "\(missing.output)")
        let bad = try french.run(["peer", "add", "x", "pas une adresse:99999", "--replica", replica])
        #expect(bad.stderr.contains("n'est pas une adresse"), "\(bad.output)")
    }

    /// `entente serve` told to stop (SIGTERM) while a peer never speaks and a member's session
    /// stalls: it closes both and exits cleanly within `SyncNetLimits.stopDeadline`.
    @Test func serveStopsWithinItsDeadlineWhilePeersHoldConnections() throws {
        let lab = try Lab("entente-serve-stop")
        try lab.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", lab.replica("alice")])
        try lab.run(["init", "--from", lab.replica("alice"), "--name", "Bob", "--replica", lab.replica("bob")])
        let serve = try ServeProcess(lab.binary, replica: lab.replica("alice"))
        let endpoint = TCPEndpoint(host: "127.0.0.1", port: serve.port)
        let silent = try TCPConnector.connect(to: endpoint, timeout: 2)
        defer { silent.close() }
        let bob = try Replica.open(ReplicaFolder(URL(fileURLWithPath: lab.replica("bob"))))
        let stalled = try ServerLimitTests.stalledSession(bob, endpoint)
        defer { stalled.close() }
        Thread.sleep(forTimeInterval: 0.3)

        let started = Date()
        let status = serve.stop()
        let took = Date().timeIntervalSince(started)
        #expect(status == 0)
        #expect(took < SyncNetLimits.stopDeadline, "entente serve took \(took) s to stop")
        #expect(stalled.closedByPeer())
    }
}
