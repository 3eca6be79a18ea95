@testable import EntenteCLI
import EntenteTestSupport
import Foundation
import Testing

/// Output that fits the terminal: widths from COLUMNS (bad values ignored), words kept whole.
@Suite struct TextFitTests {
    @Test(arguments: [("80", 80), ("20", 20), ("1000", 1000), (" 120 ", 120), ("19", nil), ("1001", nil), ("0", nil), ("-5", nil), ("abc", nil), ("", nil)] as [(String, Int?)])
    func columnsIsReadWhenItIsSensible(_ columns: String, _ width: Int?) {
        // Tests run with standard output on a pipe or a file, so without COLUMNS nothing wraps.
        #expect(TextFit.width(environment: ["COLUMNS": columns]) == width)
    }

    @Test func longLinesWrapAtSpacesWithAHangingIndent() {
        let line = "- decision \"Nous répondons à l'appel d'offres ensemble\" waits for the stance of Bob, Chloé"
        let wrapped = TextFit.wrap(line, width: 40)
        #expect(wrapped.allSatisfy { $0.count <= 40 })
        #expect(wrapped.first == "- decision \"Nous répondons à l'appel")
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") })
        #expect(wrapped.joined(separator: " ").split(separator: " ").joined(separator: " ") == line)
        #expect(TextFit.wrap("short", width: 40) == ["short"])
        // A word longer than a line is cut, nothing is lost.
        let long = String(repeating: "x", count: 50)
        let cut = TextFit.wrap("see \(long)", width: 20)
        #expect(cut.allSatisfy { $0.count <= 20 })
        #expect(cut.joined().filter { $0 == "x" }.count == 50)
        // Colour codes take no width.
        #expect(TextFit.visibleCount("\u{1B}[1mBob\u{1B}[0m") == 3)
    }

    /// Issue "Hold up, second round", item 7: a long word (a title without spaces) is cut in
    /// one pass, in a line and in a cell: every piece fits, nothing is lost, colour is kept.
    @Test(arguments: [1, 19, 20, 21, 4_000])
    func aLongWordIsCutIntoPiecesThatFit(length: Int) {
        let word = String(repeating: "é", count: length)
        let lines = TextFit.wrap("  - \u{1B}[1m\(word)\u{1B}[0m end", width: 20)
        #expect(lines.allSatisfy { TextFit.visibleCount($0) <= 20 }, "\(lines)")
        #expect(lines.joined().filter { $0 == "é" }.count == length)
        #expect(lines.joined().contains("\u{1B}[1m") && lines.joined().contains("\u{1B}[0m"))
        let cell = TextFit.cellLines("a \(word) b", width: 20)
        #expect(cell.allSatisfy { $0.count <= 20 })
        #expect(cell.joined().filter { $0 == "é" }.count == length)
    }

    /// A list shows at most `Table.maximumCellCharacters` of a cell, then "…".
    @Test(arguments: [Table.maximumCellCharacters, Table.maximumCellCharacters + 1])
    func aListCutsACellPastItsLimit(length: Int) {
        var table = Table("ID", "TITLE")
        let title = String(repeating: "t", count: length)
        table.add("797f07d4", title)
        let shown = table.render(Terminal(colour: false, width: nil))
        let cut = length > Table.maximumCellCharacters
        #expect(shown.contains(cut ? String(repeating: "t", count: Table.maximumCellCharacters) + "…" : title))
        #expect(!shown.contains(String(repeating: "t", count: Table.maximumCellCharacters + 1)))
        #expect(shown.contains("…") == cut)
    }

    @Test func tablesShrinkTheirWidestColumnsAndWrapInsideCells() {
        var table = Table("ID", "TEXT", "NOT YET ACKNOWLEDGED BY")
        table.add("797f07d4", "Être payée dans les trente jours qui suivent la facture, sans relance", "Bob, Chloé")
        let narrow = table.render(Terminal(colour: false, width: 50)).split(separator: "\n")
        #expect(narrow.allSatisfy { $0.count <= 50 }, "\(narrow)")
        #expect(narrow.count > 2)
        let text = narrow.map { String($0.dropFirst(10)) }.joined(separator: " ")
        #expect(text.contains("Être") && text.contains("relance"))
        let wide = table.render(Terminal(colour: false, width: nil)).split(separator: "\n")
        #expect(wide.count == 2)
        #expect(Table.fitted([8, 70, 23], headers: ["ID", "TEXT", "NOT YET ACKNOWLEDGED BY"], into: 50) == [8, 19, 19])  // 46 left after the gaps: the two wide columns meet
        // A table that cannot fit at its minimum widths keeps them.
        #expect(Table.fitted([30, 30], headers: ["A", "B"], into: 10) == [6, 6])
    }

