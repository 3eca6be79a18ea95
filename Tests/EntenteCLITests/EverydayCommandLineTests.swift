import EntenteTestSupport
import Foundation
import Testing

/// The command line as a person lives with it: names typed loosely, mistyped commands, the
/// dead ends of the first version.
@Suite("everyday command line, end to end")
struct EverydayCommandLineTests {
    @Test func namesResolveWithoutAccentsCaseOrTheRightApostrophe() throws {
        try CommandFixture.with("entente-names") { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["member", "add", "Damien Lefèvre", "--replica", a])
            try f.ok(["member", "add", "Élodie Béranger", "--replica", a])
            try f.ok(["stage", "add", "L’offre commune", "--replica", a])
            // The same name typed another way is the same member.
            #expect(try f.fails(["member", "add", "elodie beranger"], replica: a).contains("already exists"))
            try f.ok(["commitment", "add", "Relire le budget", "--towards", "Damien", "--towards", "Elodie Beranger",
                      "--stage", "l'offre commune", "--replica", a])
            let commitment = try #require((try f.json(["commitment", "list", "--replica", a]) as? [[String: Any]])?.first)
            #expect(Set(commitment["towards"] as? [String] ?? []) == ["Damien Lefèvre", "Élodie Béranger"])
            #expect(commitment["stageTitle"] as? String == "L’offre commune")
            let shown = try #require(try f.json(["member", "show", "LEFEVRE", "--replica", a]) as? [String: Any])
            #expect(shown["name"] as? String == "Damien Lefèvre")
            // A typo gets a suggestion; a prefix of several gets the list.
            let typo = try f.fails(["member", "show", "Damine"], replica: a)
            #expect(typo.contains("Did you mean “Damien Lefèvre”?"), "\(typo)")
            try f.ok(["member", "add", "Damien Roux", "--replica", a])
            let several = try f.fails(["member", "show", "damien"], replica: a)
            #expect(several.contains("matches 2 members") && several.contains("type more letters"), "\(several)")
        }
    }

    @Test func aMistypedCommandSuggestsTheRightOne() throws {
        try CommandFixture.with("entente-typos") { f in
            let top = try f.fails(["stauts"])
            #expect(top.contains("'stauts' is not a command of `entente`. Did you mean `entente status`?"), "\(top)")
            let nested = try f.fails(["decision", "stnace"])
            #expect(nested.contains("Did you mean `entente decision stance`?"), "\(nested)")
            let far = try f.fails(["xyzzy"])
            #expect(far.contains("See `entente --help`") && !far.contains("Did you mean"), "\(far)")
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["stauts"])
            #expect(french.status != 0 && french.stderr.contains("Vouliez-vous dire `entente status` ?"), "\(french.stderr)")
            let negative = try f.fails(["contribution", "value", "Tender", "-300"])
            #expect(negative.contains("'-300' is a negative number"), "\(negative)")
        }
    }

    @Test func theDeadEndsOfTheFirstVersionLeadSomewhere() throws {
        try CommandFixture.with("entente-dead-ends") { f in
            let (alice, bob) = try f.pair()
            try f.ok(["commitment", "add", "Draft the tender answer", "--replica", alice])
            // `export -` writes to standard output, not to a file named "-".
            let markdown = try f.ok(["export", "--format", "markdown", "-", "--replica", alice])
            #expect(markdown.contains("Draft the tender answer"))
            #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
            let json = try f.ok(["export", "--format", "json", "-", "--replica", alice])
            #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["format"] as? String == "entente-vision/1")
            // `bundle export --print-vector` exists: Bob says what he holds, Alice sends only the rest.
            let vector = try f.ok(["bundle", "export", "--print-vector", "--replica", bob]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(vector.contains(":"))
            let vectorFile = f.directory.path("bob.vector"), bundle = f.directory.path("news.entente")
            try Data(vector.utf8).write(to: URL(fileURLWithPath: vectorFile))
            let wrote = try f.ok(["bundle", "export", "--since", vectorFile, bundle, "--replica", alice])
            #expect(wrote.contains("Wrote 1 change(s)"), "\(wrote)")
            try f.ok(["bundle", "import", bundle, "--replica", bob])
            #expect(try f.ok(["commitment", "list", "--replica", bob]).contains("Draft the tender answer"))
            #expect(try f.fails(["bundle", "export", "--print-vector", bundle, "--replica", alice]).contains("leave out the file name"))
            #expect(try f.fails(["bundle", "export", "--replica", alice]).contains("give the bundle file to write"))
            // An unknown record names a command that exists.
            let unknown = try f.fails(["history", "Nowhere"], replica: alice)
            #expect(!unknown.contains("entente show list") && unknown.contains("`entente show`"), "\(unknown)")
        }
    }
}
