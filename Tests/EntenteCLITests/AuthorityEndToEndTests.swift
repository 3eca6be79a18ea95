import EntenteTestSupport
import Foundation
import Testing

/// The acts of issue "Authority", tried through the real binary: nobody records a member's
/// own act in their name, and archiving takes a majority of the others.
@Suite("Authority, end to end")
struct AuthorityEndToEndTests {
    typealias Fixture = CommandFixture

    @Test func nobodyRecordsAnotherMembersOwnActs() throws {
        try CommandFixture.with("entente-authority") { f in
            let (a, b, c) = try f.trio()
            try f.ok(["contribution", "add", "Tender answer", "--effort", "30", "--replica", b])
            try f.ok(["contribution", "value", "Tender answer", "1500", "--replica", b])
            try f.ok(["phase", "add", "crisis", "--replica", b])
            try f.ok(["expectation", "add", "Paid within 30 days", "--replica", a])
            try f.exchange([a, b, c])
            // From Alice's replica, in Bob's name: each refused, nothing written.
            let valuation = try f.fails(["contribution", "value", "Tender answer", "3000", "--by", "Bob"], replica: a)
            #expect(valuation.contains("only Bob can record Bob's valuation"))
            #expect(valuation.contains("entente contribution value"))
            let phase = try f.fails(["phase", "add", "euphoria", "--member", "Bob"], replica: a)
            #expect(phase.contains("only Bob can record Bob's phase check-in"))
            let ack = try f.fails(["expectation", "ack", "Paid within 30 days", "--by", "Bob"], replica: a)
            #expect(ack.contains("only Bob can record Bob's acknowledgement"))
            try f.exchange([a, b, c])
            let contribution = try #require(try f.json(["contribution", "show", "Tender answer", "--replica", c]) as? [String: Any])
            let valuations = try #require(contribution["valuations"] as? [[String: Any]])
            #expect(valuations.map { $0["value"] as? Int } == [1500])
            // Bob acknowledges on his own replica: that one counts.
            try f.ok(["expectation", "ack", "Paid within 30 days", "--replica", b])
            try f.exchange([a, b, c])
            let expectation = try #require(try f.json(["expectation", "show", "Paid within 30 days", "--replica", a]) as? [String: Any])
            #expect(expectation["acknowledgedBy"] as? [String] == ["Bob"])
            #expect(try f.ok(["audit", "--replica", c]).contains("Audit passed."))
        }
    }

    /// Issue "Hold up, second round", item 3: Alice set the hours of Bob's contribution,
    /// archived it and his expectation, and renamed him; two members could hold one name; a
    /// swap of names moved acts in the log.
    @Test func membersChangeOnlyWhatIsTheirsAndActsKeepTheirAuthorsName() throws {
        try CommandFixture.with("entente-ownership") { f in
            let (a, b, c) = try f.trio()
            try f.ok(["contribution", "add", "Tender answer", "--effort", "100", "--replica", b])
            try f.ok(["expectation", "add", "Paid within 30 days", "--replica", b])
            try f.exchange([a, b, c])
            #expect(try f.fails(["contribution", "update", "Tender answer", "--effort", "1"], replica: a).contains("only Bob can record Bob's contribution"))
            #expect(try f.fails(["contribution", "archive", "Tender answer"], replica: a).contains("only Bob can archive Bob's contribution"))
            #expect(try f.fails(["expectation", "archive", "Paid within 30 days"], replica: a).contains("only Bob can archive Bob's expectation"))
            let rename = try f.fails(["member", "update", "Bob", "--name", "Robert"], replica: a)
            #expect(rename.contains("only Bob can change their own name"))
            #expect(rename.contains("entente member update \"Bob\" --name"))
            // What the work was stays shared.
            try f.ok(["contribution", "update", "Tender answer", "--what", "Tender answer and budget", "--replica", a])
            try f.exchange([a, b])
            // Names are unique, however they are typed.
            #expect(try f.fails(["member", "update", "Bob", "--name", "  carol "], replica: b).contains("a member named 'Carol' already exists"))
            #expect(try f.fails(["member", "add", "ALICE"], replica: c).contains("a member named 'Alice' already exists"))
            try f.ok(["member", "update", "Bob", "--name", "Robert", "--replica", b])
            try f.ok(["contribution", "update", "Tender answer and budget", "--effort", "90", "--replica", b])
            try f.exchange([a, b, c])
            let work = try #require(try f.json(["contribution", "show", "Tender answer and budget", "--replica", c]) as? [String: Any])
            #expect(work["effortHours"] as? Int == 90)
            // The log tells each act under the name its author had then, with the key's short
            // fingerprint: the rename did not move Bob's earlier acts.
            let log = try #require(try f.json(["log", "--replica", c]) as? [[String: Any]])
            let bobs = log.filter { ($0["authorName"] as? String) == "Robert" }.compactMap { $0["signedBy"] as? String }
            let fingerprint = try #require(bobs.first?.split(separator: "(").last?.dropLast())
            #expect(fingerprint.count == 4)
            // Oldest first: his contribution and expectation (and any act before them) as Bob,
            // then the rename and the new hours as Robert.
            #expect(bobs.count >= 4)
            #expect(Array(bobs.suffix(2)) == ["Robert (\(fingerprint))", "Robert (\(fingerprint))"])
            #expect(bobs.dropLast(2).allSatisfy { $0 == "Bob (\(fingerprint))" })
            #expect(try f.ok(["log", "--replica", c]).contains("Bob (\(fingerprint)) #"))
            #expect(try f.ok(["audit", "--rebuild", "--replica", c]).contains("Audit passed."))
        }
    }

