import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Output that fits the terminal: the width to fit (`COLUMNS`, else the terminal's), and lines
/// wrapped at word boundaries with a hanging indent. Colour codes take no width.
enum TextFit {
    /// Widths outside this range (0, garbage, absurd values) are ignored.
    static let widths = 20...1000

    /// `COLUMNS` when it is a sensible number, else the width of the terminal on standard
    /// output, else nil (output to a pipe or a file is not wrapped).
    static func width(environment: [String: String] = ProcessInfo.processInfo.environment, of descriptor: Int32 = STDOUT_FILENO) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), self.widths.contains(columns) {
            return columns
        }
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, self.widths.contains(Int(size.ws_col)) else { return nil }
        return Int(size.ws_col)
    }

    /// Characters a text takes on screen, leaving out ANSI colour sequences.
    static func visibleCount<S: StringProtocol>(_ text: S) -> Int {
        var count = 0, inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// Every line of `text` that is wider than `width`, wrapped; `text` itself without a width.
    /// French is set first (``typeset(_:)``), so that no line starts with « : » or « ? ».
    static func fit(_ text: String, width: Int?) -> String {
        let text = typeset(text)
        guard let width else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { self.wrap(String($0), width: width) }.joined(separator: "\n")
    }

    /// One line broken at spaces into lines of at most `width` characters; continuation lines
    /// start under the text of a "- " item, or two spaces in. A word longer than a line is cut.
    static func wrap(_ line: String, width: Int) -> [String] {
        // A line of no more bytes than columns fits (a character takes at least one byte):
        // most lines are told so without walking their characters.
        guard line.utf8.count > width, self.visibleCount(line) > width else { return [line] }
        let leading = String(line.prefix { $0 == " " })
        let indent = leading + "  "
        var lines: [String] = []
        var current = leading, currentWidth = leading.count, empty = true
        for piece in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(piece)
            let wordWidth = self.visibleCount(word)
            if !empty && currentWidth + 1 + wordWidth <= width {
                current += " " + word
                currentWidth += 1 + wordWidth
                continue
            }
            if !empty {
                lines.append(current)
                (current, currentWidth, empty) = (indent, indent.count, true)
            }
            // A word that fits no line is cut, in one pass over its characters (a long word
            // costs its length, not its length squared).
            if wordWidth > width - currentWidth, width - indent.count > 0 {
                var piece = "", pieceWidth = 0, inEscape = false
                for character in word {
                    let visible: Bool
                    if inEscape {
                        if character.isLetter { inEscape = false }
                        visible = false
                    } else if character == "\u{1B}" {
                        inEscape = true
                        visible = false
                    } else {
                        visible = true
                    }
                    if visible, currentWidth + pieceWidth >= width {
                        lines.append(current + piece)
                        (current, currentWidth, piece, pieceWidth) = (indent, indent.count, "", 0)
                    }
                    piece.append(character)
                    if visible { pieceWidth += 1 }
                }
                word = Substring(piece)
                current += word
                currentWidth += pieceWidth
                empty = word.isEmpty
                continue
            }
            current += word
            currentWidth += wordWidth
            empty = word.isEmpty
        }
        if !empty { lines.append(current) }
        return lines.isEmpty ? [line] : lines
    }

    /// The words of `cell` in lines of at most `width` characters (no indent), words longer
    /// than a line cut.
    static func cellLines(_ cell: String, width: Int) -> [String] {
        guard cell.utf8.count > width, cell.count > width, width > 0 else { return [cell] }
        var lines: [String] = []
        var current = "", currentCount = 0
        for word in cell.split(separator: " ", omittingEmptySubsequences: true) {
            let word = Substring(word), wordCount = word.count
            if !current.isEmpty, currentCount + 1 + wordCount <= width {
                current += " "
                current += word
                currentCount += 1 + wordCount
                continue
            }
            if !current.isEmpty { lines.append(current); current = ""; currentCount = 0 }
            guard wordCount > width else {
                (current, currentCount) = (String(word), wordCount)
                continue
            }
            // A word longer than a line is cut into pieces, in one pass.
            let characters = Array(word)
            var start = 0
            while characters.count - start > width {
                lines.append(String(characters[start..<(start + width)]))
                start += width
            }
            current = String(characters[start...])
            currentCount = characters.count - start
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}
