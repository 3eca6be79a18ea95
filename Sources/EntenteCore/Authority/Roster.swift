/// Who belongs to the collective, with which keys, and in what standing, as facts that each
/// carry the write that made them, so any question can be asked "as of" a causal past.
///
/// Built from the immutable authority records (`member` creations, `device`, `motion`,
/// `consent`; `Protocol/VISION.md`, "Authority"). Only authorised records ever exist in a
/// replica's state, so the roster holds only authorised facts.
public struct Roster: Hashable, Sendable {
    public struct DeviceFact: Hashable, Sendable {
        public var record: RecordID
        public var member: RecordID
        public var key: AuthorKey
        public var noiseKey: [UInt8]?
        public var created: WriteTag
        public var createdAt: HybridTimestamp
        /// The log position of the creating change (local).
        public var position: Int
    }

    public struct MotionFact: Hashable, Sendable {
        public var record: RecordID
        public var target: RecordID
        public var action: MotionAction
        /// The members whose consent counts (every other member in standing when proposed).
        public var voters: Set<RecordID>
        /// For a restore: the archive motions on the same member it undoes.
        public var covers: Set<RecordID>
        /// The member who proposed it; their proposal is their consent.
        public var proposer: RecordID?
        /// For a revoke: the device it revokes.
        public var device: RecordID? = nil
        public var created: WriteTag
        public var createdAt: HybridTimestamp
        /// The log position of the creating change (local).
        public var position: Int

        /// Consents needed: a strict majority of the voters.
        public var threshold: Int { self.voters.count / 2 + 1 }
    }

    public struct ConsentFact: Hashable, Sendable {
        public var record: RecordID
        public var motion: RecordID
        public var member: RecordID
        public var created: WriteTag
        /// The log position of the creating change (local).
        public var position: Int
    }

    /// A member record: the write that created it and where.
    public struct MemberFact: Hashable, Sendable {
        public var created: WriteTag
        public var position: Int
    }

    /// Member records and the write that created each.
    public private(set) var members: [RecordID: MemberFact] = [:]
    public private(set) var devices: [DeviceFact] = []
    private var devicesByKey: [AuthorKey: [DeviceFact]] = [:]
    private var devicesByMember: [RecordID: [DeviceFact]] = [:]
    public private(set) var motions: [RecordID: MotionFact] = [:]
    private var motionsByTarget: [RecordID: [RecordID]] = [:]
    private var consents: [RecordID: [ConsentFact]] = [:]

    public init() {}

    /// The roster of a replica's records (records of other kinds are ignored).
    public init(records: [RecordState]) {
        for record in records {
            switch record.kind {
            case RecordKind.member:
                self.members[record.id] = MemberFact(created: record.header.createdBy, position: record.header.position)
            case RecordKind.device:
                guard let member = record.ref(DeviceField.member),
                      let key = record[DeviceField.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) else { continue }
                self.add(DeviceFact(record: record.id, member: member, key: key, noiseKey: record[DeviceField.noiseKey]?.rawBytes,
                                    created: record.header.createdBy, createdAt: record.header.createdAt, position: record.header.position))
            case RecordKind.motion:
                guard let target = record.ref(MotionField.member),
                      let action = record.string(MotionField.action).flatMap(MotionAction.init(rawValue:)) else { continue }
                self.add(MotionFact(record: record.id, target: target, action: action,
                                    voters: Set(record.refs(MotionField.voters)), covers: Set(record.refs(MotionField.covers)),
                                    proposer: record.ref(MotionField.proposer), device: record.ref(MotionField.device),
                                    created: record.header.createdBy, createdAt: record.header.createdAt, position: record.header.position))
            case RecordKind.consent:
                guard let motion = record.ref(ConsentField.motion), let member = record.ref(ConsentField.member) else { continue }
                self.add(ConsentFact(record: record.id, motion: motion, member: member, created: record.header.createdBy, position: record.header.position))
            default:
                continue
            }
        }
    }

    // MARK: - Growing

    public mutating func addMember(_ record: RecordID, created: WriteTag, position: Int) {
        self.members[record] = MemberFact(created: created, position: position)
    }

    public mutating func add(_ device: DeviceFact) {
        self.devices.append(device)
        self.devicesByKey[device.key, default: []].append(device)
        self.devicesByMember[device.member, default: []].append(device)
    }

    public mutating func add(_ motion: MotionFact) {
        self.motions[motion.record] = motion
        self.motionsByTarget[motion.target, default: []].append(motion.record)
    }

    public mutating func add(_ consent: ConsentFact) {
        self.consents[consent.motion, default: []].append(consent)
    }

    // MARK: - Questions asked as of a causal past

    // Each question is asked of the facts whose change is in a causal past (`in past:`), or
    // of every fact the replica holds (no past: the current view). `seen` says whether the
    // change at a log position counts.

