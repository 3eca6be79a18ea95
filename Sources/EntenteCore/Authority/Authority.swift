/// Whether each operation of a change takes effect: decided from the change and its causal
/// past only, the same on every replica (`Protocol/VISION.md`, "Authority").
///
/// An operation that is refused stays in the log as signed evidence and has no effect.
public enum Authority {
    /// The verdict on one change.
    public struct Review: Sendable {
        public var refusals: [OperationRefusal] = []
        public var isFounding = false
        /// The member the change's author speaks for, if admitted in its past.
        public var author: RecordID?

        public func allows(_ operation: Int) -> Bool { !self.refused.contains(operation) }
        var refused: Set<Int> = []
    }

    /// Reviews every operation of `signed` against its causal past.
    ///
    /// - Parameters:
    ///   - roster: the authority facts of the replica before this change.
    ///   - storage: the replica before this change (for the records the change writes to).
    ///   - past: the change's causal past in that replica.
    public static func review(_ signed: SignedChange, roster: Roster, storage: some ReplicaStorage, past: CausalPast) throws -> Review {
        var reviewer = Reviewer(signed: signed, roster: roster, past: past)
        try reviewer.run(storage)
        return reviewer.review
    }
}

private struct Reviewer {
    let signed: SignedChange
    let change: Change
    let roster: Roster
    let past: CausalPast
    var review = Authority.Review()
    /// Records this change creates, with their kind.
    var created: [RecordID: String] = [:]
    /// The last register value this change writes per field of the records it creates.
    var written: [RecordID: [String: Value]] = [:]
    /// The elements this change adds per set field of the records it creates.
    var added: [RecordID: [String: [Value]]] = [:]
    /// Authority records created here that break their rules.
    var invalid: [RecordID: OperationRefusal.Rule] = [:]
    /// Headers of the existing records this change writes, read once each.
    var headers: [RecordID: RecordHeader?] = [:]

    init(signed: SignedChange, roster: Roster, past: CausalPast) {
        self.signed = signed
        self.change = signed.change
        self.roster = roster
        self.past = past
        for operation in signed.change.operations {
            switch operation {
            case .create(let record, let kind): self.created[record] = kind
            case .set(let record, let field, let value) where self.created[record] != nil:
                // A text over its limit is refused (rule 0): the record is judged without it.
                if !VisionLimits.isTooLong(value, kind: self.created[record], field: field) { self.written[record, default: [:]][field] = value }
            case .add(let record, let field, let element) where self.created[record] != nil:
                if !VisionLimits.isTooLong(element, kind: self.created[record], field: field) {
                    self.added[record, default: [:]][field, default: []].append(element)
                }
            default: break
            }
        }
    }

    mutating func refuse(_ index: Int, _ rule: OperationRefusal.Rule, kind: String?, field: String?, owner: RecordID? = nil) {
        guard !self.review.refused.contains(index) else { return }
        self.review.refused.insert(index)
        self.review.refusals.append(OperationRefusal(
            change: self.signed.id, author: self.change.author, operation: index, rule: rule,
            record: self.change.operations[index].record, kind: kind, field: field, owner: owner))
    }

    mutating func run(_ storage: some ReplicaStorage) throws {
        let operations = self.change.operations
        try self.refuseTooLong(storage)
        if Founding.isFounding(self.change) {
            // The genesis: its author founds the collective and admits themselves. It can only
            // write to the records it creates (nothing else exists before it).
            self.review.isFounding = true
            for (index, operation) in operations.enumerated() where self.created[operation.record] == nil {
                self.refuse(index, .unknownRecord, kind: nil, field: operation.field)
            }
            return
        }
        guard let me = try self.roster.member(of: self.change.author, in: self.past) else {
            for (index, operation) in operations.enumerated() { self.refuse(index, .notAMember, kind: nil, field: operation.field) }
            return
        }
        self.review.author = me
        if try self.roster.isRevokedKey(self.change.author, in: self.past) {
            for (index, operation) in operations.enumerated() { self.refuse(index, .revoked, kind: nil, field: operation.field) }
            return
        }
        if try self.roster.isArchived(me, in: self.past) {
            for (index, operation) in operations.enumerated() { self.refuse(index, .removed, kind: nil, field: operation.field) }
            return
        }
        // Only the founding change creates a collective: another one's `create` is refused,
        // and so is everything it would write to that record (VISION.md rule 4).
        for (record, kind) in self.created where kind == RecordKind.collective { self.invalid[record] = .founding }
        try self.checkCreatedAuthorityRecords(me)
        try self.checkCreatedStances(me, storage)
        for (index, operation) in operations.enumerated() {
            if case .create(let record, let kind) = operation {
                if kind == RecordKind.collective {
                    self.refuse(index, .founding, kind: kind, field: nil)
                } else if let rule = self.invalid[record] {
                    self.refuse(index, rule, kind: kind, field: nil)
                }
                continue
            }
            let record = operation.record
            let kind: String, owner: RecordID?, creating: Bool
            if let createdKind = self.created[record] {
                if let rule = self.invalid[record] {
                    self.refuse(index, rule, kind: createdKind, field: operation.field)
                    continue
                }
                (kind, owner, creating) = (createdKind, me, true)
            } else if let header = try self.header(of: record, storage), try self.past.contains(header.position) {
                (kind, owner, creating) = (header.kind, try self.roster.member(of: header.createdBy.author, in: self.past), false)
            } else {
                self.refuse(index, .unknownRecord, kind: nil, field: operation.field)
                continue
            }
            let context = FieldContext(record: record, kind: kind, owner: owner, me: me, creating: creating)
            if let (rule, who) = try self.rule(for: operation, context, storage) {
                self.refuse(index, rule, kind: kind, field: operation.field, owner: who)
            }
        }
    }

