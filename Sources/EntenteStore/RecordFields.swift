import EntenteCore

/// One record's registers and sets as its stored writes come, in the order of the `writes`
/// table's key (field, element, position, operation), before ``ChangeWriters`` names who
/// made each write. What ``RecordState/init(header:writes:texts:)`` makes of the same writes,
/// without a slot per write (this runs for every write of a large replica).
struct RecordFields {
    /// Each register's writes, with the tag of the change that made them once named.
    private(set) var registers: [String: [FieldWrite]] = [:]
    /// Each set's present elements, in canonical order once named.
    private(set) var sets: [String: [Value]] = [:]
    /// The set writes as they came: the element's bytes, its value and the position that wrote it.
    private var elements: [String: [(element: [UInt8], value: Value, position: Int)]] = [:]

    /// Adds the next write of this record, of `field` (and `element`, for a set).
    mutating func add(_ write: FieldWrite, field: String, element: [UInt8]) {
        guard !element.isEmpty else {
            self.registers[field, default: []].append(write)
            return
        }
        // Writes of one element come one after the other: the last one stands, as in
        // ``RecordState/init(header:writes:texts:)``.
        if let last = self.elements[field]?.last, last.element == element {
            self.elements[field]?.removeLast()
        }
        self.elements[field, default: []].append((element, write.value, write.position))
    }

    /// Puts each write's change and author in its tag, then puts siblings in display order and
    /// elements in canonical order. A write at a position with no change in the log is damage.
    mutating func name(_ writers: ChangeWriters) throws {
        for field in self.registers.values.indices {
            for index in self.registers.values[field].indices {
                let write = self.registers.values[field][index]
                guard let tag = writers.tag(at: write.position, op: write.tag.op) else {
                    throw StoredValue.damaged("writes.position", holds: "the position \(write.position), of no change in the log")
                }
                self.registers.values[field][index].tag = tag
            }
            if self.registers.values[field].count > 1 { self.registers.values[field].sort(by: FieldWrite.displayOrder) }
        }
        for (field, written) in self.elements {
            for write in written where writers.tag(at: write.position, op: 0) == nil {
                throw StoredValue.damaged("writes.position", holds: "the position \(write.position), of no change in the log")
            }
            // The table's order is already the canonical one, unless a hand-edited element is
            // not a blob: then the elements are gathered and sorted as the core does.
            if zip(written, written.dropFirst()).allSatisfy({ $0.element.lexicographicallyPrecedes($1.element) }) {
                self.sets[field] = written.map(\.value)
            } else {
                let latest = Dictionary(written.map { ($0.element, $0.value) }, uniquingKeysWith: { _, later in later })
                self.sets[field] = latest.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
            }
        }
        self.elements = [:]
    }
}
