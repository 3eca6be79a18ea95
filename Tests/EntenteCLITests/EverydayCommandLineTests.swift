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

    /// Issue "French first": when members see different phases, `status` printed GRDB's
    /// `SQL` internals (an interpolation that type-checked as SQL), in both languages.
    @Test func differentPhasesReadAsPhasesNotInternals() throws {
        try CommandFixture.with("entente-phases") { f in
            let (alice, bob) = try f.pair()
            try f.ok(["phase", "add", "crisis", "--replica", alice])
            try f.ok(["phase", "add", "euphoria", "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            let english = try f.ok(["status", "--replica", alice])
            #expect(english.contains("members perceive different phases: euphoria: Bob; crisis: Alice"), "\(english)")
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["status", "--replica", alice]).stdout
            #expect(french.contains("les membres ne voient pas la même phase\u{00A0}: "), "\(french)")
            for text in [english, french] {
                #expect(!text.contains("SQL(") && !text.contains("GRDB"), "\(text)")
            }
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
            #expect(french.status != 0 && french.stderr.contains("Vouliez-vous dire `entente status`\u{202F}?"), "\(french.stderr)")
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

/// The log and history as a person reads them.
@Suite("log and history, end to end")
struct LogAndHistoryTests {
    @Test func theLogFiltersAndTellsChangesInWords() throws {
        try CommandFixture.with("entente-log") { f in
            let (alice, bob) = try f.pair()
            try f.ok(["stage", "add", "Pilote", "--replica", alice])
            try f.ok(["commitment", "add", "Relire le budget", "--replica", alice])
            try f.ok(["merge", alice, "--replica", bob])
            try f.ok(["stage", "update", "Pilote", "--goal", "Un premier contrat", "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            let lines = try f.ok(["log", "--replica", alice]).split(separator: "\n")
            // Newest first by default; --reverse for oldest first.
            let newest = "Bob set the goal of the stage “Pilote” to “Un premier contrat”"
            #expect(lines.first?.contains(newest) == true, "\(lines)")
            #expect(try f.ok(["log", "--reverse", "--replica", alice]).split(separator: "\n").last?.contains(newest) == true)
            let grep = try f.ok(["log", "--grep", "BUDGET", "--replica", alice]).split(separator: "\n")
            #expect(grep.count == 1 && grep[0].contains("Relire le budget"), "\(grep)")
            let record = try f.ok(["log", "--record", "pilote", "--replica", alice]).split(separator: "\n")
            #expect(record.count == 2 && record.allSatisfy { $0.contains("Pilote") }, "\(record)")
            #expect(try f.ok(["log", "--since", "2099-01-01", "--replica", alice]).isEmpty)
            #expect(try f.ok(["log", "--since", "2000-01-01", "--limit", "1", "--replica", alice]).split(separator: "\n").count == 1)
            #expect(try f.fails(["log", "--since", "yesterday"], replica: alice).contains("YYYY-MM-DD"))
            // A change id from the log: `show` and `history` tell it in words.
            let id = String(try #require(lines.first).prefix(8))
            for command in [["show", id], ["history", id]] {
                let told = try f.ok(command + ["--replica", alice])
                #expect(told.contains("by Bob (") && told.contains("), #"), "\(told)")
                #expect(told.contains("Bob set the goal of the stage “Pilote” to “Un premier contrat”"), "\(told)")
            }
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["show", id, "--replica", alice]).stdout
            #expect(french.contains("Bob a mis l'objectif de l'étape «\u{00A0}Pilote\u{00A0}» à «\u{00A0}Un premier contrat\u{00A0}»"), "\(french)")
            #expect(try f.fails(["show", "ffffffff"], replica: alice).contains("no change has an id starting with 'ffffffff'"))
            // History speaks in names and sentences, not field names.
            let history = try f.ok(["history", "Pilote", "--replica", alice])
            #expect(history.contains("Alice (") && history.contains(") recorded a stage “Pilote”") && !history.contains("entryConditions") && !history.contains(" = "), "\(history)")
        }
    }

    @Test func aLongLogGoesThroughThePagerOnATerminalAndFallsBackWithoutIt() throws {
        try CommandFixture.with("entente-pager") { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            func onTerminal(pager: String) throws -> String {
                let command = "PAGER='\(pager)' '\(f.binary.url.path)' log --replica '\(a)'"
                return try ArchiveConflictEndToEndTests.onTerminal(command, input: "", environment: f.binary.environment)
            }
            #expect(try onTerminal(pager: "sed s/^/PAGED:/").contains("PAGED:"))
            let missing = try onTerminal(pager: "/nonexistent/pager")
            #expect(missing.contains("Alice founded the collective “Atelier”") && !missing.contains("PAGED:"), "\(missing)")
            #expect(!(try f.ok(["log", "--replica", a])).contains("PAGED:"))   // a pipe: never paged
        }
    }
}
