import EntenteCore

/// Hand-built vision states whose right answers are known: records are made directly, with
/// chosen creation times, so each report's expected output can be worked out on paper.
struct VisionFixture {
    private(set) var records: [RecordState] = []
    private var clock: UInt64 = 1_000
    private let author = AuthorKey(unchecked: [UInt8](repeating: 7, count: 32))

    /// Adds a record of `kind` with register `fields` and set `sets`; returns its id.
    @discardableResult
    mutating func add(_ kind: String, _ fields: [String: Value] = [:], sets: [String: [Value]] = [:]) -> RecordID {
        self.clock += 1
        let seq = self.clock
        let change = Self.change(seq)
        let id = RecordID.derive(change: change, opIndex: 0)
        let time = HybridTimestamp(wallMillis: seq, counter: 0)
        let position = Int(seq)
        let header = RecordHeader(id: id, kind: kind, createdBy: WriteTag(author: self.author, change: change, op: 0), createdAt: time, position: position)
        let registers = fields.mapValues { [FieldWrite(tag: WriteTag(author: self.author, change: change, op: 1), timestamp: time, value: $0, position: position)] }
        self.records.append(RecordState(header: header, registers: registers, sets: sets))
        return id
    }

    /// Replaces a register with concurrent siblings (a conflict), winner first.
    mutating func conflict(_ id: RecordID, _ field: String, _ values: [Value]) {
        guard let index = self.records.firstIndex(where: { $0.id == id }) else { return }
        self.records[index].registers[field] = values.enumerated().map { offset, value in
            FieldWrite(tag: WriteTag(author: self.author, change: Self.change(9_000 + UInt64(offset)), op: 0),
                       timestamp: HybridTimestamp(wallMillis: 9_000 - UInt64(offset), counter: 0), value: value, position: 9_000 + offset)
        }
    }

    /// A change id standing for the fixture's change number `seq`.
    static func change(_ seq: UInt64) -> ChangeID {
        var bytes = [UInt8](repeating: 0, count: 24)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((seq >> UInt64(shift)) & 0xff)) }
        return ChangeID(unchecked: bytes)
    }

    mutating func member(_ name: String, _ extra: [String: Value] = [:]) -> RecordID {
        self.add(RecordKind.member, extra.merging([Member.Field.name: .string(name)]) { $1 })
    }
}
