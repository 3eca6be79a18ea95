import ArgumentParser
import Foundation
import Testing

@testable import EntenteCLI

/// ArgumentParser's own words in French (``ParserFrench``), in-process: help pages wrapped as
/// ArgumentParser wraps them, and each parse error it can make.
@Suite("ArgumentParser's words in French")
struct ParserFrenchTests {
    /// The help page ArgumentParser renders for `arguments` at `columns`.
    static func page(_ arguments: [String], columns: Int) -> String {
        do {
            // `--help` parses as ArgumentParser's help command, which throws when run.
            var command = try EntenteCommand.parseAsRoot(arguments + ["--help"])
            try command.run()
            return ""
        } catch {
            return EntenteCommand.fullMessage(for: error, columns: columns)
        }
    }

    static let paths: [[String]] = [[], ["member"], ["member", "leave"], ["expectation", "add"], ["stage", "add"], ["status"],
                                    ["contribution", "value"], ["invite", "new"], ["serve"], ["meet"], ["sync"]]

    /// ParserFrench wraps a description as ArgumentParser does: each one-paragraph entry of
    /// an unwrapped page, wrapped by ParserFrench, is the entry of the page wrapped by
    /// ArgumentParser.
    @Test(arguments: [50, 60, 72, 80, 100])
    func descriptionsWrapAsArgumentParserWrapsThem(_ columns: Int) {
        var compared = 0
        for path in Self.paths {
            let wide = Self.page(path, columns: 100_000).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let wrapped = Self.page(path, columns: columns).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let usage = wide.firstIndex { $0.hasPrefix("USAGE: ") } ?? wide.count
            let wrappedUsage = wrapped.firstIndex { $0.hasPrefix("USAGE: ") } ?? wrapped.count
            for (index, line) in wide.enumerated() where index > usage && line.hasPrefix("  ") && line.count > 26 {
                let head = String(line.prefix(26))
                guard head.last == " ", !head.dropFirst(2).hasPrefix(" "),
                      index + 1 == wide.count || !wide[index + 1].hasPrefix(String(repeating: " ", count: 26)),
                      let start = wrapped[wrappedUsage...].firstIndex(where: { $0.hasPrefix(head) }) else { continue }
                let ours = ParserFrench.wrap(String(line.dropFirst(26)), columns: columns - 26)
                let theirs = [String(wrapped[start].dropFirst(26))]
                    + wrapped[(start + 1)...].prefix { $0.hasPrefix(String(repeating: " ", count: 26)) }.map { String($0.dropFirst(26)) }
                #expect(ours == theirs, "\(path) at \(columns): \(line)")
                compared += 1
            }
        }
        #expect(compared > 40, "\(compared) entries compared")
    }

