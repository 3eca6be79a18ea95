@testable import EntenteCLI
import EntenteActions
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// An update to a record that someone archived at the same time is shown, not dropped; a
/// departure is asked its kind on a terminal and takes effect on its date.
@Suite("archived while edited, leaving, end to end")
struct ArchiveConflictEndToEndTests {
    typealias Fixture = CommandFixture

    func pair(_ f: Fixture) throws -> (String, String) { try f.pair() }

    @Test func anEditConcurrentWithAnArchiveIsAConflictUntilRestoredOrArchivedAgain() throws {
        try CommandFixture.with("entente-archive") { f in
            let (alice, bob) = try self.pair(f)
            try f.ok(["stage", "add", "Pilot", "--replica", alice])
            try f.ok(["stage", "add", "Scale up", "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            // Offline, at the same time: Alice archives both stages, Bob rewrites their goals.
            try f.ok(["archive", "Pilot", "--replica", alice])
            try f.ok(["archive", "Scale up", "--replica", alice])
            try f.ok(["stage", "update", "Pilot", "--goal", "Win the regional tender", "--replica", bob])
            try f.ok(["stage", "update", "Scale up", "--goal", "Two more clients", "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            for replica in [alice, bob] {
                let listed = try f.ok(["conflicts", "--replica", replica])
                #expect(listed.contains("Stage ") && listed.contains("“Pilot”: archived by Alice"), "\(listed)")
                #expect(listed.contains("while Bob changed it"))
                #expect(listed.contains("the goal: “Win the regional tender”"), "\(listed)")
                let json = try #require(try f.json(["conflicts", "--replica", replica]) as? [String: Any])
                #expect((json["archived"] as? [[String: Any]])?.count == 2)
                let status = try #require(try f.json(["status", "--replica", replica]) as? [String: Any])
                let archived = try #require(status["archived"] as? [[String: Any]])
                #expect(archived.count == 2)
                #expect(archived.first?["editedBy"] as? [String] == ["Bob"])
                #expect(archived.first?["fields"] as? [String] == ["goal"])
                #expect(try f.ok(["status", "--replica", replica]).contains("was archived by Alice while Bob changed it"))
            }
            // Bob brings Pilot back with his goal; Alice keeps Scale up archived, having seen Bob's edit.
            try f.ok(["restore", "Pilot", "--replica", bob])
            try f.ok(["archive", "Scale up", "--replica", alice])
            try f.ok(["merge", bob, "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            for replica in [alice, bob] {
                #expect(try f.ok(["conflicts", "--replica", replica]).contains("No conflicts."))
                let stages = try #require(try f.json(["stage", "list", "--replica", replica]) as? [[String: Any]])
                #expect(stages.map { $0["title"] as? String } == ["Pilot"])
                #expect(stages.first?["goal"] as? String == "Win the regional tender")
            }
            // An archive that had seen every edit is no conflict.
            try f.ok(["stage", "add", "Wrap up", "--goal", "Close the books", "--replica", alice])
            try f.ok(["archive", "Wrap up", "--replica", alice])
            #expect(try f.ok(["conflicts", "--replica", alice]).contains("No conflicts."))
            // Restoring what is not archived writes nothing.
            let message = try f.fails(["restore", "Pilot"], replica: alice)
            #expect(message.contains("not archived"))
        }
    }

    @Test func aDepartureDatedLaterLeavesTheMemberActiveUntilThen() throws {
        try CommandFixture.with("entente-leave") { f in
            let (alice, bob) = try self.pair(f)
            let said = try f.ok(["member", "leave", "Bob", "--on", "2099-01-15", "--kind", "good-reason", "--replica", bob])
            #expect(said.contains("Bob will leave on 2099-01-15. Bob stays active until then."))
            try f.ok(["merge", bob, "--replica", alice])
            let shown = try #require(try f.json(["member", "show", "Bob", "--replica", alice]) as? [String: Any])
            #expect(shown["active"] as? Bool == true)
            #expect(shown["leavesOn"] as? String == "2099-01-15")
            #expect(try f.ok(["member", "list", "--replica", alice]).contains("leaves on 2099-01-15"))
            // Bob still takes part: he is asked to acknowledge what Alice says.
            try f.ok(["expectation", "add", "Two tenders a year", "--replica", alice])
            let expectations = try #require(try f.json(["expectation", "list", "--replica", alice]) as? [[String: Any]])
            #expect(expectations.first?["notYetAcknowledgedBy"] as? [String] == ["Bob"])
            let again = try f.fails(["member", "leave", "Bob"], replica: bob)
            #expect(again.contains("departure on 2099-01-15 is already recorded"))
        }
    }

    @Test func leavingOnATerminalAsksTheKindOfExit() throws {
        try CommandFixture.with("entente-leave-tty") { f in
            let (alice, bob) = try self.pair(f)
            try f.ok(["exit", "add", "no-good-reason", "--notice", "60", "--keeps-share", "50 %", "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            // `script` gives the command a terminal; the answer "2" is typed on it.
            let command = [f.binary.url.path, "member", "leave", "Bob", "--replica", bob].map { "'\($0)'" }.joined(separator: " ")
            let output = try Self.onTerminal(command, input: "2\n", environment: f.binary.environment.merging(["ENTENTE_LANG": "fr"]) { $1 })
            #expect(output.contains("De quel type de départ s'agit-il\u{202F}?"))
            #expect(output.contains("  2. départ sans bonne raison\r\n") || output.contains("  2. départ sans bonne raison\n"))
            #expect(output.contains("préavis de 60 jours"))
            let bobShown = try #require(try f.json(["member", "show", "Bob", "--replica", bob]) as? [String: Any])
            #expect(bobShown["active"] as? Bool == false)
            let history = try f.ok(["history", "Bob", "--replica", bob])
            #expect(history.contains("set the kind of exit of the member Bob to “no-good-reason”"), "\(history)")
        }
    }

    @Test func thePromptTakesANumberANameOrNothing() throws {
        func answer(_ lines: [String]) throws -> ExitKind? {
            var remaining = lines[...]
            return try ExitKindPrompt.ask(.english, read: { remaining.popFirst() }, write: { _ in })
        }
        #expect(try answer(["1"]) == .goodReason)
        #expect(try answer(["  excluded-with-cause "]) == .excludedWithCause)
        #expect(try answer(["0", "4"]) == .excludedWithoutCause)
        #expect(try answer([""]) == nil)
        #expect(throws: ActionError.self) { try answer(["5", "maybe", "quit"]) }
        #expect(throws: ActionError.self) { try answer([]) }
        var written = ""
        var lines = ["x", "3"][...]
        _ = try ExitKindPrompt.ask(.french, read: { lines.popFirst() }, write: { written += $0 })
        #expect(written.contains("«\u{00A0}x\u{00A0}» n'en fait pas partie."))
    }

    /// Runs `command` under `script`, which gives it a pseudo-terminal, typing `input`.
    static func onTerminal(_ command: String, input: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command) failed: \(String(decoding: output, as: UTF8.self))")
        return String(decoding: output, as: UTF8.self)
    }
}