    /// The member a device key speaks for, if exactly one member admitted it.
    public func member(of key: AuthorKey, in past: CausalPast) throws -> RecordID? { try self.member(of: key, seen: past.contains) }
    public func member(of key: AuthorKey) -> RecordID? { self.member(of: key, seen: { _ in true }) }
    func member(of key: AuthorKey, seen: (Int) throws -> Bool) rethrows -> RecordID? {
        // The one member all seen devices with this key belong to; none when they belong to
        // several. Found without building a set: the merge asks this once per operation.
        var found: RecordID?
        for device in self.devicesByKey[key] ?? [] where try seen(device.position) {
            if let member = found, member != device.member { return nil }
            found = device.member
        }
        return found
    }

    /// Whether any device has this key (the key is taken).
    public func isDeviceKey(_ key: AuthorKey, in past: CausalPast) throws -> Bool { try self.isDeviceKey(key, seen: past.contains) }
    func isDeviceKey(_ key: AuthorKey, seen: (Int) throws -> Bool) rethrows -> Bool {
        try (self.devicesByKey[key] ?? []).contains { try seen($0.position) }
    }

    public func isMember(_ record: RecordID, in past: CausalPast) throws -> Bool { try self.isMember(record, seen: past.contains) }
    func isMember(_ record: RecordID, seen: (Int) throws -> Bool) rethrows -> Bool {
        try self.members[record].map { try seen($0.position) } ?? false
    }

