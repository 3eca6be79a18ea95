import EntenteActions
@testable import EntenteCLI
import Foundation
import Testing

/// Text from peers is data, not terminal control.
@Suite("Terminal text")
struct TerminalTextTests {
    @Test func controlSequencesAreShownNotObeyed() {
        let hostile = "Draft\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[1;1Hfake\r\u{7F}\u{9B}31m\u{202E}txt"
        let shown = TerminalText.neutralize(hostile)
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!shown.unicodeScalars.contains { $0.value == 0x7F || (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(shown == "Draft^[]0;pwned^G^[[2J^[[1;1Hfake^M^?<U+9B>31m<U+202E>txt")
    }

    @Test func ownColoursAndLineBreaksSurvive() {
        let terminal = Terminal(colour: true)
        let styled = terminal.bold("Board") + "\n\t" + terminal.red("OVERDUE")
        #expect(TerminalText.neutralize(styled) == styled)
        // Only Terminal's own codes: a cursor move or an unknown code is shown.
        #expect(TerminalText.neutralize("\u{1B}[5m") == "^[[5m")
        #expect(TerminalText.neutralize("\u{1B}[31") == "^[[31")
        #expect(TerminalText.neutralize("end\u{1B}") == "end^[")
    }

    @Test func aCellStaysOnOneLine() {
        #expect(TerminalText.oneLine("two\nlines\tand tab") == "two^Jlines^Iand tab")
        var table = Table("A", "B")
        table.add("x\ny", "z")
        #expect(table.render(Terminal(colour: false)).split(separator: "\n").count == 2)
    }

    /// The Markdown report is read with `cat` too: a member's control sequences reach it shown.
    @Test func theMarkdownReportCarriesNoControlCharacter() throws {
        try CommandFixture.with("entente-terminal") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            try f.ok(["commitment", "add", "Draft\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}[31mred", "--replica", alice])
            let report = f.directory.path("report.md")
            try f.ok(["export", "--format", "markdown", report, "--replica", alice])
            let text = try String(contentsOfFile: report, encoding: .utf8)
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(text.contains("Draft^[[2J^[]0;pwned^G^[[31mred"))
        }
    }
}