    /// Rule 0: a string longer than its field's limit (``VisionLimits``) is refused in every
    /// change, the founding one included. The kind is the one created in this change or in its
    /// past (a record outside the past counts as of no kind), so every replica decides alike.
    mutating func refuseTooLong(_ storage: some ReplicaStorage) throws {
        for (index, operation) in self.change.operations.enumerated() {
            guard let field = operation.field, let text = operation.value?.string, text.utf8.count > VisionLimits.maximumNameBytes else { continue }
            var kind = self.created[operation.record]
            if kind == nil, let header = try self.header(of: operation.record, storage), try self.past.contains(header.position) { kind = header.kind }
            if VisionLimits.isTooLong(operation.value, kind: kind, field: field) { self.refuse(index, .tooLong, kind: kind, field: field) }
        }
    }

    mutating func header(of record: RecordID, _ storage: some ReplicaStorage) throws -> RecordHeader? {
        if let known = self.headers[record] { return known }
        let header = try storage.header(of: record)
        self.headers[record] = header
        return header
    }

    struct FieldContext {
        var record: RecordID
        var kind: String
        /// The member who created the record.
        var owner: RecordID?
        var me: RecordID
        /// Whether this change creates the record.
        var creating: Bool
        var isMine: Bool { self.owner == self.me }
    }

