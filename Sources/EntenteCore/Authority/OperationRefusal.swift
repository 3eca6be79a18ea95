/// An operation that a signed change carried but was not allowed to make: it stays in the
/// log as signed evidence and has no effect on the state (`Protocol/VISION.md`, "Authority").
public struct OperationRefusal: Hashable, Sendable {
    /// Why an operation has no effect. The raw values are part of the format (`entente audit
    /// --json`, the `refusals` table).
    public enum Rule: String, Sendable, CaseIterable {
        /// The author's key was not admitted in the change's causal past.
        case notAMember = "not-a-member"
        /// The author's member was archived in the change's causal past.
        case removed
        /// The author's device was revoked in the change's causal past.
        case revoked
        /// Creates a collective, or writes a founding field, outside the founding change.
        case founding
        /// Writes to a record that is not in the change's causal past.
        case unknownRecord = "unknown-record"
        /// Writes a field that is fixed when its record is created.
        case fixed
        /// Writes a member's own act or view without being that member.
        case personal
        /// Adds or removes another member than the author in a set of personal stances.
        case ownElement = "own-element"
        /// Accepts a commitment that is not owed to the author.
        case notOwed = "not-owed"
        /// Archives or restores a member by a direct write instead of a motion.
        case consentRequired = "consent-required"
        /// A device that may not be admitted (key taken, member archived, or another
        /// member's device linked by someone else).
        case badDevice = "bad-device"
        /// A motion on a member that breaks the motion rules (a revoke included).
        case badMotion = "bad-motion"
        /// A consent that does not count (unknown motion, not a voter, not the author's own).
        case badConsent = "bad-consent"
        /// A stance that does not count: not the author's own, on no known decision, an
        /// unknown position, or an objection or block without its reason.
        case badStance = "bad-stance"
        /// Writes a text longer than its field may hold (``VisionLimits``).
        case tooLong = "too-long"
    }

    public var change: ChangeID
    public var author: AuthorKey
    public var operation: Int
    public var rule: Rule
    public var record: RecordID
    /// The record's kind, when known.
    public var kind: String?
    public var field: String?
    /// The member whose act this was, for `personal` (who may do it instead).
    public var owner: RecordID?

    public init(change: ChangeID, author: AuthorKey, operation: Int, rule: Rule, record: RecordID, kind: String?, field: String?, owner: RecordID?) {
        self.change = change
        self.author = author
        self.operation = operation
        self.rule = rule
        self.record = record
        self.kind = kind
        self.field = field
        self.owner = owner
    }
}