    /// In French every help page keeps within its width (but its usage line, which
    /// ArgumentParser never wraps), holds none of ArgumentParser's English words, and keeps
    /// every word of the page.
    @Test(arguments: [50, 60, 80])
    func frenchHelpPagesKeepTheirWidth(_ columns: Int) {
        for path in Self.paths {
            let english = Self.page(path, columns: columns)
            let french = ParserFrench.help(english, width: columns)
            let englishLines = Set(english.split(separator: "\n"))
            for line in french.split(separator: "\n") where line.count > columns {
                // Only what ArgumentParser never wraps: the usage, the pointer to the help of
                // subcommands, and lines it left longer itself (an example).
                #expect(line.hasPrefix("UTILISATION : ") || line.hasPrefix("  Voyez `") || englishLines.contains(line),
                        "\(path) at \(columns): \(line)")
            }
            for word in ["OVERVIEW:", "USAGE:", "OPTIONS:", "SUBCOMMANDS:", "Show help information.", "Show the version.",
                         "(default)", "(default:", "<subcommand>", "for detailed help"] {
                #expect(!french.contains(word), "\(path) at \(columns): \(word) in \(french)")
            }
            #expect(french.hasPrefix("RÉSUMÉ : ") && french.contains("\nUTILISATION : entente") && french.contains("\nOPTIONS :\n"))
            // Nothing is lost: the words are those of the English page, ArgumentParser's own
            // translated (in the overview, only its title).
            func words<S: StringProtocol>(_ text: S) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            guard let usage = english.range(of: "\n\nUSAGE: ") else {
                Issue.record("\(path): no usage in \(english)")
                continue
            }
            var expected = words(english[usage.lowerBound...])
            for (from, to) in [("USAGE: ", "UTILISATION : "), ("ARGUMENTS: ", "ARGUMENTS : "), ("OPTIONS: ", "OPTIONS : "),
                               ("SUBCOMMANDS: ", "SOUS-COMMANDES : "), ("<subcommand>", "<sous-commande>"), ("(default) ", "(par défaut) "),
                               ("See 'entente help", "Voyez `entente help"),
                               ("<sous-commande>' for detailed help.", "<sous-commande>` pour l'aide détaillée.")]
                + ParserFrench.phrases {
                expected = expected.replacingOccurrences(of: from, with: to)
            }
            expected = "RÉSUMÉ : " + words(english[..<usage.lowerBound].dropFirst("OVERVIEW: ".count)) + " " + expected
            #expect(words(french) == expected, "\(path) at \(columns)")
        }
    }

    /// A `(default: …)` that ArgumentParser broke over two lines is found, and what follows its
    /// line is wrapped again; the lines above stay.
    @Test func aDefaultBrokenOverTwoLinesIsTranslatedAndWrappedAgain() {
        let page = """
            USAGE: entente x [--type <type>]

            OPTIONS:
              --type <type>           expectation (attente), interest
                                      (intérêt) ou concern (crainte). (default:
                                      expectation)
              -h, --help              Show help information.

            """
        #expect(ParserFrench.help(page, width: 60) == """
            UTILISATION : entente x [--type <type>]

            OPTIONS :
              --type <type>           expectation (attente), interest
                                      (intérêt) ou concern (crainte).
                                      (par défaut : expectation)
              -h, --help              Afficher l'aide.

            """)
        // The default subcommand keeps its description in the column, or under a long name.
        let subcommands = "SUBCOMMANDS:\n  list (default)          Lister.\n  a-long-name (default)   Un.\n"
        #expect(ParserFrench.help("USAGE: entente x <subcommand>\n\n" + subcommands, width: 80) == """
            UTILISATION : entente x <sous-commande>

            SOUS-COMMANDES :
              list (par défaut)       Lister.
              a-long-name (par défaut)
                                      Un.

            """)
    }

    /// Every message ArgumentParser makes, in French; what it does not know is left as it is.
    @Test(arguments: [
        ("Missing expected argument '<name>'", "Il manque l'argument « <name> »"),
        ("Missing one of: '--a', '--b'", "Il manque l'un de : « --a », « --b »"),
        ("Unknown option '-x'", "Option inconnue « -x »"),
        ("Unknown option '--replicaa'. Did you mean '--replica'?", "Option inconnue « --replicaa ». Vouliez-vous dire « --replica » ?"),
        ("Missing value for '--replica <dir>'", "Valeur manquante pour « --replica <dir> »"),
        ("The option '--json' does not take any value, but '3' was specified.",
         "L'option « --json » ne prend pas de valeur, mais la valeur « 3 » a été donnée."),
        ("Unexpected argument 'it's'", "Argument inattendu : « it's »"),
        ("3 unexpected arguments: 'a', 'b', 'c'", "3 arguments inattendus : « a », « b », « c »"),
        ("Value to be set with flag '--all' had already been set with flag '--all'",
         "La valeur donnée par l'option « --all » l'a déjà été par l'option « --all »"),
        ("Value to be set with flag 'a' in '-ab' had already been set with flag '--all'",
         "La valeur donnée par l'option « a » dans « -ab » l'a déjà été par l'option « --all »"),
        ("The value 'zz' is invalid for '--likelihood <likelihood>'", "La valeur « zz » n'est pas valide pour « --likelihood <likelihood> »"),
        ("The value 'zz' is invalid for '<kind>'. Please provide one of 'a' and 'b'.",
         "La valeur « zz » n'est pas valide pour « <kind> ». Choisissez « a » ou « b »."),
        ("The value 'zz' is invalid for '--kind <kind>'. Please provide one of 'a', 'b' or 'c'.",
         "La valeur « zz » n'est pas valide pour « --kind <kind> ». Choisissez « a », « b » ou « c »."),
        ("The value 'zz' is invalid for '--kind <kind>': « zz » n'est pas un genre",
         "La valeur « zz » n'est pas valide pour « --kind <kind> »: « zz » n'est pas un genre"),
        ("The value 'zz' is invalid.", "La valeur « zz » n'est pas valide."),
        ("Invalid option: -é", "Option non valide : -é"),
        ("Missing required subcommand.", "Il manque une sous-commande."),
        ("Can't generate completion scripts for 'tcsh'.", "Impossible de produire un script de complétion pour « tcsh »."),
        ("Can't autodetect a supported shell.", "Impossible de reconnaître un shell pris en charge."),
        ("« --limit » doit valoir au moins 1", "« --limit » doit valoir au moins 1"),
        ("something else", "something else"),
    ] as [(String, String)])
    func messagesReadInFrench(_ english: String, _ french: String) {
        #expect(ParserFrench.message(english) == french)
    }

    /// The frame of an error: `Error:`, `Help:`, `Usage:` and its hanging indent, `See …`,
    /// the values to choose from, the composite `or:` line, the shells.
    @Test func theFrameOfAnErrorReadsInFrench() {
        #expect(ParserFrench.error("""
            Error: Missing value for '--replica <dir>'
            Help:  --replica <dir>  Le dossier du réplica.
            Usage: entente member list [--replica <dir>]
                   [--json]
              See 'entente member list --help' for more information.
            """) == """
            Erreur : Valeur manquante pour « --replica <dir> »
            Aide : --replica <dir>  Le dossier du réplica.
            Utilisation : entente member list [--replica <dir>]
                          [--json]
              Voyez `entente member list --help` pour en savoir plus.
            """)
        #expect(ParserFrench.error("""
            Error: The value 'x' is invalid for '--kind <kind>'. Please provide one of the following:
              - alpha
              - beta
            Usage: entente x <subcommand>
            """) == """
            Erreur : La valeur « x » n'est pas valide pour « --kind <kind> ». Choisissez l'une de ces valeurs :
              - alpha
              - beta
            Utilisation : entente x <sous-commande>
            """)
        #expect(ParserFrench.error("""
            Error: Unknown option '-abc'
               or: Missing value for '-a <a>' in '-abc'
            Error: Can't generate completion scripts for 'tcsh'.
            Please use --generate-completion-script=<shell> with one of:
                zsh bash fish
            """) == """
            Erreur : Option inconnue « -abc »
               ou : valeur manquante pour « -a <a> » dans « -abc »
            Erreur : Impossible de produire un script de complétion pour « tcsh ».
            Utilisez --generate-completion-script=<shell> avec l'un de :
                zsh bash fish
            """)
        // An error followed by the whole help (a command typed with no arguments at all).
        let help = "USAGE: entente <subcommand>\n\nOPTIONS:\n  -h, --help              Show help information.\n"
        #expect(ParserFrench.error("Error: Missing expected argument '<x>'\n\n" + help)
                == "Erreur : Il manque l'argument « <x> »\n\nUTILISATION : entente <sous-commande>\n\nOPTIONS :\n  -h, --help              Afficher l'aide.\n")
    }

    /// English pages and errors are ArgumentParser's, as they are (but for the usage line's
    /// wrapping); the dump, the completion
    /// scripts and the version are left alone in French too.
    @Test func englishAndMachineOutputAreLeftAlone() throws {
        for arguments in [["member", "--help"], ["member", "add"], ["-x"], ["--experimental-dump-help"], ["--generate-completion-script", "zsh"], ["--version"]] {
            do {
                var command = try EntenteCommand.parseAsRoot(arguments)
                guard arguments.contains("--help") else {
                    Issue.record("\(arguments) parsed")
                    continue
                }
                try command.run()
                Issue.record("\(arguments) ran")
            } catch {
                // An error's usage is wrapped again, options kept whole: the rest is as it was.
                let english = EntenteCommand.parserMessage(for: error, language: .english), plain = EntenteCommand.fullMessage(for: error)
                #expect(english == plain || english == HelpText.wrapErrorUsage(plain, width: ParserFrench.width()), "\(arguments)")
                if ["--experimental-dump-help", "--generate-completion-script", "--version"].contains(arguments[0]) {
                    #expect(EntenteCommand.parserMessage(for: error, language: .french) == EntenteCommand.fullMessage(for: error), "\(arguments)")
                } else {
                    #expect(EntenteCommand.parserMessage(for: error, language: .french) != EntenteCommand.fullMessage(for: error), "\(arguments)")
                }
            }
        }
        #expect(!ParserFrench.isHelpPage("{\"command\": {}}") && !ParserFrench.isHelpPage("#compdef entente") && !ParserFrench.isHelpPage("0.1.0"))
    }
}
