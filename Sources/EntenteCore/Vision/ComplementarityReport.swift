/// The complementarity matrix: skill areas by members, who covers whose weakness or need,
/// and the gaps nobody covers.
///
/// A strength or an offer of member B in an area *covers* a weakness or a need of another
/// member A in the same area. A *gap* is a weakness or need that no other active member
/// covers. Archived entries and members who left are ignored.
///
/// ```swift
/// let report = ComplementarityReport(records: records)
/// for gap in report.gaps { print(gap.area, gap.member) }
/// ```
public struct ComplementarityReport: Hashable, Sendable {
    /// One cell of the matrix: what a member declared in an area.
    public struct Cell: Hashable, Sendable {
        public var area: String
        public var member: RecordID
        public var kinds: [Complementarity.Kind]
    }

    /// A weakness or need, and the members whose strength or offer covers it.
    public struct Coverage: Hashable, Sendable {
        public var area: String
        public var member: RecordID
        public var kind: Complementarity.Kind
        public var coveredBy: [RecordID]
    }

    /// Areas in display order (alphabetical, case-insensitive), as first spelled.
    public var areas: [String]
    /// Active members in the order of their records.
    public var members: [RecordID]
    /// Non-empty cells, by area then member.
    public var cells: [Cell]
    /// Every weakness or need, by area then member.
    public var coverage: [Coverage]

    /// The weaknesses and needs nobody else covers.
    public var gaps: [Coverage] { self.coverage.filter { $0.coveredBy.isEmpty } }

    /// The kinds `member` declared in `area` (empty when none).
    public func kinds(area: String, member: RecordID) -> [Complementarity.Kind] {
        self.cells.first { $0.area.lowercased() == area.lowercased() && $0.member == member }?.kinds ?? []
    }

    /// The matrix of the members active as of `today` (see ``Member/today``).
    public init(records: [RecordState], today: String? = nil) {
        let members = Directory(records: records, today: today).members.filter(\.isActive)
        let active = Set(members.map(\.id))
        let entries = records.inCreationOrder.compactMap(Complementarity.init)
            .filter { !$0.record.isArchived && !$0.areaKey.isEmpty }
            .filter { $0.member.map(active.contains) ?? false }
        var spelling: [String: String] = [:]
        for entry in entries where spelling[entry.areaKey] == nil { spelling[entry.areaKey] = entry.area }
        let keys = spelling.keys.sorted(by: bytesPrecede)
        self.areas = keys.compactMap { spelling[$0] }
        self.members = members.map(\.id)
        var cells: [Cell] = []
        var coverage: [Coverage] = []
        for key in keys {
            let area = spelling[key] ?? key
            let inArea = entries.filter { $0.areaKey == key }
            let coverers = members.map(\.id).filter { member in
                inArea.contains { $0.member == member && $0.kind.covers }
            }
            for member in members.map(\.id) {
                let kinds = Complementarity.Kind.allCases.filter { kind in
                    inArea.contains { $0.member == member && $0.kind == kind }
                }
                guard !kinds.isEmpty else { continue }
                cells.append(Cell(area: area, member: member, kinds: kinds))
                for kind in kinds where !kind.covers {
                    coverage.append(Coverage(area: area, member: member, kind: kind, coveredBy: coverers.filter { $0 != member }))
                }
            }
        }
        self.cells = cells
        self.coverage = coverage
    }
}