    /// The member's devices, in creation order.
    public func devices(of member: RecordID, in past: CausalPast) throws -> [DeviceFact] { try self.devices(of: member, seen: past.contains) }
    public func devices(of member: RecordID) -> [DeviceFact] { self.devices(of: member, seen: { _ in true }) }
    func devices(of member: RecordID, seen: (Int) throws -> Bool) rethrows -> [DeviceFact] {
        try (self.devicesByMember[member] ?? []).filter { try seen($0.position) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }

    /// The member's devices that are not revoked, in creation order: those that speak for them.
    public func liveDevices(of member: RecordID, in past: CausalPast) throws -> [DeviceFact] { try self.liveDevices(of: member, seen: past.contains) }
    public func liveDevices(of member: RecordID) -> [DeviceFact] { self.liveDevices(of: member, seen: { _ in true }) }
    func liveDevices(of member: RecordID, seen: (Int) throws -> Bool) rethrows -> [DeviceFact] {
        try self.devices(of: member, seen: seen).filter { try !self.isRevoked($0.record, of: member, seen: seen) }
    }

    /// Whether a device record is revoked: a carried revoke motion names it.
    public func isRevoked(_ device: DeviceFact) -> Bool { self.isRevoked(device.record, of: device.member, seen: { _ in true }) }
    func isRevoked(_ device: RecordID, of member: RecordID, seen: (Int) throws -> Bool) rethrows -> Bool {
        try self.motions(on: member, seen: seen).contains { motion in
            try motion.action == .revoke && motion.device == device && self.isCarried(motion, seen: seen)
        }
    }

    /// Whether a key belongs to a revoked device: it speaks for nobody any more.
    public func isRevokedKey(_ key: AuthorKey, in past: CausalPast) throws -> Bool { try self.isRevokedKey(key, seen: past.contains) }
    public func isRevokedKey(_ key: AuthorKey) -> Bool { self.isRevokedKey(key, seen: { _ in true }) }
    func isRevokedKey(_ key: AuthorKey, seen: (Int) throws -> Bool) rethrows -> Bool {
        try (self.devicesByKey[key] ?? []).contains { device in
            try seen(device.position) && self.isRevoked(device.record, of: device.member, seen: seen)
        }
    }

    /// The device record a revoke motion on `member` may name: one of theirs, not yet revoked.
    func isRevocable(_ device: RecordID, of member: RecordID, seen: (Int) throws -> Bool) rethrows -> Bool {
        try self.liveDevices(of: member, seen: seen).contains { $0.record == device }
    }

    /// Whether a motion has gathered a majority of its voters' consents.
    func isCarried(_ motion: MotionFact, seen: (Int) throws -> Bool) rethrows -> Bool {
        try self.consenting(motion, seen: seen).count >= motion.threshold
    }

    /// The voters who consented to `motion` (its proposer included).
    public func consenting(_ motion: MotionFact) -> Set<RecordID> { self.consenting(motion, seen: { _ in true }) }
    func consenting(_ motion: MotionFact, seen: (Int) throws -> Bool) rethrows -> Set<RecordID> {
        var members = Set(try (self.consents[motion.record] ?? []).filter { try seen($0.position) }.map(\.member))
        if let proposer = motion.proposer { members.insert(proposer) }
        return members.intersection(motion.voters)
    }

    /// The motions on a member, in creation order.
    func motions(on member: RecordID, seen: (Int) throws -> Bool) rethrows -> [MotionFact] {
        try (self.motionsByTarget[member] ?? []).compactMap { self.motions[$0] }.filter { try seen($0.position) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }

    /// Whether a member is archived: some carried archive motion is not undone by a carried
    /// restore motion that covers it (revoke motions archive nobody).
    public func isArchived(_ member: RecordID, in past: CausalPast) throws -> Bool { try self.isArchived(member, seen: past.contains) }
    public func isArchived(_ member: RecordID) -> Bool { self.isArchived(member, seen: { _ in true }) }
    func isArchived(_ member: RecordID, seen: (Int) throws -> Bool) rethrows -> Bool {
        let motions = try self.motions(on: member, seen: seen).filter { try self.isCarried($0, seen: seen) }
        let restores = motions.filter { $0.action == .restore }
        return motions.contains { archive in
            archive.action == .archive && !restores.contains { $0.covers.contains(archive.record) }
        }
    }

    /// Whether a member may act: a member record there, and not archived.
    public func isInStanding(_ member: RecordID, in past: CausalPast) throws -> Bool { try self.isInStanding(member, seen: past.contains) }
    func isInStanding(_ member: RecordID, seen: (Int) throws -> Bool) rethrows -> Bool {
        try self.isMember(member, seen: seen) && !self.isArchived(member, seen: seen)
    }

    /// The members whose consent a motion on `target` needs: every member in standing with at
    /// least one live (not revoked) device, other than `target`.
    public func voters(excluding target: RecordID, in past: CausalPast) throws -> Set<RecordID> { try self.voters(excluding: target, seen: past.contains) }
    public func voters(excluding target: RecordID) -> Set<RecordID> { self.voters(excluding: target, seen: { _ in true }) }
    func voters(excluding target: RecordID, seen: (Int) throws -> Bool) rethrows -> Set<RecordID> {
        Set(try self.members.keys.filter { member in
            try member != target && self.isInStanding(member, seen: seen) && !self.liveDevices(of: member, seen: seen).isEmpty
        })
    }

    /// The archive motions on `member` (what a restore proposed there covers).
    public func archiveMotions(on member: RecordID, in past: CausalPast) throws -> Set<RecordID> { try self.archiveMotions(on: member, seen: past.contains) }
    public func archiveMotions(on member: RecordID) -> Set<RecordID> { self.archiveMotions(on: member, seen: { _ in true }) }
    func archiveMotions(on member: RecordID, seen: (Int) throws -> Bool) rethrows -> Set<RecordID> {
        Set(try self.motions(on: member, seen: seen).filter { $0.action == .archive }.map(\.record))
    }

    /// Motions not yet carried (for `entente status`).
    public func openMotions() -> [MotionFact] {
        self.motions.values.filter { !self.isCarried($0, seen: { _ in true }) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }
}

extension Roster {
    /// Learns the authority records an applied change created (its refused operations aside);
    /// `position` is where the replica's log holds it.
    public mutating func absorb(_ signed: SignedChange, review: Authority.Review, position: Int) {
        let change = signed.change
        var kinds: [RecordID: (kind: String, index: Int)] = [:]
        var fields: [RecordID: [String: Value]] = [:]
        var sets: [RecordID: [String: [Value]]] = [:]
        for (index, operation) in change.operations.enumerated() where review.allows(index) {
            switch operation {
            case .create(let record, let kind) where Self.kinds.contains(kind):
                kinds[record] = (kind, index)
            case .set(let record, let field, let value) where kinds[record] != nil:
                fields[record, default: [:]][field] = value
            case .add(let record, let field, let element) where kinds[record] != nil:
                sets[record, default: [:]][field, default: []].append(element)
            default:
                continue
            }
        }
        for (record, created) in kinds.sorted(by: { $0.value.index < $1.value.index }) {
            let tag = WriteTag(author: change.author, change: signed.id, op: UInt32(created.index))
            let values = fields[record] ?? [:], elements = sets[record] ?? [:]
            switch created.kind {
            case RecordKind.member:
                self.addMember(record, created: tag, position: position)
            case RecordKind.device:
                guard let member = values[DeviceField.member]?.recordID,
                      let key = values[DeviceField.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) else { continue }
                self.add(DeviceFact(record: record, member: member, key: key, noiseKey: values[DeviceField.noiseKey]?.rawBytes,
                                    created: tag, createdAt: change.timestamp, position: position))
            case RecordKind.motion:
                guard let target = values[MotionField.member]?.recordID,
                      let action = values[MotionField.action]?.string.flatMap(MotionAction.init(rawValue:)) else { continue }
                self.add(MotionFact(record: record, target: target, action: action,
                                    voters: Set((elements[MotionField.voters] ?? []).compactMap(\.recordID)),
                                    covers: Set((elements[MotionField.covers] ?? []).compactMap(\.recordID)),
                                    proposer: values[MotionField.proposer]?.recordID, device: values[MotionField.device]?.recordID,
                                    created: tag, createdAt: change.timestamp, position: position))
            case RecordKind.consent:
                guard let motion = values[ConsentField.motion]?.recordID, let member = values[ConsentField.member]?.recordID else { continue }
                self.add(ConsentFact(record: record, motion: motion, member: member, created: tag, position: position))
            default:
                continue
            }
        }
    }

    /// The kinds whose records make the roster.
    public static let kinds: Set<String> = [RecordKind.member, RecordKind.device, RecordKind.motion, RecordKind.consent]
}
