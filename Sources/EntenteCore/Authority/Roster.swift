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
        public var created: WriteTag
        public var createdAt: HybridTimestamp

        /// Consents needed: a strict majority of the voters.
        public var threshold: Int { self.voters.count / 2 + 1 }
    }

    public struct ConsentFact: Hashable, Sendable {
        public var record: RecordID
        public var motion: RecordID
        public var member: RecordID
        public var created: WriteTag
    }

    /// Member records and the write that created each.
    public private(set) var members: [RecordID: WriteTag] = [:]
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
                self.members[record.id] = record.header.createdBy
            case RecordKind.device:
                guard let member = record.ref(DeviceField.member),
                      let key = record[DeviceField.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) else { continue }
                self.add(DeviceFact(record: record.id, member: member, key: key, noiseKey: record[DeviceField.noiseKey]?.rawBytes,
                                    created: record.header.createdBy, createdAt: record.header.createdAt))
            case RecordKind.motion:
                guard let target = record.ref(MotionField.member),
                      let action = record.string(MotionField.action).flatMap(MotionAction.init(rawValue:)) else { continue }
                self.add(MotionFact(record: record.id, target: target, action: action,
                                    voters: Set(record.refs(MotionField.voters)), covers: Set(record.refs(MotionField.covers)),
                                    proposer: record.ref(MotionField.proposer),
                                    created: record.header.createdBy, createdAt: record.header.createdAt))
            case RecordKind.consent:
                guard let motion = record.ref(ConsentField.motion), let member = record.ref(ConsentField.member) else { continue }
                self.add(ConsentFact(record: record.id, motion: motion, member: member, created: record.header.createdBy))
            default:
                continue
            }
        }
    }

    // MARK: - Growing

    public mutating func addMember(_ record: RecordID, created: WriteTag) { self.members[record] = created }

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

    /// The member a device key speaks for, if exactly one member admitted it in `past`.
    public func member(of key: AuthorKey, in past: CausalPast) -> RecordID? {
        let members = Set((self.devicesByKey[key] ?? []).filter { past.contains($0.created) }.map(\.member))
        return members.count == 1 ? members.first : nil
    }

    /// Whether any device in `past` has this key (the key is taken).
    public func isDeviceKey(_ key: AuthorKey, in past: CausalPast) -> Bool {
        (self.devicesByKey[key] ?? []).contains { past.contains($0.created) }
    }

    public func isMember(_ record: RecordID, in past: CausalPast) -> Bool {
        self.members[record].map(past.contains) ?? false
    }

    /// The member's devices admitted in `past`, in creation order.
    public func devices(of member: RecordID, in past: CausalPast) -> [DeviceFact] {
        (self.devicesByMember[member] ?? []).filter { past.contains($0.created) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }

    /// Whether a motion has gathered a majority of its voters' consents in `past`.
    public func isCarried(_ motion: MotionFact, in past: CausalPast) -> Bool {
        self.consenting(motion, in: past).count >= motion.threshold
    }

    /// The voters who consented to `motion` in `past` (its proposer included).
    public func consenting(_ motion: MotionFact, in past: CausalPast) -> Set<RecordID> {
        var members = Set((self.consents[motion.record] ?? []).filter { past.contains($0.created) }.map(\.member))
        if let proposer = motion.proposer { members.insert(proposer) }
        return members.intersection(motion.voters)
    }

    /// The motions on a member in `past`, in creation order.
    public func motions(on member: RecordID, in past: CausalPast) -> [MotionFact] {
        (self.motionsByTarget[member] ?? []).compactMap { self.motions[$0] }.filter { past.contains($0.created) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }

    /// Whether a member is archived in `past`: some carried archive motion is not undone by a
    /// carried restore motion that covers it.
    public func isArchived(_ member: RecordID, in past: CausalPast) -> Bool {
        let motions = self.motions(on: member, in: past).filter { self.isCarried($0, in: past) }
        let restores = motions.filter { $0.action == .restore }
        return motions.contains { archive in
            archive.action == .archive && !restores.contains { $0.covers.contains(archive.record) }
        }
    }

    /// Whether a member may act in `past`: a member record there, and not archived.
    public func isInStanding(_ member: RecordID, in past: CausalPast) -> Bool {
        self.isMember(member, in: past) && !self.isArchived(member, in: past)
    }

    /// The members whose consent a motion on `target` proposed with this past needs: every
    /// member in standing with at least one device, other than `target`.
    public func voters(excluding target: RecordID, in past: CausalPast) -> Set<RecordID> {
        Set(self.members.keys.filter { member in
            member != target && self.isInStanding(member, in: past) && !self.devices(of: member, in: past).isEmpty
        })
    }

    /// The archive motions on `member` in `past` (what a restore proposed there covers).
    public func archiveMotions(on member: RecordID, in past: CausalPast) -> Set<RecordID> {
        Set(self.motions(on: member, in: past).filter { $0.action == .archive }.map(\.record))
    }

    /// Motions not yet carried in `past` (for `entente status`).
    public func openMotions(in past: CausalPast = .everything) -> [MotionFact] {
        self.motions.values.filter { past.contains($0.created) && !self.isCarried($0, in: past) }
            .sorted { ($0.createdAt, $0.record) < ($1.createdAt, $1.record) }
    }
}

extension Roster {
    /// Learns the authority records an applied change created (its refused operations aside).
    public mutating func absorb(_ change: Change, review: Authority.Review) {
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
            let tag = change.tag(created.index)
            let values = fields[record] ?? [:], elements = sets[record] ?? [:]
            switch created.kind {
            case RecordKind.member:
                self.addMember(record, created: tag)
            case RecordKind.device:
                guard let member = values[DeviceField.member]?.recordID,
                      let key = values[DeviceField.key]?.rawBytes.flatMap(AuthorKey.init(validating:)) else { continue }
                self.add(DeviceFact(record: record, member: member, key: key, noiseKey: values[DeviceField.noiseKey]?.rawBytes,
                                    created: tag, createdAt: change.timestamp))
            case RecordKind.motion:
                guard let target = values[MotionField.member]?.recordID,
                      let action = values[MotionField.action]?.string.flatMap(MotionAction.init(rawValue:)) else { continue }
                self.add(MotionFact(record: record, target: target, action: action,
                                    voters: Set((elements[MotionField.voters] ?? []).compactMap(\.recordID)),
                                    covers: Set((elements[MotionField.covers] ?? []).compactMap(\.recordID)),
                                    proposer: values[MotionField.proposer]?.recordID, created: tag, createdAt: change.timestamp))
            case RecordKind.consent:
                guard let motion = values[ConsentField.motion]?.recordID, let member = values[ConsentField.member]?.recordID else { continue }
                self.add(ConsentFact(record: record, motion: motion, member: member, created: tag))
            default:
                continue
            }
        }
    }

    /// The kinds whose records make the roster.
    public static let kinds: Set<String> = [RecordKind.member, RecordKind.device, RecordKind.motion, RecordKind.consent]
}