    /// Lines lose the padding that ends them, and any other white space there, as a walk over
    /// characters would: the spaces are dropped by bytes first.
    @Test(arguments: [
        ("abc", "abc"), ("abc   ", "abc"), ("", ""), ("   ", ""), ("a b  ", "a b"),
        ("é✓  ", "é✓"), ("x\u{00A0}  ", "x"), ("x\u{3000}\t ", "x"),  // NBSP, ideographic space
        ("x \u{301}  ", "x"), ("x\u{301}  ", "x\u{301}"),  // a space carrying a mark is white space to Swift too; a letter carrying one is not
        ("🎉 " + String(repeating: " ", count: 200), "🎉"),
    ] as [(String, String)])
    func trailingWhiteSpaceIsTrimmed(_ line: String, _ expected: String) {
        #expect(Table.trimmingTrailingWhitespace(line) == expected)
        let walked = String(line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)])
        #expect(Table.trimmingTrailingWhitespace(line) == walked)
    }

    @Test(arguments: [-3, 0, 1, 7, 127, 128, 300])
    func paddingIsThatManySpaces(_ count: Int) {
        #expect(Table.padding(count) == String(repeating: " ", count: max(0, count)))
    }

    /// Rows wrapped inside their cells keep every column under its header, whatever the
    /// characters (the padding counts characters, not bytes).
    @Test func wrappedRowsStayAligned() throws {
        var table = Table("ID", "TITLE", "BY")
        table.add("797f07d4", "Préparer l’atelier « vision » avec les trois cabinets partenaires, puis relancer", "Zoé")
        table.add("0a1b2c3d", "Court", "Bob")
        let lines = table.render(Terminal(colour: false, width: 40)).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count <= 40 && $0.last != " " }, "\(lines)")
        let header = try #require(lines.first)
        let column = header.distance(from: header.startIndex, to: try #require(header.firstRange(of: "BY")).lowerBound)
        #expect(lines.filter { $0.hasSuffix("Zoé") || $0.hasSuffix("Bob") }.count == 2)
        for line in lines where line.hasSuffix("Zoé") || line.hasSuffix("Bob") {
            #expect(line.count - 3 == column, "\(line)")
        }
    }

    @Test func showStatusAndLogFitEightyColumns() throws {
        try CommandFixture.with("entente-fit", environment: ["COLUMNS": "80"]) { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier Nord", "--name", "Alice", "--replica", a])
            try f.ok(["member", "add", "Damien Lefèvre", "--replica", a])
            try f.ok(["expectation", "add", "Être payée dans les trente jours qui suivent la facture, sans relance, parce que la trésorerie d'une indépendante ne supporte pas les retards", "--type", "concern", "--replica", a])
            try f.ok(["risk", "add", "Bob pourrait partir pour un poste salarié si le premier contrat tarde, et emporter ses clients avec lui", "--zone", "defection", "--likelihood", "4", "--impact", "5", "--mitigation", "Convenir des conditions de sortie avant le premier contrat, et les revoir à chaque étape", "--replica", a])
            try f.ok(["stage", "add", "Pilote", "--goal", "Un premier contrat commun, livré dans les délais et au budget, avec un client public", "--entry", "Attentes convenues et prises en compte par tous les membres", "--exit", "Contrat livré, facturé et payé", "--replica", a])
            try f.ok(["commitment", "add", "Rédiger la réponse à l'appel d'offres de la métropole pour le lot conception", "--towards", "Damien", "--due", "2026-01-15", "--replica", a])
            for command in [["show"], ["status"], ["log"], ["risk", "list"], ["expectation", "list"], ["commitment", "list"], ["conflicts"]] {
                let output = try f.ok(command + ["--replica", a])
                let long = output.split(separator: "\n").filter { $0.count > 80 }
                #expect(long.isEmpty, "entente \(command.joined(separator: " ")): \(long)")
            }
            // Without COLUMNS and on a pipe, lines are not wrapped (scripts read whole lines).
            let plain = try EntenteBinary(environment: ["COLUMNS": "garbage"]).run(["status", "--replica", a])
            #expect(plain.stdout.split(separator: "\n").contains { $0.count > 80 })
        }
    }
}
