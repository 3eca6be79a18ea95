import EntenteTestSupport
import Foundation
import Testing

/// Runs the real `entente` binary in temporary folders, as a user would.
@Suite("entente commands, end to end")
struct CoreCommandsEndToEndTests {
    typealias Fixture = CommandFixture

    func fixture(_ body: (Fixture) throws -> Void) throws {
        try CommandFixture.with("entente-e2e", body)
    }

    /// Alice founds, Bob joins from her folder.
    func pair(_ f: Fixture) throws -> (String, String) { try f.pair() }

    @Test func foundJoinCommitMergeAndAudit() throws {
        try self.fixture { f in
            let (alice, bob) = try self.pair(f)
            let whoami = try f.ok(["whoami", "--replica", bob])
            #expect(whoami.contains("Bob in Atelier"))
            try f.ok(["commitment", "add", "Draft the tender answer", "--due", "2026-12-15", "--towards", "Bob", "--replica", alice])
            try f.ok(["commitment", "add", "Build the budget", "--replica", bob])
            try f.ok(["merge", alice, "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            try f.ok(["commitment", "accept", "Draft the tender answer", "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            let list = try f.ok(["commitment", "list", "--json", "--replica", alice])
            #expect(list == (try f.ok(["commitment", "list", "--json", "--replica", bob])))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
            #expect(parsed.count == 2)
            let draft = try #require(parsed.first { $0["what"] as? String == "Draft the tender answer" })
            #expect(draft["status"] as? String == "accepted")
            #expect(draft["acceptedBy"] as? [String] == ["Bob"])
            #expect(draft["towards"] as? [String] == ["Bob"])
            let log = try f.ok(["log", "--member", "Bob", "--replica", alice])
            // Told from the operations: Bob's acceptance, in words; only Bob's changes.
            #expect(log.contains("Bob accepted Alice's commitment “Draft the tender answer”"), "\(log)")
            let lines = log.split(separator: "\n")
            // Each line names its author by the name at the time and the key's short fingerprint.
            #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("  Bob (") && $0.contains(") #") }, "\(log)")
            #expect(!log.contains("  Alice ("), "\(log)")
            let audit = try f.ok(["audit", "--rebuild", "--replica", alice])
            #expect(audit.contains("Audit passed."))
        }
    }

    @Test func concurrentEditsShowAsConflictsUntilResolved() throws {
        try self.fixture { f in
            let (alice, bob) = try self.pair(f)
            // A stage is shared content: every member may edit it.
            try f.ok(["stage", "add", "Call the client", "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            try f.ok(["stage", "update", "Call the client", "--start", "2026-12-01", "--replica", alice])
            try f.ok(["stage", "update", "Call the client", "--start", "2026-12-09", "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            let conflicts = try f.ok(["conflicts", "--replica", alice])
            #expect(conflicts.contains("“Call the client”, the start date:"), "\(conflicts)")
            #expect(conflicts.contains("2026-12-01") && conflicts.contains("2026-12-09"))
            let json = try f.ok(["conflicts", "--json", "--replica", alice])
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect((parsed["fields"] as? [[String: Any]])?.count == 1)
            #expect((parsed["archived"] as? [[String: Any]])?.isEmpty == true)
            // A write that has seen both resolves it.
            try f.ok(["stage", "update", "Call the client", "--start", "2026-12-05", "--replica", alice])
            #expect(try f.ok(["conflicts", "--replica", alice]).contains("No conflicts."))
            try f.ok(["merge", alice, "--replica", bob])
            #expect(try f.ok(["conflicts", "--replica", bob]).contains("No conflicts."))
            let history = try f.ok(["history", "Call the client", "--replica", bob])
            #expect(history.contains("set the start date of the stage “Call the client” to “2026-12-01”") && history.contains("to “2026-12-05”"), "\(history)")
        }
    }

    @Test func bundlesCarryChangesAndBadBundlesAreRefused() throws {
        try self.fixture { f in
            let (alice, bob) = try self.pair(f)
            try f.ok(["commitment", "add", "Prepare the pitch", "--replica", alice])
            let bundle = f.directory.path("news.entente")
            #expect(try f.ok(["bundle", "export", bundle, "--replica", alice]).contains("Wrote 3 change(s)"))
            #expect(try f.ok(["bundle", "import", bundle, "--replica", bob]).contains("1 new change(s) applied"))

            let before = try f.logCount(bob)
            var corrupt = try Data(contentsOf: URL(fileURLWithPath: bundle))
            corrupt[corrupt.count - 10] ^= 0x55
            let corruptPath = f.directory.path("corrupt.entente")
            try corrupt.write(to: URL(fileURLWithPath: corruptPath))
            let corruptError = try f.fails(["bundle", "import", corruptPath, "--replica", bob])
            #expect(corruptError.contains("nothing was imported") || corruptError.contains("not a valid bundle"))
            try Data("not a bundle at all".utf8).write(to: URL(fileURLWithPath: corruptPath))
            #expect(try f.fails(["bundle", "import", corruptPath, "--replica", bob]).contains("not a valid bundle"))

            let stranger = f.replica("stranger")
            try f.ok(["init", "--collective", "Other", "--name", "Eve", "--replica", stranger])
            let foreign = f.directory.path("foreign.entente")
            try f.ok(["bundle", "export", foreign, "--replica", stranger])
            #expect(try f.fails(["bundle", "import", foreign, "--replica", bob]).contains("another collective"))
            #expect(try f.fails(["merge", stranger, "--replica", bob]).contains("another collective"))
            #expect(try f.logCount(bob) == before)
        }
    }

    @Test func aBundleFileHidesWhatItCarriesFromAnyoneOutsideTheCollective() throws {
        try self.fixture { f in
            let (alice, bob) = try self.pair(f)
            try f.ok(["commitment", "add", "Secret tender price", "--replica", alice])
            let bundle = f.directory.path("sealed.entente")
            #expect(try f.ok(["bundle", "export", bundle, "--replica", alice]).contains("Wrote"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
            #expect(bytes.prefix(5) == Data("ENTB".utf8) + [3])
            for plaintext in ["Secret tender price", "Atelier", "Alice"] {
                #expect(bytes.range(of: Data(plaintext.utf8)) == nil, "\(plaintext) is readable in the bundle file")
            }
            #expect(try f.ok(["bundle", "import", bundle, "--replica", bob]).contains("1 new change(s) applied"))
            let list = try f.json(["commitment", "list", "--replica", bob]) as? [[String: Any]]
            #expect(list?.contains { $0["what"] as? String == "Secret tender price" } == true)

            // Tampered, cut, or made by an earlier Entente: refused, and nothing is imported.
            let bad = f.directory.path("bad.entente")
            var flipped = bytes
            flipped[flipped.count / 2] ^= 0x01
            try flipped.write(to: URL(fileURLWithPath: bad))
            #expect(try f.fails(["bundle", "import", bad], replica: bob).contains("damaged"))
            try Data(bytes.prefix(bytes.count - 1)).write(to: URL(fileURLWithPath: bad))
            #expect(try f.fails(["bundle", "import", bad], replica: bob).contains("damaged"))
            let collective = Data(bytes[5..<21])
            try (Data("ENTB".utf8) + [1] + collective + [0, 0, 0, 0]).write(to: URL(fileURLWithPath: bad))
            #expect(try f.fails(["bundle", "import", bad], replica: bob).contains("made by an earlier Entente"))
        }
    }

    @Test func badInputIsAClearErrorAndWritesNothing() throws {
        try self.fixture { f in
            let (alice, _) = try self.pair(f)
            let before = try f.logCount(alice)
            #expect(try f.fails(["history", "zzzz-unknown", "--replica", alice]).contains("no record matches"))
            #expect(try f.fails(["commitment", "add", "X", "--due", "2026-02-30", "--replica", alice]).contains("not a valid date"))
            #expect(try f.fails(["commitment", "add", "X", "--by", "Nobody", "--replica", alice]).contains("no member matches"))
            #expect(try f.fails(["commitment", "update", "X", "--replica", alice]).contains("at least one of"))
            #expect(try f.fails(["commitment", "add", "Y", "--replica", alice + "-missing"]).contains("no replica at"))
            #expect(try f.fails(["merge", f.directory.path("nothing-here"), "--replica", alice]).contains("no such file"))
            #expect(try f.fails(["init", "--collective", "A", "--from", alice, "--name", "Z", "--replica", f.replica("z")]).contains("not both"))
            #expect(try f.fails(["init", "--collective", "A", "--name", "Z", "--replica", alice]).contains("already exists"))
            try f.ok(["commitment", "add", "Same", "--replica", alice])
            try f.ok(["commitment", "add", "Same", "--replica", alice])
            #expect(try f.fails(["commitment", "update", "Same", "--status", "done", "--replica", alice]).contains("'Same' matches 2 commitments"))
            #expect(try f.fails(["commitment", "update", "Same", "--status", "finished", "--replica", alice]).contains("'finished' is not allowed for --status; use one of: proposed, accepted, done, dropped, broken"))
            #expect(try f.logCount(alice) == before + 2)
        }
    }

    @Test func aTamperedReplicaFailsTheAuditNamingTheChange() throws {
        try self.fixture { f in
            let (alice, _) = try self.pair(f)
            try f.ok(["commitment", "add", "Unique-promise-QWERTY", "--replica", alice])
            let logJSON = try f.ok(["log", "--json", "--replica", alice])
            let log = try #require(try JSONSerialization.jsonObject(with: Data(logJSON.utf8)) as? [[String: Any]])
            let target = try #require(log.last?["id"] as? String)
            let database = URL(fileURLWithPath: alice).appendingPathComponent("replica.sqlite")
            var data = try Data(contentsOf: database)
            let needle = Data("Unique-promise-QWERTY".utf8)
            var start = data.startIndex
            var flipped = 0
            while let range = data.range(of: needle, in: start..<data.endIndex) {
                data[range.lowerBound + 7] = UInt8(ascii: "P")
                start = range.upperBound
                flipped += 1
            }
            #expect(flipped > 0)
            try data.write(to: database)
            let result = try f.binary.run(["audit", "--replica", alice])
            #expect(result.status != 0)
            #expect(result.stdout.contains("change \(target.prefix(8))"))
            #expect(result.stdout.contains("[Alice ("))
            #expect(result.stdout.contains("Audit FAILED."))
        }
    }

    @Test func theDemoConvergesAndShowsTheAudit() throws {
        let result = try EntenteBinary().run(["demo"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("All three replicas hold the same state."))
        #expect(result.stdout.contains("“Atelier”, the purpose:") || result.stdout.contains("”, the purpose:"), "\(result.stdout)")
        #expect(result.stdout.contains("audit passed"))
        // Each change is told from its operations; the one note typed with a change follows it.
        #expect(result.stdout.contains("Alice recorded a commitment “Draft the tender answer”"), "\(result.stdout)")
        #expect(result.stdout.contains("Bob sees crisis (") && result.stdout.contains("  — “my own perception, after the budget meeting”"), "\(result.stdout)")
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["demo"])
        #expect(french.status == 0, "\(french.output)")
        #expect(french.stdout.contains("Alice a enregistré l'engagement «\u{00A0}Draft the tender answer\u{00A0}»"), "\(french.stdout)")
        #expect(french.stdout.contains("  — «\u{00A0}ma propre perception, après la réunion sur le budget\u{00A0}»"), "\(french.stdout)")
        #expect(!french.stdout.contains("commits to"), "\(french.stdout)")
    }
}
