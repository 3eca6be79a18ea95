/// The collective itself: its name, its purpose and the shared vision statement.
///
/// Fields: `name` (string), `purpose` (string), `vision` (collaborative text, merged edit by
/// edit: `Protocol/TEXT.md`). Every read goes through ``vision`` and every write through
/// ``setVision(_:on:in:)``.
public struct Collective: Hashable, Sendable {
    public enum Field {
        public static let name = "name"
        public static let purpose = "purpose"
        public static let vision = "vision"
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var name: String { self.record.string(Field.name) ?? "(unnamed collective)" }
    public var purpose: String? { self.record.text(Field.purpose) }

    /// The shared vision statement (the one place that reads it).
    public var vision: String? {
        guard let text = self.record.texts[Field.vision], !text.isEmpty else { return nil }
        return text
    }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.collective else { return nil }
        self.record = record
    }

    /// The collective of a replica: the oldest `collective` record (there is one; if peers
    /// ever created two, every replica still picks the same).
    public static func find(in records: [RecordState]) -> Collective? {
        records.filter { $0.kind == RecordKind.collective }.inCreationOrder.first.flatMap(Collective.init)
    }

    // MARK: - Writing

    /// Writes the vision statement (the one place that writes it).
    /// - Throws: `TextError` when the edit breaks a text limit.
    public static func setVision(_ text: String, on collective: RecordID, in change: inout ChangeBuilder) throws {
        try change.setText(collective, Field.vision, to: text)
    }
}
