import EntenteActions
import Foundation

/// ArgumentParser's own words in French: the titles of a help page, its `--help` and
/// `--version` entries and the defaults it adds, and the parse errors with their usage frame.
///
/// ArgumentParser has no way to translate them, so ``EntenteCommand/main()`` rewrites the
/// text it renders, in French only: English pages are printed as ArgumentParser made them.
/// What is not one of its known frames or phrases (our own texts, values typed by the user)
/// is left as it is.
enum ParserFrench {
    /// The width help is wrapped to: `COLUMNS`, else the terminal's, else ArgumentParser's 80.
    static func width() -> Int { TextFit.width() ?? 80 }

    /// The column where ArgumentParser starts the description of an entry.
    static let descriptionColumn = 26

    /// Whether `text`, printed on success, is a help page (not a version, a completion script
    /// or the JSON dump of `--experimental-dump-help`, which stay as they are).
    static func isHelpPage(_ text: String) -> Bool {
        text.hasPrefix("OVERVIEW: ") || text.hasPrefix("USAGE: ")
    }

    // MARK: - Help pages

    /// A help page in French, its lines fitting `width` as ArgumentParser wrapped them.
    static func help(_ page: String, width: Int) -> String {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        var index = 0
        // The overview (our text) comes first, up to the usage.
        while index < lines.count, !lines[index].hasPrefix("USAGE: ") {
            let line = lines[index]
            result.append(index == 0 && line.hasPrefix("OVERVIEW: ") ? "RÉSUMÉ : " + line.dropFirst(10) : line)
            index += 1
        }
        // The usage, with its hanging indent.
        if index < lines.count {
            result.append("UTILISATION : " + Self.subcommandPlaceholder(lines[index].dropFirst(7)))
            index += 1
            while index < lines.count, lines[index].hasPrefix("       ") {
                result.append("       " + Self.subcommandPlaceholder(lines[index]))
                index += 1
            }
        }
        // The sections: a title, then entries.
        var section = ""
        while index < lines.count {
            let line = lines[index]
            if let title = Self.sectionTitles[line] {
                section = line
                result.append(title)
                index += 1
            } else if let see = line.wholeMatch(of: #/  See '(.+) <subcommand>' for detailed help\./#) {
                result.append("  Voyez `\(see.1) <sous-commande>` pour l'aide détaillée.")
                index += 1
            } else if Self.startsEntry(line) {
                var end = index + 1
                while end < lines.count, Self.continuesEntry(lines[end]) { end += 1 }
                let entry = Array(lines[index..<end])
                result += section == "SUBCOMMANDS:" ? Self.subcommandEntry(entry) : Self.entry(entry, width: width)
                index = end
            } else {
                result.append(line)
                index += 1
            }
        }
        return result.joined(separator: "\n")
    }

    static let sectionTitles = [
        "ARGUMENTS:": "ARGUMENTS :",
        "OPTIONS:": "OPTIONS :",
        "SUBCOMMANDS:": "SOUS-COMMANDES :",
    ]

    /// ArgumentParser's phrases in the descriptions of entries, and their French.
    static let phrases: [(String, String)] = [
        ("Show help information.", "Afficher l'aide."),
        ("Show the version.", "Afficher la version."),
        ("(default as flag: ", "(sans valeur : "),
        ("; default as flag: ", "; sans valeur : "),
        ("(default: ", "(par défaut : "),
        ("; default: ", "; par défaut : "),
        ("(values: ", "(valeurs : "),
    ]

    private static func subcommandPlaceholder<S: StringProtocol>(_ usage: S) -> String {
        usage.hasSuffix(" <subcommand>") ? usage.dropLast(13) + " <sous-commande>" : String(usage)
    }

    /// An entry's first line: its label two spaces in.
    private static func startsEntry(_ line: String) -> Bool {
        line.hasPrefix("  ") && line.dropFirst(2).first.map { $0 != " " } == true
    }

    /// A line that goes on with an entry's description, under its column.
    private static func continuesEntry(_ line: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        return indent == Self.descriptionColumn && line.count > indent
    }

