import EntenteActions
import Foundation

/// A plain aligned text table: columns padded to their widest cell (in characters).
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    /// The most characters a cell shows: a list gives each record a few lines at most; the
    /// whole text is in `show` and `--json`.
    static let maximumCellCharacters = 280

    /// Adds a row; each cell is shown on one line (a line break from a peer is shown, not
    /// obeyed), cut with "…" past ``maximumCellCharacters``.
    mutating func add(_ cells: String...) {
        self.rows.append(cells.map { TerminalText.oneLine(Self.cut($0)) })
    }

    static func cut(_ cell: String) -> String { Excerpt.of(cell, characters: Self.maximumCellCharacters) }

    func render(_ terminal: Terminal = .standard) -> String {
        let columns = self.headers.count
        // Each cell's width in characters, counted once (a listing of a large replica has
        // tens of thousands of cells, and counting characters walks the text).
        let counts = self.rows.map { $0.prefix(columns).map(\.count) }
        var widths = self.headers.map(\.count)
        for row in counts {
            for (index, count) in row.enumerated() { widths[index] = max(widths[index], count) }
        }
        if let width = terminal.width { widths = Self.fitted(widths, headers: self.headers, into: width) }
        func lines(_ cells: ArraySlice<String>, _ counts: [Int]) -> [String] {
            // Every cell on one line (the usual case): padded in place, without wrapping.
            if zip(counts, widths).allSatisfy({ $0 <= $1 }) {
                var line = ""
                for (index, cell) in cells.enumerated() {
                    if index > 0 { line += "  " }
                    line += cell
                    if index < columns - 1 { line += Self.padding(widths[index] - counts[index]) }
                }
                return [Self.trimmingTrailingWhitespace(line)]
            }
            let wrapped = cells.enumerated().map { index, cell in TextFit.cellLines(cell, width: widths[index]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                var line = ""
                for (index, cellLines) in wrapped.enumerated() {
                    if index > 0 { line += "  " }
                    let text = row < cellLines.count ? cellLines[row] : ""
                    line += text
                    if index < columns - 1 { line += Self.padding(widths[index] - text.count) }
                }
                return Self.trimmingTrailingWhitespace(line)
            }
        }
        var out = lines(self.headers.prefix(columns), self.headers.map(\.count)).map(terminal.bold)
        for (row, rowCounts) in zip(self.rows, counts) { out += lines(row.prefix(columns), rowCounts) }
        return out.joined(separator: "\n")
    }

    /// The line without the padding that ends it (no regular expression: a list of a thousand
    /// records makes thousands of lines). Spaces are dropped byte by byte (the padding is
    /// spaces); only when the line then ends with other white space are characters looked at.
    static func trimmingTrailingWhitespace(_ line: String) -> String {
        var end = line.utf8.endIndex
        while end > line.utf8.startIndex {
            let before = line.utf8.index(before: end)
            guard line.utf8[before] == UInt8(ascii: " ") else { break }
            end = before
        }
        // Where the spaces start is a character boundary unless a prepended mark (a character
        // that joins what follows) comes just before: then the line is left to the character walk.
        let spaced = String(line[..<(String.Index(end, within: line) ?? line.endIndex)])
        guard let last = spaced.last, last.isWhitespace else { return spaced }
        return String(spaced[..<(spaced.lastIndex { !$0.isWhitespace }.map(spaced.index(after:)) ?? spaced.startIndex)])
    }

    /// `count` spaces (none when `count` is not positive); the usual widths are made once.
    static func padding(_ count: Int) -> String {
        guard count > 0 else { return "" }
        return count < Self.paddings.count ? Self.paddings[count] : String(repeating: " ", count: count)
    }

    private static let paddings = (0..<128).map { String(repeating: " ", count: $0) }

    /// Narrowest a column gets when a table must shrink: the longest word of its header, and
    /// at least this.
    static let minimumColumn = 6

    /// Column widths whose sum (with two spaces between columns) fits `width`: the widest
    /// column gives up a character at a time, no column below the longest word of its header or
    /// ``minimumColumn`` (a table that cannot fit at those widths stays wider). Headers wrap too.
    static func fitted(_ natural: [Int], headers: [String], into width: Int) -> [Int] {
        var widths = natural
        let available = width - 2 * max(0, widths.count - 1)
        let minimum = zip(natural, headers).map { width, header in
            min(width, max(header.split(separator: " ").map(\.count).max() ?? 0, Self.minimumColumn))
        }
        var total = widths.reduce(0, +)
        while total > available {
            guard let widest = widths.indices.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }
}
