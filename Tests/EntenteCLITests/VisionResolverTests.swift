import EntenteActions
import EntenteCore
import Testing

@testable import EntenteCLI

/// Addressing records by id prefix when two ids share it.
@Suite("Vision record addressing")
struct VisionResolverTests {
    func record(_ hexPrefix: [UInt8], _ text: String, kind: String = RecordKind.risk, field: String = "description") -> RecordState {
        let id = RecordID(unchecked: hexPrefix + [UInt8](repeating: 0x11, count: 16 - hexPrefix.count))
        let author = AuthorKey(unchecked: [UInt8](repeating: 1, count: 32))
        let tag = WriteTag(author: author, change: ChangeID(unchecked: [UInt8](repeating: 1, count: 32)), op: 0)
        let time = HybridTimestamp(wallMillis: 1, counter: 0)
        return RecordState(header: RecordHeader(id: id, kind: kind, createdBy: tag, createdAt: time, position: 1),
                           registers: [field: [FieldWrite(tag: tag, timestamp: time, value: .string(text), position: 1)]])
    }

    @Test func ambiguousPrefixNamesTheCandidates() throws {
        let resolver = RecordResolver(records: [self.record([0xab, 0xcd, 0x01], "One"), self.record([0xab, 0xcd, 0x02], "Two")])
        #expect(throws: CLIError.self) { try resolver.resolve("abcd", kind: RecordKind.risk) }
        do {
            _ = try resolver.resolve("abcd", kind: RecordKind.risk)
        } catch let error as CLIError {
            #expect(error.description.contains("'abcd' matches 2 risks"))
            #expect(error.description.contains("type more letters of the name, or an id prefix"))
        }
        #expect(try resolver.resolve("abcd02", kind: RecordKind.risk).string("description") == "Two")
        // Copied from the screen with a space, a no-break space or a line break around it.
        for copied in [" abcd02", "abcd02 ", "abcd02\u{00A0}", "\u{202F}abcd02\n"] {
            #expect(try resolver.resolve(copied, kind: RecordKind.risk).string("description") == "Two", "\(copied.unicodeScalars.map(\.value))")
        }
        #expect(try resolver.resolve("one", kind: RecordKind.risk).string("description") == "One")
    }

    @Test func namesMatchTheWayPeopleTypeThem() throws {
        let people = RecordResolver(records: [
            self.record([0x01], "Damien Lefèvre", kind: RecordKind.member, field: "name"),
            self.record([0x02], "Élodie Béranger", kind: RecordKind.member, field: "name"),
            self.record([0x03], "Zoë d’Arc", kind: RecordKind.member, field: "name"),
            self.record([0x04], "Dominique Martin", kind: RecordKind.member, field: "name"),
        ])
        func name(_ query: String) throws -> String? { try people.resolve(query, kind: RecordKind.member).string("name") }
        #expect(try name("Damien") == "Damien Lefèvre")            // the start of a name
        #expect(try name("lefevre") == "Damien Lefèvre")           // a later word, without accents
        #expect(try name("Elodie Beranger") == "Élodie Béranger")  // without accents
        #expect(try name("ÉLODIE   béranger") == "Élodie Béranger")
        #expect(try name("zoe d'arc") == "Zoë d’Arc")              // a straight apostrophe for a typographic one
        #expect(try name("Zoë d’Arc") == "Zoë d’Arc")
        // Several match: they are listed, and more letters are asked for.
        let several = try #require(throws: CLIError.self) { try people.resolve("D", kind: RecordKind.member) }
        #expect(several.phrase.english.contains("'D' matches 3 members"))
        #expect(several.phrase.english.contains("Damien Lefèvre") && several.phrase.english.contains("Dominique Martin"))
        #expect(several.phrase.french.contains("tapez plus de lettres"))
        #expect(try name("Do") == "Dominique Martin")
        // Nothing matches: the closest names are suggested.
        let typo = try #require(throws: CLIError.self) { try people.resolve("Damine", kind: RecordKind.member) }
        #expect(typo.phrase.english.contains("Did you mean “Damien Lefèvre”?"))
        #expect(typo.phrase.english.contains("`entente member list`"))
        #expect(typo.phrase.french.contains("Vouliez-vous dire « Damien Lefèvre » ?"))
        let far = try #require(throws: CLIError.self) { try people.resolve("Xavier", kind: RecordKind.member) }
        #expect(!far.phrase.english.contains("Did you mean"))
        // With no kind, the hint names a command that exists.
        let any = try #require(throws: CLIError.self) { try people.resolve("Nowhere") }
        #expect(any.phrase.english.contains("`entente show`") && !any.phrase.english.contains("show list"))
    }

    @Test func suggestionsAreBoundedAndFolded() {
        #expect(NameMatching.fold("  L’Offre   Été ") == "l'offre ete")
        #expect(NameMatching.suggestions(for: "stauts", among: ["status", "stage", "show"]) == ["status"])
        #expect(NameMatching.suggestions(for: "", among: ["status"]).isEmpty)
        let long = String(repeating: "a", count: NameMatching.maximumSuggestionLength + 1)
        #expect(NameMatching.suggestions(for: long, among: [long]).isEmpty)
        let limit = String(repeating: "a", count: NameMatching.maximumSuggestionLength)
        #expect(NameMatching.suggestions(for: limit, among: [limit]) == [limit])
    }
}
