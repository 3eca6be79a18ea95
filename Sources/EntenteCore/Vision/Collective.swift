/// The collective itself: its name, its purpose and the shared vision statement.
///
/// Fields: `name` (string), `purpose` (string), `vision` (string). The vision statement is a
/// plain register for now; a later format makes it a collaborative text. Every read goes
/// through ``vision`` and every write through ``setVision(_:on:in:)``, so that swap touches
/// only this file.
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
    public var vision: String? { self.record.text(Field.vision) }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.collective else { return nil }
        self.record = record
    }

    /// The collective of a replica: the oldest `collective` record (there is one; if peers
    /// ever created two, every replica still picks the same).
    public static func find(in records: [RecordState]) -> Collective? {
        records.filter { $0.kind == RecordKind.collective }.sorted(by: creationOrder).first.flatMap(Collective.init)
    }

    // MARK: - Writing

    /// Writes the vision statement (the one place that writes it).
    public static func setVision(_ text: String, on collective: RecordID, in change: inout ChangeBuilder) {
        change.set(collective, Field.vision, .string(text))
    }
}