    /// The rule an operation on an existing or new record breaks, and whose act it was.
    func rule(for operation: ChangeOperation, _ c: FieldContext, _ storage: some ReplicaStorage) throws -> (OperationRefusal.Rule, RecordID?)? {
        let field = operation.field ?? ""
        let value = operation.value
        let mine = Value.record(c.me)
        /// A field written once, by its creator, naming themselves.
        func ownReference() -> (OperationRefusal.Rule, RecordID?)? {
            guard c.creating else { return (.fixed, nil) }
            return value == mine ? nil : (.personal, value?.recordID)
        }
        func personal() -> (OperationRefusal.Rule, RecordID?)? { c.isMine ? nil : (.personal, c.owner) }
        switch c.kind {
        case RecordKind.device, RecordKind.motion, RecordKind.consent, RecordKind.secret:
            return c.creating ? nil : (.fixed, nil)
        case RecordKind.collective:
            return field == Founding.saltField ? (.founding, nil) : nil
        case RecordKind.member:
            switch field {
            case CommonField.archived: return (.consentRequired, nil)
            case DeviceField.key, DeviceField.noiseKey: return (.fixed, nil)
            case Member.Field.name, Member.Field.leftOn, Member.Field.leftAt, Member.Field.exitTerms, Member.Field.exitKind:
                // A member names themselves and records their own exit; for a member with no
                // device yet (who cannot speak), any member may.
                return try self.theirsUnlessSilent(c.record, c)
            default: return nil
            }
        case RecordKind.expectation:
            switch field {
            case Expectation.Field.statedBy: return ownReference()
            case Expectation.Field.text, Expectation.Field.type, CommonField.archived: return personal()
            case Expectation.Field.acknowledgedBy:
                return value == mine && !c.isMine ? nil : (.ownElement, value?.recordID)
            default: return nil
            }
        case RecordKind.commitment:
            switch field {
            case Commitment.Field.by: return ownReference()
            case Commitment.Field.towards: return c.creating ? nil : (.fixed, nil)
            case Commitment.Field.acceptedBy:
                guard value == mine else { return (.ownElement, value?.recordID) }
                return try !c.isMine && self.isOwed(c, storage) ? nil : (.notOwed, c.owner)
            case Commitment.Field.status:
                let status = value?.string.flatMap(Commitment.Status.init(rawValue:))
                if c.isMine { return status == .accepted ? (.notOwed, c.owner) : nil }
                let byThoseOwed: Set<Commitment.Status> = [.accepted, .broken]
                return try status.map(byThoseOwed.contains) == true && self.isOwed(c, storage) ? nil : (.personal, c.owner)
            default: return personal()
            }
        case RecordKind.contribution:
            switch field {
            case Contribution.Field.member: return c.creating ? nil : (.fixed, nil)
            case Contribution.Field.effort, Contribution.Field.amount, Contribution.Field.type, CommonField.archived:
                // What the work was worth in hours or money, and withdrawing it, belong to the
                // member who did it (its `member`, fixed at creation; else its creator).
                return try self.theirsUnlessSilent(self.contributor(c, storage) ?? c.me, c)
            default: return nil
            }
        case RecordKind.phaseCheckIn, RecordKind.valuation, RecordKind.engagement:
            if let denied = personal() { return denied }
            // Their `member` field names the member whose act it is: the author.
            return field == PhaseCheckIn.Field.member && value != mine ? (.personal, value?.recordID) : nil
        case RecordKind.risk:
            switch field {
            case Risk.Field.raisedBy: return ownReference()
            case Risk.Field.raisedOn: return c.creating ? nil : (.fixed, nil)
            default: return nil
            }
        case RecordKind.meeting:
            return field == Meeting.Field.recordedBy ? ownReference() : nil
        case RecordKind.decision:
            switch field {
            case Decision.Field.proposedBy: return ownReference()
            case Decision.Field.meeting: return c.creating ? nil : (.fixed, nil)
            case Decision.Field.links: return nil
            default: return personal()
            }
        case RecordKind.exitTerms:
            // Written whole, once: a member's own terms name the author; the collective's name
            // nobody. New terms are a new record.
            guard c.creating else { return (.fixed, nil) }
            return field == ExitTerms.Field.member && value != mine ? (.personal, value?.recordID) : nil
        case RecordKind.valueRule:
            // A rule is proposed whole; it counts once its decision is adopted.
            return c.creating ? nil : (.fixed, nil)
        case RecordKind.stance:
            // Judged whole at creation (``checkCreatedStances``); a stance never changes.
            return c.creating ? nil : (.fixed, nil)
        default:
            return nil
        }
    }

    /// A field of `member`'s own: written by the change that creates the record, by that
    /// member, or by anyone while that member has no live device in the past (they cannot
    /// speak: none yet, or every one revoked).
    func theirsUnlessSilent(_ member: RecordID, _ c: FieldContext) throws -> (OperationRefusal.Rule, RecordID?)? {
        if try c.creating || member == c.me || self.roster.liveDevices(of: member, in: self.past).isEmpty { return nil }
        return (.personal, member)
    }

    /// The member who did the work a contribution records: its `member` (only the creating
    /// change may write it), else the member who created it.
    func contributor(_ c: FieldContext, _ storage: some ReplicaStorage) throws -> RecordID? {
        if c.creating { return self.written[c.record]?[Contribution.Field.member]?.recordID ?? c.owner }
        let writes = try storage.writes(at: SlotKey(record: c.record, field: Contribution.Field.member))
        return writes.max { $0.tag.op < $1.tag.op }?.value.recordID ?? c.owner
    }

    /// Whether the commitment is owed to the author: its `towards` (fixed at creation) is
    /// empty (the whole collective) or names the author's member.
    func isOwed(_ c: FieldContext, _ storage: some ReplicaStorage) throws -> Bool {
        let mine = Value.record(c.me)
        if c.creating {
            let towards = self.added[c.record]?[Commitment.Field.towards] ?? []
            return towards.isEmpty || towards.contains(mine)
        }
        guard try storage.hasWrites(record: c.record, field: Commitment.Field.towards) else { return true }
        return !(try storage.writes(at: SlotKey(record: c.record, field: Commitment.Field.towards, element: mine.encoded))).isEmpty
    }

