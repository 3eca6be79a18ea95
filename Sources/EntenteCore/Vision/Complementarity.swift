/// One member's position in one skill area: a strength, a weakness, an offer or a need
/// ("déterminer les complémentarités", "le partage des forces et des faiblesses").
///
/// Fields: `member` (record ref), `area` (string; compared case-insensitively), `type`
/// (string, one of ``Kind``), `note` (string), `archived` (bool).
public struct Complementarity: Hashable, Sendable {
    public enum Field {
        public static let member = "member"
        public static let area = "area"
        public static let type = "type"
        public static let note = "note"
    }

    public enum Kind: String, CaseIterable, Sendable {
        case strength, weakness, offer, need

        /// Strengths and offers cover; weaknesses and needs ask to be covered.
        public var covers: Bool { self == .strength || self == .offer }
    }

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var member: RecordID? { self.record.ref(Field.member) }
    public var area: String { (self.record.string(Field.area) ?? "").trimmedForVision }
    public var kind: Kind { self.record.choice(Field.type, Kind.strength) }
    public var note: String? { self.record.text(Field.note) }

    /// The area as compared: lowercased, so "Design" and "design" are one area.
    public var areaKey: String { self.area.lowercased() }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.complementarity else { return nil }
        self.record = record
    }
}
