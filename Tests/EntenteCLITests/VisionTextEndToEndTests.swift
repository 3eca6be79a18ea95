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
        #expect(fromAlice.contains("8 characters inserted, 0 deleted"))  // a diff, not a replace-all
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

    /// The reported case: Bob and Chloé each rewrote "les désaccords tôt." offline. Both
    /// phrases come through whole, and the passage is reported until someone settles it.
    @Test func concurrentRewritesKeepBothPhrasesAndAreReported() throws {
        try CommandFixture.with("entente-rewrites") { f in
            let a = f.replica("alice"), b = f.replica("bob"), c = f.replica("chloe")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
            try f.ok(["init", "--from", a, "--name", "Chloé", "--replica", c])
            for (to, from) in [(a, b), (a, c), (b, a), (c, a)] { try f.ok(["merge", from, "--replica", to]) }
            func set(_ replica: String, _ text: String) throws {
                let result = try f.binary.run(["vision", "set", "--file", "-", "--replica", replica], input: text)
                #expect(result.status == 0, "\(result.output)")
            }
            try set(a, "Nous nous disons les choses et nous osons en parler les désaccords tôt.")
            for replica in [b, c] { try f.ok(["merge", a, "--replica", replica]) }
            try set(b, "Nous nous disons les choses et nous osons en parler dès qu'ils apparaissent.")
            try set(c, "Nous nous disons les choses et nous osons en parler en face, jamais par courriel.")
            try f.ok(["merge", c, "--replica", b])
            try f.ok(["merge", b, "--replica", c])
            for replica in [b, c] {
                let text = try f.ok(["vision", "show", "--replica", replica])
                #expect(text.contains("dès qu'ils apparaissent"), "\(text)")
                #expect(text.contains("en face, jamais par courriel"), "\(text)")
                #expect(!text.contains("apparaissen ") && !text.contains("désaccords"), "\(text)")
                // Each brought its own space: the two wordings read as words, not glued.
                #expect(text.contains("dès qu'ils apparaissent en face") || text.contains("jamais par courriel dès qu'ils"), "\(text)")
                let conflicts = try f.ok(["conflicts", "--replica", replica])
                #expect(conflicts.contains("The vision statement was rewritten by Bob and Chloé at the same time"), "\(conflicts)")
                #expect(conflicts.contains("before: “les désaccords tôt.”") || conflicts.contains("before: “les désaccords tôt”"), "\(conflicts)")
                #expect(conflicts.contains("Bob: “dès qu'ils apparaissent") && conflicts.contains("Chloé: “en face, jamais par courriel"), "\(conflicts)")
                #expect(!conflicts.contains("one after the other"), "\(conflicts)")
                let status = try #require(try f.json(["status", "--replica", replica]) as? [String: Any])
                #expect((status["rewrites"] as? [[String: Any]])?.first?["authors"] as? [String] == ["Bob", "Chloé"])
            }
            // The change itself shows the words it removed and added.
            let log = try #require(try f.json(["log", "--replica", b]) as? [[String: Any]])
            let bobs = try #require(log.last { $0["authorName"] as? String == "Bob" && ($0["summary"] as? String)?.contains("vision") == true }?["id"] as? String)
            let shown = try f.ok(["show", bobs, "--replica", b])
            #expect(shown.contains("added: “dès qu'ils apparaissent”") && shown.contains("removed: “les désaccords tôt”"), "\(shown)")
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["status", "--replica", b]).stdout
            #expect(french.contains("L'énoncé de vision a été réécrit par Bob et Chloé en même temps"), "\(french)")
            // Chloé keeps Bob's wording: her words go, the passage is settled everywhere.
            #expect(try f.fails(["vision", "keep", "Alice"], replica: c).contains("Alice rewrote no passage"))
            let kept = try f.ok(["vision", "keep", "Bob", "--replica", c])
            #expect(kept.contains("Kept Bob's wording"), "\(kept)")
            #expect(try f.ok(["vision", "show", "--replica", c]) == "Nous nous disons les choses et nous osons en parler dès qu'ils apparaissent.\n")
            try f.ok(["merge", c, "--replica", b])
            for replica in [b, c] {
                #expect(try f.ok(["conflicts", "--replica", replica]).contains("No conflicts."))
            }
            // Bob merges both, having seen them: still settled.
            try set(b, "Nous nous disons les choses et nous osons en parler en face, dès qu'ils apparaissent.")
            try f.ok(["merge", b, "--replica", c])
            for replica in [b, c] {
                #expect(try f.ok(["conflicts", "--replica", replica]).contains("No conflicts."))
            }
            // Rewrites of different passages are no conflict.
            try set(b, "Nous nous disons tout et nous osons en parler en face, dès qu'ils apparaissent.")
            try set(c, "Nous nous disons les choses et nous osons en parler en face, dès qu'ils apparaissent!")
            try f.ok(["merge", c, "--replica", b])
            #expect(try f.ok(["conflicts", "--replica", b]).contains("No conflicts."))
        }
    }
}
