import EntenteTestSupport
import Foundation
import Testing

/// Issue "Everyday use": a change stores only what its author typed (`--message`), and the
/// log tells what each change did from its operations, in the reader's language, then the
/// note between quotes.
@Suite("change notes and the log in words, end to end")
struct ChangeNotesEndToEndTests {
    /// `log --json`, oldest first.
    func log(_ f: CommandFixture, _ replica: String) throws -> [[String: Any]] {
        try #require(try f.json(["log", "--replica", replica]) as? [[String: Any]])
    }

    /// Quotes are set per language at the end of a sentence, from marks (private-use
    /// characters) placed while it is built: a title holding those characters cannot forge or
    /// swallow quotes, in either language.
    @Test func aTitleCannotForgeTheQuotesOfTheLog() throws {
        try CommandFixture.with("entente-notes-quotes") { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["commitment", "add", "Deliver \u{E001} then \u{E000}more", "--replica", a])
            let english = try f.ok(["log", "--replica", a])
            #expect(english.contains("Alice recorded a commitment “Deliver  then more”"), "\(english)")
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["log", "--replica", a]).stdout
            #expect(french.contains("Alice a enregistré l'engagement «\u{00A0}Deliver  then more\u{00A0}»"), "\(french)")
            #expect(!french.unicodeScalars.contains { (0xE000...0xE001).contains($0.value) })
        }
    }

    @Test func aFrenchReaderReadsTheLogOfAFreshReplicaInFrench() throws {
        try CommandFixture.with("entente-notes-fr", environment: ["ENTENTE_LANG": "fr"]) { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            try f.ok(["member", "add", "Élodie", "--replica", a])
            try f.ok(["commitment", "add", "Relire le budget", "--replica", a])
            try f.ok(["stage", "add", "Pilote", "--replica", a])
            try f.ok(["stage", "update", "Pilote", "--goal", "Un premier contrat", "--replica", a])
            let log = try f.ok(["log", "--replica", a])
            #expect(log.contains("Alice a fondé le collectif «\u{00A0}Atelier\u{00A0}»"), "\(log)")
            #expect(log.contains("Alice a ajouté le membre Élodie"), "\(log)")
            #expect(log.contains("Alice a enregistré l'engagement «\u{00A0}Relire le budget\u{00A0}»"), "\(log)")
            #expect(log.contains("Alice a mis l'objectif de l'étape «\u{00A0}Pilote\u{00A0}» à «\u{00A0}Un premier contrat\u{00A0}»"), "\(log)")
            for english in ["Found", "founded", "recorded", "Update", "Add member", "Add stage"] {
                #expect(!log.contains(english), "\(english) in \(log)")
            }
            // The same replica read by an English reader.
            let english = try EntenteBinary().run(["log", "--replica", a]).stdout
            #expect(english.contains("Alice founded the collective “Atelier”") && english.contains("Alice added the member Élodie"), "\(english)")
            // --grep looks in the words shown, in the reader's language (accents ignored).
            let grep = try f.ok(["log", "--grep", "FONDE", "--replica", a]).split(separator: "\n")
            #expect(grep.count == 1 && grep[0].contains("a fondé le collectif"), "\(grep)")
            #expect(try f.ok(["log", "--grep", "founded", "--replica", a]).isEmpty)
            #expect(try EntenteBinary().run(["log", "--grep", "founded", "--replica", a]).stdout.split(separator: "\n").count == 1)
            // JSON: the stored message is empty, the summary is the words in the reader's language.
            let json = try self.log(f, a)
            #expect(json.count == 5)
            #expect(json.allSatisfy { $0["message"] as? String == "" }, "\(json)")
            // JSON keeps the text as it is, without French typesetting.
            #expect(json.first?["summary"] as? String == "Alice a fondé le collectif « Atelier »", "\(json)")
            let keys = Set(json.first?.keys.map { $0 } ?? [])
            #expect(keys == ["position", "id", "author", "authorName", "signedBy", "seq", "time", "hlc", "message", "summary"], "\(keys)")
        }
    }

    @Test func aChangeWithoutMessageStoresNoneAndMessageIsStoredAndShownAsANote() throws {
        try CommandFixture.with("entente-notes") { f in
            let (alice, bob) = try f.pair()
            try f.ok(["commitment", "add", "Draft the tender answer", "--replica", alice])
            try f.ok(["commitment", "update", "Draft the tender answer", "--status", "dropped", "-m", "the client cancelled", "--replica", alice])
            try f.ok(["stage", "add", "Pilot", "--message", "  texte de la réunion  ", "--replica", alice])
            let statement = f.directory.path("vision.txt")
            try Data("Nous gagnons ensemble.\n".utf8).write(to: URL(fileURLWithPath: statement))
            try f.ok(["vision", "set", "--file", statement, "--replica", alice])
            let json = try self.log(f, alice)
            #expect(json.count == 6, "\(json)")
            let messages = json.map { $0["message"] as? String }
            // The founding, Bob's admission, the commitment, the vision edit: nothing typed, nothing stored.
            #expect(messages == ["", "", "", "the client cancelled", "texte de la réunion", ""], "\(messages)")
            let lines = try f.ok(["log", "--reverse", "--replica", alice]).split(separator: "\n").map(String.init)
            #expect(lines.count == 6)
            #expect(lines[2].hasSuffix("Alice recorded a commitment “Draft the tender answer”"), "\(lines[2])")
            #expect(lines[3].hasSuffix("Alice marked Alice's commitment “Draft the tender answer” dropped  — “the client cancelled”"), "\(lines[3])")
            #expect(lines[4].hasSuffix("Alice recorded a stage “Pilot”  — “texte de la réunion”"), "\(lines[4])")
            #expect(!lines[5].contains("—") && lines[5].contains("Alice edited the vision statement"), "\(lines[5])")
            // French quotation marks for a French reader; the note itself is as typed.
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["log", "--replica", alice]).stdout
            #expect(french.contains("Alice a enregistré l'étape «\u{00A0}Pilot\u{00A0}»  — «\u{00A0}texte de la réunion\u{00A0}»"), "\(french)")
            // --grep finds a change by its note.
            let found = try f.ok(["log", "--grep", "cancelled", "--replica", alice]).split(separator: "\n")
            #expect(found.count == 1 && found[0].contains("dropped"), "\(found)")
            // `show CHANGE` tells it, and gives the note.
            let id = try #require(json[3]["id"] as? String)
            let shown = try f.ok(["show", String(id.prefix(8)), "--replica", alice])
            #expect(shown.contains("note: “the client cancelled”") && shown.contains("Alice marked Alice's commitment"), "\(shown)")
            // The note travels with the signed change: Bob's replica tells it the same way.
            try f.ok(["merge", alice, "--replica", bob])
            #expect(try f.ok(["log", "--replica", bob]).contains("dropped  — “the client cancelled”"))
            // A blank message is no note; a note longer than a change can hold is refused, in both languages.
            try f.ok(["stage", "add", "Later", "-m", "   ", "--replica", alice])
            #expect(try self.log(f, alice).last?["message"] as? String == "")
            let long = String(repeating: "é", count: 2100)
            #expect(try f.fails(["stage", "add", "Too long", "-m", long], replica: alice).contains("the note given with --message is 4200 bytes long"))
            let refused = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["stage", "add", "Too long", "-m", long, "--replica", alice])
            #expect(refused.status != 0 && refused.stderr.contains("la note donnée avec --message fait 4200 octets"), "\(refused.output)")
        }
    }

    @Test func aNoteCarryingEscapeSequencesReachesNoTerminal() throws {
        try CommandFixture.with("entente-notes-escape") { f in
            let (alice, bob) = try f.pair()
            let note = "fine\u{1B}]0;owned\u{07}\u{1B}[31m red\u{1B}[2J\nFAKE LINE"
            try f.ok(["commitment", "add", "Draft", "-m", note, "--replica", bob])
            try f.ok(["merge", bob, "--replica", alice])
            let change = try #require(try self.log(f, alice).last?["id"] as? String)
            #expect(try self.log(f, alice).last?["message"] as? String == note)   // stored as typed
            let record = try #require((try f.json(["commitment", "list", "--replica", alice]) as? [[String: Any]])?.first?["id"] as? String)
            for arguments in [["log"], ["log", "--grep", "owned"], ["show", String(change.prefix(8))], ["history", String(record.prefix(8))]] {
                let output = try f.ok(arguments + ["--replica", alice])
                #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(arguments): \(output)")
                #expect(output.contains("fine^[]0;owned^G^[[31m red^[[2J^JFAKE LINE"), "\(arguments): \(output)")
                #expect(!output.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") }, "\(arguments)")
            }
        }
    }
}
