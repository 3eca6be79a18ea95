/// A command's discussion in the environment's language, its paragraphs joined into long
/// lines that the help then wraps to the terminal's width. (Written in the source at about 90
/// columns, they came out ragged on an 80-column terminal: every long line broken once more.)
func helpText(_ english: String, _ french: String) -> String {
    HelpText.reflow(tr(english, french))
}

/// How a discussion's lines become the help's paragraphs.
enum HelpText {
    /// Joins each paragraph's lines with a space. A line stays on its own when it is empty,
    /// indented (an example to type) or a heading ("Examples:"); a list item starts a line; a
    /// line ending with a colon ends one.
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
            if Self.isListItem(line) || Self.isHeading(line) { flush() }
            paragraph = paragraph.map { $0 + " " + line } ?? line
            if line.hasSuffix(":") { flush() }
        }
        flush()
        return lines.joined(separator: "\n")
    }

    /// A line of at most two words, capitalised, ending with a colon: "Examples:", "Exemple :".
    static func isHeading(_ line: String) -> Bool {
        line.hasSuffix(":") && line.first?.isUppercase == true && line.split(separator: " ").count <= 2
    }

    static func isListItem(_ line: String) -> Bool {
        ["- ", "* ", "• "].contains { line.hasPrefix($0) }
    }
}
