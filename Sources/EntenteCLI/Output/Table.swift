/// A plain aligned text table: columns padded to their widest cell (in characters).
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    /// Adds a row; each cell is shown on one line (a line break from a peer is shown, not obeyed).
    mutating func add(_ cells: String...) {
        self.rows.append(cells.map(TerminalText.oneLine))
    }

    func render(_ terminal: Terminal = .standard) -> String {
        let columns = self.headers.count
        var widths = self.headers.map(\.count)
        for row in self.rows {
            for (index, cell) in row.prefix(columns).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.prefix(columns).enumerated().map { index, cell in
                index == columns - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        var lines = [terminal.bold(line(self.headers))]
        lines += self.rows.map(line)
        return lines.joined(separator: "\n")
    }
}
