import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteCLI

/// A help page fits an 80-column terminal and reads as paragraphs: the discussions were written
/// in the source at about 90 columns, so on 80 columns every long line was broken once more
/// ("… your keys" / "and settings stay", a line of one word between two long ones).
@Suite("Help fits the terminal")
struct HelpWidthTests {
    static let width = 80

    @Test func aDiscussionIsJoinedIntoParagraphs() {
        let text = """
            The damaged file is kept beside the new one; your keys
            and settings stay.

            Then run `entente sync`.
            Examples:
              entente repair
              entente repair --replica DIR
            - a list item
            that goes on
            - another
            Exemple :
              entente repair
            It ends with
            a colon:
              entente log
            In French when LANG says so.
            Example: entente coach
            Then more.
            """
        #expect(HelpText.reflow(text) == """
            The damaged file is kept beside the new one; your keys and settings stay.

            Then run `entente sync`.
            Examples:
              entente repair
              entente repair --replica DIR
            - a list item that goes on
            - another
            Exemple :
              entente repair
            It ends with a colon:
              entente log
            In French when LANG says so.
            Example: entente coach
            Then more.
            """)
        #expect(HelpText.reflow("") == "")
        #expect(HelpText.reflow("one line") == "one line")
    }

    @Test func aLongUsageIsWrappedUnderTheCommand() {
        let page = "OVERVIEW: Add.\n\nUSAGE: entente member add <name> [--entered-at <stage>] [--replica <dir>] [--message <text>]\n\nOPTIONS:"
        #expect(HelpText.wrapUsage(page, width: 50) == """
            OVERVIEW: Add.

            USAGE: entente member add <name>
                   [--entered-at <stage>] [--replica <dir>]
                   [--message <text>]

            OPTIONS:
            """)
        let french = "UTILISATION : entente member add <name> [--entered-at <stage>] [--replica <dir>]"
        #expect(HelpText.wrapUsage(french, width: 50) == """
            UTILISATION : entente member add <name>
                          [--entered-at <stage>]
                          [--replica <dir>]
            """)
        // A usage that fits is left as it is.
        #expect(HelpText.wrapUsage("USAGE: entente log [--limit <n>]", width: 50) == "USAGE: entente log [--limit <n>]")
        #expect(HelpText.usageWords("entente x [--a <b c>] <d>") == ["entente", "x", "[--a <b c>]", "<d>"])
        #expect(HelpText.usageWords("entente init --name <name> [--x] --y <z>") == ["entente", "init", "--name <name>", "[--x]", "--y <z>"])
    }

    @Test func aParseErrorsUsageKeepsEachOptionWhole() {
        let message = """
            Error: Missing expected argument '<what>'
            Usage: entente commitment add <what> [--towards <towards>
              ...] [--due <due>] [--stage <stage>]
              See 'entente commitment add --help' for more information.
            """
        #expect(HelpText.wrapErrorUsage(message, width: 50) == """
            Error: Missing expected argument '<what>'
            Usage: entente commitment add <what>
              [--towards <towards> ...] [--due <due>]
              [--stage <stage>]
              See 'entente commitment add --help' for more information.
            """)
        #expect(HelpText.wrapErrorUsage("Erreur : x\nUtilisation : entente log [--limit <n>]", width: 50)
                == "Erreur : x\nUtilisation : entente log [--limit <n>]")
        #expect(HelpText.wrapErrorUsage("Error: no usage here", width: 50) == "Error: no usage here")
    }

    /// Through the binary, in both languages, at two widths: a mistyped option's usage fits
    /// and never splits an option from its value.
    @Test(arguments: [["commitment", "add"], ["member", "add"], ["decision", "propose"], ["sync"]])
    func aParseErrorFitsAndKeepsOptionsWhole(_ path: [String]) throws {
        for language in ["en", "fr"] {
            for width in [60, 80] {
                let environment = FrenchHelpTests.environment(["ENTENTE_LANG": language, "COLUMNS": "\(width)"])
                let run = try EntenteBinary(environment: environment).run(path + ["--zzz"])
                #expect(run.status != 0)
                // French output puts no-break spaces before colons (French.typography).
                let lines = run.output.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
                    .split(separator: "\n").map(String.init)
                let usage = try #require(lines.firstIndex { $0.hasPrefix("Usage: ") || $0.hasPrefix("Utilisation : ") }, "\(run.output)")
                var end = usage + 1
                while end < lines.count, lines[end].hasPrefix("  "), !lines[end].hasPrefix("  See "), !lines[end].hasPrefix("  Voyez ") { end += 1 }
                for line in lines[usage..<end] {
                    #expect(line.count <= width, "\(path) \(language) \(width): \(line)")
                    #expect(line.filter { $0 == "[" }.count == line.filter { $0 == "]" }.count, "\(path) \(language) \(width): \(line)")
                }
            }
        }
    }

    @Test(arguments: FrenchHelpTests.paths)
    func everyHelpPageFitsEightyColumns(_ path: [String]) throws {
        for language in ["en", "fr"] {
            let environment = FrenchHelpTests.environment(["ENTENTE_LANG": language, "COLUMNS": "\(Self.width)"])
            let help = try EntenteBinary(environment: environment).run(path + ["--help"])
            let page = "entente \((path + ["--help"]).joined(separator: " ")) (\(language))"
            #expect(help.status == 0, "\(page): \(help.output)")
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let usage = lines.firstIndex { $0.hasPrefix("USAGE:") || $0.hasPrefix("UTILISATION") } ?? lines.count
            for line in lines {
                #expect(line.count <= Self.width, "\(page): a line of \(line.count) columns: \(line)")
            }
            // The discussion, between the overview and the usage: a line followed by one whose
            // first word would have fitted on it (ArgumentParser fills lines to one column less
            // than the width) was broken by hand, not by the width.
            guard let blank = lines.firstIndex(of: ""), blank < usage else { continue }
            let discussion = lines[(blank + 1)..<usage]
            for (line, next) in zip(discussion, discussion.dropFirst()) {
                // An example too long for the width goes on at the margin, in lower case; a
                // paragraph after the examples starts with a capital (or a command).
                if line.first?.isWhitespace == true, let first = next.first, !first.isWhitespace {
                    #expect(first.isUppercase || first == "`", "\(page): an example wider than the terminal:\n\(line)\n\(next)")
                    continue
                }
                guard !line.isEmpty, !next.isEmpty, next.first?.isWhitespace == false, !line.hasSuffix(":"),
                      !HelpText.startsLine(next), let word = next.split(separator: " ").first else { continue }
                #expect(line.count + 1 + word.count > Self.width - 1, "\(page): broken early before \"\(word)\":\n\(line)\n\(next)")
            }
        }
    }
}
