/// A member of the collective, as read from a `member` record and the roster.
///
/// Fields: `name` (string), `enteredAt` (record ref to the stage at which they entered),
/// `leftAt` (record ref to the stage at which they left), `leftOn` (ISO date they left),
/// `exitTerms` (string: the terms of their exit). Their keys are `device` records, and
/// whether they are archived is decided by motions and consents (``Roster``): a member is
/// never archived by a plain field write.
///
/// Leaving is an event recorded in fields (`leftOn`, `leftAt`, `exitTerms`), never a deletion:
/// a member who left keeps their history and is listed as such. A departure dated in the
/// future takes effect on that date: read as of ``today`` (the reader's date, passed in by
/// whoever builds the ``Directory`` or ``Vision``), the member is still active and
/// ``isLeaving`` until then. Without a date (`today` nil) every recorded departure counts.
public struct Member: Hashable, Sendable {
    public enum Field {
        public static let name = "name"
        public static let enteredAt = "enteredAt"
        public static let leftAt = "leftAt"
        public static let leftOn = "leftOn"
        public static let exitTerms = "exitTerms"
        /// The kind of exit (``ExitKind``), recorded with the departure.
        public static let exitKind = "exitKind"
    }

    public var record: RecordState
    /// The member's devices, in the order they were admitted, revoked ones included.
    public var devices: [Roster.DeviceFact] = []
    /// The device records among ``devices`` that a carried motion revoked.
    public var revoked: Set<RecordID> = []
    /// Archived by a carried motion (and not restored since).
    public var isArchived = false
    /// The date (YYYY-MM-DD) the member is read as of: a departure dated later has not
    /// happened yet. `nil`: every recorded departure counts.
    public var today: String?

    public var id: RecordID { self.record.id }
    public var name: String { self.record.string(Field.name) ?? "(unnamed)" }
    /// The key of the member's first device, if they have one.
    public var key: AuthorKey? { self.devices.first?.key }
    public var keys: [AuthorKey] { self.devices.map(\.key) }
    /// The devices that speak for the member: not revoked.
    public var liveDevices: [Roster.DeviceFact] { self.devices.filter { !self.revoked.contains($0.record) } }
    public func isRevoked(_ key: AuthorKey) -> Bool { self.devices.contains { $0.key == key && self.revoked.contains($0.record) } }
    public var enteredAt: RecordID? { self.record.ref(Field.enteredAt) }
    public var leftAt: RecordID? { self.record.ref(Field.leftAt) }
    public var leftOn: String? { self.record.text(Field.leftOn) }
    public var exitTerms: String? { self.record.text(Field.exitTerms) }
    public var exitKind: ExitKind? { self.record.string(Field.exitKind).flatMap(ExitKind.init(rawValue:)) }

    /// Whether a departure is recorded, whatever its date (a member leaves once).
    public var departureRecorded: Bool { self.leftOn != nil || self.leftAt != nil }

    /// Whether the member has left as of ``today``: a departure without a date, or dated on
    /// or before today.
    public var hasLeft: Bool {
        guard let leftOn = self.leftOn else { return self.leftAt != nil }
        guard let today = self.today else { return true }
        return !bytesPrecede(today, leftOn)
    }

    /// The recorded departure date when it is still to come (after ``today``).
    public var leavesOn: String? {
        guard let leftOn = self.leftOn, let today = self.today, bytesPrecede(today, leftOn) else { return nil }
        return leftOn
    }

    /// Whether the member takes part now: neither archived nor gone.
    public var isActive: Bool { !self.isArchived && !self.hasLeft }

    /// A member without their roster facts (no devices, not archived).
    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.member else { return nil }
        self.record = record
    }

    /// A member with their devices and standing from `roster`, read as of `today`.
    public init?(_ record: RecordState, roster: Roster, today: String? = nil) {
        guard record.kind == RecordKind.member else { return nil }
        self.record = record
        self.today = today
        self.devices = roster.devices(of: record.id)
        self.revoked = Set(self.devices.filter(roster.isRevoked).map(\.record))
        self.isArchived = roster.isArchived(record.id)
    }
}

/// Names the authors of changes: author key -> member name.
public struct Directory: Sendable {
    /// Every member, archived ones included.
    public private(set) var members: [Member]
    public let roster: Roster
    private var byKey: [AuthorKey: Member] = [:]
    /// Folded names that more than one member has.
    private var namesakes = Set<String>()

    /// The members of `records`, read as of `today` (see ``Member/today``).
    public init(records: [RecordState], today: String? = nil) {
        self.init(records: records, roster: Roster(records: records), today: today)
    }

    /// Names the members of `records` with the roster already read from them.
    public init(records: [RecordState], roster: Roster, today: String? = nil) {
        self.roster = roster
        self.members = records.filter { $0.kind == RecordKind.member }.inCreationOrder.compactMap { Member($0, roster: roster, today: today) }
        var namesakes: [String: Int] = [:]
        for member in self.members {
            for key in member.keys where roster.member(of: key) == member.id { self.byKey[key] = member }
            namesakes[NameMatching.fold(member.name), default: 0] += 1
        }
        self.namesakes = Set(namesakes.filter { $0.value > 1 }.keys)
    }

    public func member(for author: AuthorKey) -> Member? { self.byKey[author] }

    /// The member with a device whose author key and X25519 static key are these.
    public func member(for author: AuthorKey, noiseKey: [UInt8]) -> Member? {
        guard let member = self.byKey[author] else { return nil }
        return member.devices.contains { $0.key == author && $0.noiseKey == noiseKey } ? member : nil
    }

    /// The member's name, or the key's short form when no member record names it. Two
    /// members of one name (made concurrently, or by a crafted peer) are told apart by the
    /// key's short fingerprint: "Alice (3fa2)".
    public func name(of author: AuthorKey) -> String {
        guard let name = self.byKey[author]?.name else { return "key " + author.short }
        return self.namesakes.contains(NameMatching.fold(name)) ? "\(name) (\(author.shortFingerprint))" : name
    }

    /// The name the author's member had at `time` (when the act was signed): a later rename
    /// does not move the act to another name. The current name when none was recorded.
    public func name(of author: AuthorKey, at time: HybridTimestamp, names: NameHistory) -> String {
        guard let member = self.byKey[author], let then = names.name(of: member.id, at: time) else { return self.name(of: author) }
        return then
    }

    /// Who signed an act, as `log`, `history`, `audit` and the board show it: the name at the
    /// time and the key's short fingerprint, "Alice (3fa2)". Stable: renaming cannot move it.
    public func label(of author: AuthorKey, at time: HybridTimestamp? = nil, names: NameHistory? = nil) -> String {
        guard let member = self.byKey[author] else { return "key " + author.short }
        let name = time.flatMap { names?.name(of: member.id, at: $0) } ?? member.name
        return "\(name) (\(author.shortFingerprint))"
    }
}