    @Test func archivingTakesAMajorityOfTheOtherMembersAndCanBeUndone() throws {
        try CommandFixture.with("entente-authority") { f in
            let (a, b, c) = try f.trio()
            // Carol alone cannot archive Alice: her proposal waits for Bob.
            let proposed = try f.ok(["member", "archive", "Alice", "--replica", c])
            #expect(proposed.contains("1 of 2 consents"))
            #expect(proposed.contains("waiting for Bob"))
            try f.exchange([a, b, c])
            var alice = try #require(try f.json(["member", "show", "Alice", "--replica", a]) as? [String: Any])
            #expect(alice["archived"] as? Bool == false)
            let status = try #require(try f.json(["status", "--replica", a]) as? [String: Any])
            #expect((status["motions"] as? [[String: Any]])?.first?["waitingFor"] as? [String] == ["Bob"])
            #expect(try f.fails(["member", "archive", "Alice"], replica: c).contains("already consented"))
            #expect(try f.fails(["member", "archive", "Alice"], replica: a).contains("cannot archive yourself"))
            // Bob consents: a majority of the others; every replica agrees.
            #expect(try f.ok(["member", "archive", "Alice", "--replica", b]).contains("Alice is archived"))
            try f.exchange([b, c])
            alice = try #require(try f.json(["member", "show", "Alice", "--replica", c]) as? [String: Any])
            #expect(alice["archived"] as? Bool == true)
            // And it can be undone the same way.
            #expect(try f.ok(["member", "restore", "Alice", "--replica", c]).contains("1 of 2 consents"))
            try f.exchange([b, c])
            #expect(try f.ok(["member", "restore", "Alice", "--replica", b]).contains("Alice is restored"))
            try f.exchange([a, b, c])
            for replica in [a, b, c] {
                alice = try #require(try f.json(["member", "show", "Alice", "--replica", replica]) as? [String: Any])
                #expect(alice["archived"] as? Bool == false)
            }
            try f.expectLimitedLogTellsAsTheWholeLog(a)
        }
    }

    @Test func aSecondDeviceIsLinkedByTheMembersOwnDevice() throws {
        try CommandFixture.with("entente-authority") { f in
            let (a, b, _) = try f.trio()
            let laptop = f.replica("alice-laptop")
            #expect(try f.ok(["device", "link", laptop, "--replica", a]).contains("Linked a new device of Alice"))
            #expect(try f.ok(["whoami", "--replica", laptop]).contains("Alice in Atelier"))
            try f.ok(["commitment", "add", "Call the client", "--replica", laptop])
            try f.ok(["merge", laptop, "--replica", b])
            let commitment = try #require(try f.json(["commitment", "show", "Call the client", "--replica", b]) as? [String: Any])
            #expect(commitment["byName"] as? String == "Alice")
            #expect(try f.ok(["device", "list", "Alice", "--replica", b]).split(separator: "\n").count == 3)  // header + 2 devices
            #expect(try f.ok(["member", "list", "--replica", b]).components(separatedBy: "Alice").count == 2)  // one Alice
        }
    }

    @Test func escapeSequencesFromAPeerReachNoTerminal() throws {
        try CommandFixture.with("entente-escapes") { f in
            let (a, b, _) = try f.trio()
            let title = "Pay\u{1B}]0;owned\u{07}\u{1B}[2J\nFAKE LINE"
            try f.ok(["commitment", "add", title, "--replica", b])
            try f.ok(["merge", b, "--replica", a])
            let listed = try #require(try f.json(["commitment", "list", "--replica", a]) as? [[String: Any]])
            let id = try #require(listed.first?["id"] as? String)
            let change = try #require((try f.json(["log", "--replica", a]) as? [[String: Any]])?.last?["id"] as? String)
            for arguments in [["commitment", "list"], ["log"], ["show"], ["status"], ["history", String(id.prefix(8))], ["show", String(change.prefix(8))],
                              ["history", String(change.prefix(8))], ["log", "--grep", "pay"]] {
                let output = try f.ok(arguments + ["--replica", a])
                #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(arguments)")
            }
            #expect(try f.ok(["commitment", "list", "--replica", a]).contains("Pay^[]0;owned^G^[[2J^JFAKE LINE"))
            let json = try f.ok(["commitment", "list", "--json", "--replica", a])
            #expect(json.contains("\\u001b") && !json.unicodeScalars.contains("\u{1B}"))
        }
    }
}
