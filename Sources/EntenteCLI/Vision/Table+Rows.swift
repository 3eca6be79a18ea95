// MARK: - Tables with a computed number of columns

extension Table {
    /// A table whose headers are computed (the matrix has one column per member).
    init(_ headers: [String]) {
        self.init()
        self.headers = headers
    }

    mutating func add(_ cells: [String]) {
        self.rows.append(cells)
    }
}
