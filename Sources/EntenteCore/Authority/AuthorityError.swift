/// A local change that the authority rules would refuse: nothing is signed or written.
public struct AuthorityError: Error, CustomStringConvertible, Sendable {
    public var refusal: OperationRefusal

    public init(refusal: OperationRefusal) { self.refusal = refusal }

    public var description: String { self.refusal.explanation }
}

extension OperationRefusal {
    /// What the rule means, without names (front ends add who may do it instead).
    public var explanation: String {
        let what = [self.kind, self.field].compactMap { $0 }.joined(separator: " ")
        switch self.rule {
        case .notAMember: return "this key is not admitted to the collective; ask a member to invite you (`entente invite`)"
        case .removed: return "this member was archived by the collective; ask the others to restore you (`entente member restore`)"
        case .revoked: return "this device was revoked (lost or stolen): it no longer speaks for anyone; use another of your devices, or ask a member to invite you again (`entente invite --for YOUR-NAME`)"
        case .founding: return "a collective is founded once, by `entente init --collective`"
        case .unknownRecord: return "the record \(self.record.short) is not known to this replica; sync first"
        case .fixed: return "\(what) is fixed when the record is created and cannot be changed"
        case .personal: return "\(what) is a member's own act: only that member can record it, on their replica"
        case .ownElement: return "each member records only their own \(self.field ?? "stance")"
        case .notOwed: return "only the members a commitment is owed to can accept it, and not its author"
        case .consentRequired: return "archiving or restoring a member takes a majority's consent: use `entente member archive` or `restore`"
        case .badDevice: return "this device cannot be admitted: its key is taken, its member is archived, or only that member can link it"
        case .badMotion: return "this motion on a member breaks the rules (a member cannot archive or restore themselves; archive an active member, restore an archived one; revoke a device of the member that is not revoked yet)"
        case .badConsent: return "this consent does not count: the motion is unknown or the member is not among its voters"
        case .badStance: return "this stance does not count: a stance is its member's own, on a known decision, agree, abstain, object, block or withdrawn, and an objection or a block says why"
        case .tooLong: return "\(what.isEmpty ? "a text" : what) holds at most \(VisionLimits.maximumBytes(kind: self.kind, field: self.field ?? "")) bytes: shorten it"
        }
    }
}