    /// A stance is judged whole, from the fields this change gives it: its member is the
    /// author, its decision exists in the author's past (or is created by this change), its
    /// position is known, and an objection or a block gives its reason.
    mutating func checkCreatedStances(_ me: RecordID, _ storage: some ReplicaStorage) throws {
        for case .create(let record, RecordKind.stance) in self.change.operations {
            let fields = self.written[record] ?? [:]
            var known = false
            if let decision = fields[Stance.Field.decision]?.recordID {
                if self.created[decision] == RecordKind.decision {
                    known = true
                } else if let header = try self.header(of: decision, storage) {
                    known = try header.kind == RecordKind.decision && self.past.contains(header.position)
                }
            }
            let position = fields[Stance.Field.position]?.string.flatMap(Stance.Position.init(rawValue:))
            let reason = fields[Stance.Field.reason]?.string?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard known, fields[Stance.Field.member] == .record(me), let position, !position.needsReason || !reason.isEmpty else {
                self.invalid[record] = .badStance
                continue
            }
        }
    }

    /// Devices, motions and consents are judged whole, from the fields this change gives them.
    mutating func checkCreatedAuthorityRecords(_ me: RecordID) throws {
        var newKeys = Set<AuthorKey>()
        for case .create(let record, let kind) in self.change.operations {
            let fields = self.written[record] ?? [:]
            let sets = self.added[record] ?? [:]
            switch kind {
            case RecordKind.device:
                guard let member = fields[DeviceField.member]?.recordID,
                      let key = fields[DeviceField.key]?.rawBytes.flatMap(AuthorKey.init(validating:)),
                      fields[DeviceField.noiseKey]?.rawBytes?.count == 32,
                      !(try self.roster.isDeviceKey(key, in: self.past)), !newKeys.contains(key)
                else { self.invalid[record] = .badDevice; continue }
                newKeys.insert(key)
                if self.created[member] == RecordKind.member { continue }  // admitting a new member
                guard try self.roster.isInStanding(member, in: self.past),
                      try member == me || self.roster.liveDevices(of: member, in: self.past).isEmpty
                else { self.invalid[record] = .badDevice; continue }
            case RecordKind.motion where fields[MotionField.action] == .string(MotionAction.revoke.rawValue):
                // A revoke names a live device of its target. The member's own is carried at
                // once (they are its only voter); anyone else's needs the voters' majority.
                guard let target = fields[MotionField.member]?.recordID,
                      let device = fields[MotionField.device]?.recordID,
                      fields[MotionField.proposer] == .record(me),
                      try self.roster.isMember(target, in: self.past),
                      try self.roster.isRevocable(device, of: target, seen: self.past.contains),
                      try Set((sets[MotionField.voters] ?? []).compactMap(\.recordID))
                        == (target == me ? [me] : self.roster.voters(excluding: target, in: self.past)),
                      (sets[MotionField.covers] ?? []).isEmpty
                else { self.invalid[record] = .badMotion; continue }
            case RecordKind.motion:
                guard let target = fields[MotionField.member]?.recordID,
                      let action = fields[MotionField.action]?.string.flatMap(MotionAction.init(rawValue:)), action != .revoke,
                      fields[MotionField.proposer] == .record(me), target != me,
                      try self.roster.isMember(target, in: self.past),
                      try self.roster.isArchived(target, in: self.past) == (action == .restore),
                      try Set((sets[MotionField.voters] ?? []).compactMap(\.recordID)) == self.roster.voters(excluding: target, in: self.past),
                      try Set((sets[MotionField.covers] ?? []).compactMap(\.recordID))
                        == (action == .restore ? self.roster.archiveMotions(on: target, in: self.past) : [])
                else { self.invalid[record] = .badMotion; continue }
            case RecordKind.consent:
                guard fields[ConsentField.member] == .record(me),
                      let motionID = fields[ConsentField.motion]?.recordID,
                      let motion = self.roster.motions[motionID], try self.past.contains(motion.position),
                      motion.voters.contains(me)
                else { self.invalid[record] = .badConsent; continue }
            default:
                continue
            }
        }
    }
}

extension ChangeOperation {
    /// The field an operation writes (`nil` for `create`).
    public var field: String? {
        switch self {
        case .create: return nil
        case .set(_, let field, _), .add(_, let field, _), .remove(_, let field, _), .text(_, let field, _): return field
        }
    }

    /// The value or element an operation writes (`nil` for `create` and `text`).
    public var value: Value? {
        switch self {
        case .set(_, _, let value): return value
        case .add(_, _, let element), .remove(_, _, let element): return element
        case .create, .text: return nil
        }
    }
}
