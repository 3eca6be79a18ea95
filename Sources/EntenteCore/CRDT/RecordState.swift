/// A record as the replica currently sees it: its registers (with siblings) and sets.
public struct RecordState: Hashable, Sendable {
    public var header: RecordHeader
    /// Register fields; each array holds the concurrent siblings, displayed winner first.
    public var registers: [String: [FieldWrite]]
    /// Set fields; each array holds the present elements in canonical order.
    public var sets: [String: [Value]]
    /// Collaborative text fields: their visible content.
    public var texts: [String: String]

    public init(header: RecordHeader, registers: [String: [FieldWrite]] = [:], sets: [String: [Value]] = [:], texts: [String: String] = [:]) {
        self.header = header
        self.registers = registers
        self.sets = sets
        self.texts = texts
    }

    /// Builds a record from its surviving writes and text fields.
    public init(header: RecordHeader, writes: [(SlotKey, FieldWrite)], texts: [String: String] = [:]) {
        var registers: [String: [FieldWrite]] = [:]
        var sets: [String: [[UInt8]: Value]] = [:]
        for (slot, write) in writes {
            if slot.element.isEmpty {
                registers[slot.field, default: []].append(write)
            } else {
                sets[slot.field, default: [:]][slot.element] = write.value
            }
        }
        // Sorted in place, and only where there is something to sort: most registers hold one
        // write (this runs for every record of a large replica).
        for index in registers.values.indices where registers.values[index].count > 1 {
            registers.values[index].sort(by: FieldWrite.displayOrder)
        }
        self.header = header
        self.texts = texts
        self.registers = registers
        self.sets = sets.mapValues { elements in
            elements.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
        }
    }

    public var id: RecordID { self.header.id }
    public var kind: String { self.header.kind }

    /// The displayed value of a register field (the winner among siblings).
    public subscript(field: String) -> Value? { self.registers[field]?.first?.value }

    public func string(_ field: String) -> String? { self[field]?.string }
    public func int(_ field: String) -> Int64? { self[field]?.int }
    public func bool(_ field: String) -> Bool? { self[field]?.bool }
    public func elements(_ field: String) -> [Value] { self.sets[field] ?? [] }

    /// Register fields whose concurrent siblings hold different values (two members who wrote
    /// the same value at once do not disagree).
    public var fieldsWithDifferingSiblings: [String] {
        // Most registers hold one write: nothing to compare, nothing to build (this runs over
        // every record of a large replica for `status` and each listing).
        var fields: [String] = []
        for (field, siblings) in self.registers where siblings.count > 1 {
            if let first = siblings.first?.value, siblings.dropFirst().contains(where: { $0.value != first }) { fields.append(field) }
        }
        return fields.sorted()
    }

    public var isArchived: Bool { self.bool("archived") ?? false }
}
