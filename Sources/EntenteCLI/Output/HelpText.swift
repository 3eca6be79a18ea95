/// A command's discussion in the environment's language, its paragraphs joined into long
/// lines that the help then wraps to the terminal's width. (Written in the source at about 90
/// columns, they came out ragged on an 80-column terminal: every long line broken once more.)
func helpText(_ english: String, _ french: String) -> String {
    HelpText.reflow(tr(english, french))
}

/// How a discussion's lines become the help's paragraphs.
enum HelpText {
    /// Joins each paragraph's lines with a space. A line stays on its own when it is empty,
    /// indented (an example to type), a heading ("Examples:") or an example on one line
    /// ("Example: entente coach"); a list item starts a line; a line ending with a colon ends one.
    static func reflow(_ text: String) -> String {
        var lines: [String] = []
        var paragraph: String?
        func flush() {
            if let done = paragraph { lines.append(done) }
            paragraph = nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty || line.first?.isWhitespace == true {
                flush()
                lines.append(line)
                continue
            }
            if Self.startsLine(line) { flush() }
            paragraph = paragraph.map { $0 + " " + line } ?? line
            if line.hasSuffix(":") || Self.isExample(line) { flush() }
        }
        flush()
        return lines.joined(separator: "\n")
    }

    /// A line of at most two words, capitalised, ending with a colon: "Examples:", "Exemple :".
    static func isHeading(_ line: String) -> Bool {
        line.hasSuffix(":") && line.first?.isUppercase == true && line.split(separator: " ").count <= 2
    }

    /// A line that begins one of its own: a list item, a heading, an example.
    static func startsLine(_ line: String) -> Bool {
        Self.isListItem(line) || Self.isHeading(line) || Self.isExample(line)
    }

    /// "Example: entente coach", in either language.
    static func isExample(_ line: String) -> Bool {
        ["Example:", "Examples:", "Exemple :", "Exemples :", "Exemple\u{00A0}:", "Exemples\u{00A0}:"].contains { line.hasPrefix($0) }
    }

    static func isListItem(_ line: String) -> Bool {
        ["- ", "* ", "• "].contains { line.hasPrefix($0) }
    }
}

extension HelpText {
    /// The usage line of a help page wrapped to `width`, its later lines indented under the
    /// command (ArgumentParser never wraps it: a command with many options had a usage line
    /// of over 120 columns). An option with its value (`[--replica <dir>]`) stays whole.
    static func wrapUsage(_ page: String, width: Int) -> String {
        var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let labels = ["USAGE: ", "UTILISATION : "]
        guard let index = lines.firstIndex(where: { line in labels.contains { line.hasPrefix($0) } }),
              let label = labels.first(where: { lines[index].hasPrefix($0) }), lines[index].count > width else { return page }
        let wrapped = Self.wrap(Self.usageWords(String(lines[index].dropFirst(label.count))), after: label,
                                indent: String(repeating: " ", count: label.count), width: width)
        lines.replaceSubrange(index...index, with: wrapped)
        return lines.joined(separator: "\n")
    }

    /// A parse error's usage (`Usage: …` or `Utilisation : …` and the lines under it, before
    /// "See …"), wrapped again to `width` with an option and its value kept whole: ArgumentParser
    /// wraps it at any space (`[--towards` / `<towards> ...]`).
    static func wrapErrorUsage(_ message: String, width: Int) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let labels = ["Usage: ", "Utilisation : "]
        guard let index = lines.firstIndex(where: { line in labels.contains { line.hasPrefix($0) } }),
              let label = labels.first(where: { lines[index].hasPrefix($0) }) else { return message }
        var end = index + 1
        while end < lines.count, lines[end].hasPrefix("  "), !lines[end].hasPrefix("  See "), !lines[end].hasPrefix("  Voyez ") { end += 1 }
        let usage = lines[index..<end].enumerated().map { $0 == 0 ? String($1.dropFirst(label.count)) : String($1.drop { $0 == " " }) }
            .joined(separator: " ")
        lines.replaceSubrange(index..<end, with: Self.wrap(Self.usageWords(usage), after: label, indent: "  ", width: width))
        return lines.joined(separator: "\n")
    }

    /// `words` in lines of at most `width` columns (a word wider than that has a line of its
    /// own), the first after `label`, the others after `indent`.
    static func wrap(_ words: [String], after label: String, indent: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = label, holdsWord = false
        for word in words {
            if holdsWord, current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += (holdsWord ? " " : "") + word
            }
            holdsWord = true
        }
        lines.append(current)
        return lines
    }

    /// The words of a usage, split at the spaces outside brackets; a required option keeps
    /// its value (`--name <name>`).
    static func usageWords(_ usage: String) -> [String] {
        var words: [String] = []
        var word = ""
        var depth = 0
        func end() {
            if let previous = words.last, previous.hasPrefix("-"), word.hasPrefix("<") {
                words[words.count - 1] = previous + " " + word
            } else if !word.isEmpty {
                words.append(word)
            }
            word = ""
        }
        for character in usage {
            switch character {
            case "[", "<", "(": depth += 1
            case "]", ">", ")": depth = max(0, depth - 1)
            default: break
            }
            if character == " ", depth == 0 { end() } else { word.append(character) }
        }
        end()
        return words
    }
}