    /// A subcommand's entry: the default one is marked `(par défaut)`, its description still
    /// in its column.
    private static func subcommandEntry(_ entry: [String]) -> [String] {
        guard let first = entry.first, let marked = first.firstMatch(of: #/^(  \S.*?) \(default\)( *)/#) else { return entry }
        let label = String(marked.1) + " (par défaut)"
        let description = first[marked.range.upperBound...]
        var lines: [String]
        if description.isEmpty {
            lines = [String(label)]
        } else if label.count < Self.descriptionColumn {
            lines = [label.padding(toLength: Self.descriptionColumn, withPad: " ", startingAt: 0) + description]
        } else {
            lines = [String(label), String(repeating: " ", count: Self.descriptionColumn) + description]
        }
        lines += entry.dropFirst()
        return lines
    }

    /// An option's or argument's entry, its ArgumentParser phrases in French: from the line
    /// where the first phrase starts, the description is wrapped again as ArgumentParser wraps
    /// it (the lines above are the same; the phrases end a description, so what follows that
    /// line is one paragraph).
    private static func entry(_ entry: [String], width: Int) -> [String] {
        // Each line's head (the label and its padding, or the indent) and its description part.
        var heads: [String] = [], bodies: [String] = []
        var kept: [String] = []
        for (offset, line) in entry.enumerated() {
            let head = line.prefix(Self.descriptionColumn)
            if line.count > Self.descriptionColumn, head.last == " " {
                heads.append(String(head))
                bodies.append(String(line.dropFirst(Self.descriptionColumn)))
            } else if offset == 0 {
                kept.append(line)  // a long label, alone on its line
            } else {
                return entry
            }
        }
        let joined = bodies.joined(separator: " ")
        let starts = Self.phrases.compactMap { joined.range(of: $0.0)?.lowerBound }
        guard let start = starts.min() else { return entry }
        // The line in which the first phrase starts.
        var line = 0, offset = joined.startIndex
        for (number, body) in bodies.enumerated() {
            let end = joined.index(offset, offsetBy: body.count)
            if start < end || number == bodies.count - 1 { line = number; break }
            offset = joined.index(after: end)
        }
        var tail = bodies[line...].joined(separator: " ")
        for (english, french) in Self.phrases {
            tail = tail.replacingOccurrences(of: english, with: french)
        }
        let columns = width - Self.descriptionColumn
        let wrapped = columns > 0 ? Self.wrap(tail, columns: columns) : [tail]
        let indent = String(repeating: " ", count: Self.descriptionColumn)
        var lines = kept
        for number in 0..<line { lines.append(heads[number] + bodies[number]) }
        for (number, chunk) in wrapped.enumerated() {
            lines.append((number == 0 ? heads[line] : indent) + chunk)
        }
        return lines
    }

    /// `text` broken into lines as ArgumentParser's `wrapped(to:)` does: at the last space
    /// that leaves a line under `columns`, else at the next space.
    static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        while true {
            let chunk = rest.prefix(columns)
            if chunk.endIndex == rest.endIndex {
                lines.append(String(rest))
                return lines
            } else if let space = chunk.lastIndex(of: " ") ?? rest.firstIndex(of: " ") {
                lines.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                lines.append(String(rest))
                return lines
            }
        }
    }

    // MARK: - Errors

    /// A parse error (`Error: …`, `Help:  …`, `Usage: …`, `See '…' for more information.`)
    /// in French.
    static func error(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        var inUsage = false
        for (index, line) in lines.enumerated() {
            if Self.isHelpPage(line) {
                // A command typed with no arguments at all: the error, then the whole help.
                result.append(Self.help(lines[index...].joined(separator: "\n"), width: Self.width()))
                break
            }
            if line.hasPrefix("Error: ") {
                result.append("Erreur : " + Self.message(String(line.dropFirst(7))))
            } else if line.hasPrefix("Help:  ") {
                result.append("Aide : " + line.dropFirst(7))
            } else if line.hasPrefix("Usage: ") {
                inUsage = true
                result.append("Utilisation : " + Self.subcommandPlaceholder(line.dropFirst(7)))
                continue
            } else if inUsage, line.hasPrefix("       ") {
                result.append("              " + line.dropFirst(7))
                continue
            } else if let see = line.wholeMatch(of: #/  See '(.+)' for more information\./#) {
                result.append("  Voyez `\(see.1)` pour en savoir plus.")
            } else if let or = line.wholeMatch(of: #/   or: Missing value for '(.+)' in '(.+)'/#) {
                result.append("   ou : valeur manquante pour « \(or.1) » dans « \(or.2) »")
            } else if line == "Please use --generate-completion-script=<shell> with one of:" {
                result.append("Utilisez --generate-completion-script=<shell> avec l'un de :")
            } else if line.hasSuffix(". Please provide one of the following:") {
                result.append(Self.message(line))
            } else {
                result.append(line)
            }
            inUsage = false
        }
        return result.joined(separator: "\n")
    }

