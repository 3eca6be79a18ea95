import EntenteTestSupport
import Foundation
import Testing

/// The shared vision statement merges edit by edit, through the real binary.
@Suite("entente vision, end to end")
struct VisionTextEndToEndTests {
    @Test func concurrentEditsMergeWithoutLossOrInterleaving() throws {
        let directory = try TemporaryDirectory("entente-vision-text")
        defer { directory.remove() }
        let binary = try EntenteBinary()
        let alice = directory.path("alice"), bob = directory.path("bob")
        func ok(_ arguments: [String], input: String? = nil) throws -> String {
            let result = try binary.run(arguments, input: input)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result.stdout
        }
        _ = try ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        _ = try ok(["init", "--from", alice, "--name", "Bob", "--replica", bob])
        _ = try ok(["merge", bob, "--replica", alice])
        _ = try ok(["vision", "set", "--file", "-", "--replica", alice], input: "Nous gagnons des contrats ensemble.")
        _ = try ok(["merge", alice, "--replica", bob])

        // Offline, each rewrites a different part, with accents, combining marks and emoji.
        let fromAlice = try ok(["vision", "set", "--file", "-", "--replica", alice], input: "Nous gagnons des contrats publics ensemble.")
        #expect(fromAlice.contains("8 character(s) inserted, 0 deleted"))  // a diff, not a replace-all
        _ = try ok(["vision", "set", "--file", "-", "--replica", bob], input: "Nous gagnons vraiment des contrats ensemble, e\u{301}te\u{301} 🎉.")
        _ = try ok(["merge", bob, "--replica", alice])
        _ = try ok(["merge", alice, "--replica", bob])

        let onAlice = try ok(["vision", "show", "--json", "--replica", alice])
        #expect(onAlice == (try ok(["vision", "show", "--json", "--replica", bob])))
        let text = try #require(try JSONSerialization.jsonObject(with: Data(onAlice.utf8)) as? [String: String])["vision"]
        let scalars = String(try #require(text).unicodeScalars.map(Character.init))
        #expect(scalars.contains("publics"))
        #expect(scalars.contains("vraiment"))
        #expect(text?.unicodeScalars.contains("\u{301}") == true)
        #expect(text?.contains("🎉") == true)

        let history = try ok(["vision", "history", "--json", "--replica", alice])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        #expect(runs.contains { $0["author"] as? String == "Bob" && ($0["text"] as? String)?.contains("vraiment") == true })
        #expect(runs.contains { $0["author"] as? String == "Alice" && ($0["text"] as? String)?.contains("publics") == true })
        #expect(try ok(["audit", "--rebuild", "--replica", bob]).contains("Audit passed."))

        // Saving the same text again records nothing.
        let before = try ok(["log", "--json", "--replica", alice])
        #expect(try ok(["vision", "set", "--file", "-", "--replica", alice], input: text ?? "").contains("No change."))
        #expect(try ok(["log", "--json", "--replica", alice]) == before)
        // An editor that fails changes nothing.
        var failing = binary
        failing.environment["EDITOR"] = "false"
        let failed = try failing.run(["vision", "edit", "--replica", alice])
        #expect(failed.status != 0 && failed.stderr.contains("exited with status"))
        // An editor that edits records one change.
        var editing = binary
        editing.environment["EDITOR"] = "sed -i s/Nous/Elles/"
        #expect(try editing.run(["vision", "edit", "--replica", alice]).status == 0)
        #expect(try ok(["vision", "show", "--replica", alice]).hasPrefix("Elles"))
        let missing = try binary.run(["vision", "set", "--file", directory.path("none.txt"), "--replica", alice])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"))
    }
}
