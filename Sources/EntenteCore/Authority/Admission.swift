/// The operations that admit people and devices (`Protocol/VISION.md`, "Authority"). The
/// merge decides whether they take effect; these only write them the one right way.
public enum Admission {
    /// Admits a new member with their first device: a `member` record and its `device`.
    @discardableResult
    public static func admit(name: String, key: AuthorKey, noiseKey: [UInt8], into change: inout ChangeBuilder) -> RecordID {
        let member = change.create(RecordKind.member)
        change.set(member, Member.Field.name, .string(name))
        self.addDevice(key: key, noiseKey: noiseKey, for: member, into: &change)
        return member
    }

    /// Adds a device to a member: their first one (claiming a member record made before
    /// they had a replica) or, signed by one of their own devices, another one.
    @discardableResult
    public static func addDevice(key: AuthorKey, noiseKey: [UInt8], for member: RecordID, into change: inout ChangeBuilder) -> RecordID {
        let device = change.create(RecordKind.device)
        change.set(device, DeviceField.member, .record(member))
        change.set(device, DeviceField.key, .bytes(key.bytes))
        change.set(device, DeviceField.noiseKey, .bytes(noiseKey))
        return device
    }

    /// The founding change's operations: the collective bound to its founder by `salt`, the
    /// founder as its first member, and the founder's device.
    public static func found(collective name: String, salt: [UInt8], founder: String, key: AuthorKey, noiseKey: [UInt8], into change: inout ChangeBuilder) {
        let collective = change.create(RecordKind.collective)
        change.set(collective, Collective.Field.name, .string(name))
        change.set(collective, Founding.saltField, .bytes(salt))
        self.admit(name: founder, key: key, noiseKey: noiseKey, into: &change)
    }

    /// A motion to archive or restore `target`, proposed by `proposer` (their consent), with
    /// the voters and covered motions the rules require for this roster.
    @discardableResult
    public static func propose(_ action: MotionAction, on target: RecordID, by proposer: RecordID, roster: Roster, into change: inout ChangeBuilder) -> RecordID {
        let motion = change.create(RecordKind.motion)
        change.set(motion, MotionField.member, .record(target))
        change.set(motion, MotionField.action, .string(action.rawValue))
        change.set(motion, MotionField.proposer, .record(proposer))
        for voter in roster.voters(excluding: target).sorted() { change.add(motion, MotionField.voters, .record(voter)) }
        if action == .restore {
            for covered in roster.archiveMotions(on: target).sorted() { change.add(motion, MotionField.covers, .record(covered)) }
        }
        return motion
    }

    /// A motion to revoke `device` (a record of `target`'s): carried at once when `proposer`
    /// is `target` (their own device, they are its only voter), else by the voters' majority.
    @discardableResult
    public static func revoke(_ device: RecordID, of target: RecordID, by proposer: RecordID, roster: Roster, into change: inout ChangeBuilder) -> RecordID {
        let motion = change.create(RecordKind.motion)
        change.set(motion, MotionField.member, .record(target))
        change.set(motion, MotionField.action, .string(MotionAction.revoke.rawValue))
        change.set(motion, MotionField.proposer, .record(proposer))
        change.set(motion, MotionField.device, .record(device))
        let voters = proposer == target ? [target] : roster.voters(excluding: target).sorted()
        for voter in voters { change.add(motion, MotionField.voters, .record(voter)) }
        return motion
    }

    /// `member`'s consent to a motion.
    @discardableResult
    public static func consent(to motion: RecordID, by member: RecordID, into change: inout ChangeBuilder) -> RecordID {
        let consent = change.create(RecordKind.consent)
        change.set(consent, ConsentField.motion, .record(motion))
        change.set(consent, ConsentField.member, .record(member))
        return consent
    }
}