    /// The first line of a parse error's message, without `Error: `; any other text as it is.
    static func message(_ text: String) -> String {
        if let m = text.wholeMatch(of: #/Unknown option '(.+)'\. Did you mean '(.+)'\?/#) {
            return "Option inconnue « \(m.1) ». Vouliez-vous dire « \(m.2) » ?"
        }
        if let m = text.wholeMatch(of: #/Unknown option '(.+)'/#) {
            return "Option inconnue « \(m.1) »"
        }
        if let m = text.wholeMatch(of: #/Missing value for '(.+)'/#) {
            return "Valeur manquante pour « \(m.1) »"
        }
        if let m = text.wholeMatch(of: #/The option '(.+)' does not take any value, but '(.*)' was specified\./#) {
            return "L'option « \(m.1) » ne prend pas de valeur, mais la valeur « \(m.2) » a été donnée."
        }
        if let m = text.wholeMatch(of: #/Unexpected argument '(.*)'/#) {
            return "Argument inattendu : « \(m.1) »"
        }
        if let m = text.wholeMatch(of: #/(\d+) unexpected arguments: '(.*)'/#) {
            return "\(m.1) arguments inattendus : " + Self.quoted(m.2.components(separatedBy: "', '"), last: ", ")
        }
        if let m = text.wholeMatch(of: #/Value to be set with (.+) had already been set with (.+)/#) {
            return "La valeur donnée par \(Self.place(String(m.1))) l'a déjà été par \(Self.place(String(m.2)))"
        }
        if let m = text.wholeMatch(of: #/Missing expected argument '(.+)'/#) {
            return "Il manque l'argument « \(m.1) »"
        }
        if let m = text.wholeMatch(of: #/Missing one of: '(.+)'/#) {
            return "Il manque l'un de : " + Self.quoted(m.1.components(separatedBy: "', '"), last: ", ")
        }
        if let m = text.wholeMatch(of: #/The value '(.*)' is invalid for '([^']+)'(.*)/#) {
            return "La valeur « \(m.1) » n'est pas valide pour « \(m.2) »" + Self.invalidValueRest(String(m.3))
        }
        if let m = text.wholeMatch(of: #/The value '(.*)' is invalid\.(.*)/#) {
            return "La valeur « \(m.1) » n'est pas valide." + Self.invalidValueRest(String(m.2))
        }
        if let m = text.wholeMatch(of: #/Invalid option: (.*)/#) {
            return "Option non valide : \(m.1)"
        }
        if text == "Missing required subcommand." {
            return "Il manque une sous-commande."
        }
        if let m = text.wholeMatch(of: #/Can't generate completion scripts for '(.*)'\./#) {
            return "Impossible de produire un script de complétion pour « \(m.1) »."
        }
        if text == "Can't autodetect a supported shell." {
            return "Impossible de reconnaître un shell pris en charge."
        }
        if let m = text.wholeMatch(of: #/Command '(.*)' is not a parent of the current command\./#) {
            return "La commande « \(m.1) » ne contient pas la commande en cours."
        }
        return text
    }

    /// What follows "The value 'x' is invalid for '--y'": the values to choose from, or the
    /// reason (our own text) after a colon.
    private static func invalidValueRest(_ rest: String) -> String {
        if rest == ". Please provide one of the following:" {
            return ". Choisissez l'une de ces valeurs :"
        }
        if let m = rest.wholeMatch(of: #/\. Please provide one of (.+)\./#) {
            let values = m.1.matches(of: #/'([^']*)'/#).map { String($0.1) }
            return ". Choisissez " + Self.quoted(values, last: " ou ") + "."
        }
        return rest
    }

    /// "flag '--x'" or "flag 'c' in '-abc'" of a duplicate value.
    private static func place(_ text: String) -> String {
        if let m = text.wholeMatch(of: #/flag '(.+)' in '(.+)'/#) {
            return "l'option « \(m.1) » dans « \(m.2) »"
        }
        if let m = text.wholeMatch(of: #/flag '(.+)'/#) {
            return "l'option « \(m.1) »"
        }
        return text
    }

    /// `« a », « b » ou « c »`.
    private static func quoted<S: StringProtocol>(_ values: [S], last: String) -> String {
        let quoted = values.map { "« \($0) »" }
        guard quoted.count > 1, let final = quoted.last else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + last + final
    }
}
