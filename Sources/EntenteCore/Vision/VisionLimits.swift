/// Named limits on the texts members write (`Protocol/VISION.md`, "Authority", rule 0): the
/// core refuses a longer one in every change, local or a peer's, so no view ever has to show
/// more than this per field.
public enum VisionLimits {
    /// The longest member or collective name, in UTF-8 bytes.
    public static let maximumNameBytes = 128
    /// The longest other text a field holds (a title, a note, a reason, a set element), in
    /// UTF-8 bytes: about a page.
    public static let maximumTextBytes = 4_000
    /// The most presence proofs a meeting record's `presence` field is read with
    /// (``PresenceProof``); a field holding more reads as holding none, so nobody counts as
    /// present but the recorder.
    public static let maximumPresenceProofs = 256

    /// The longest string `field` of a record of `kind` may hold, in UTF-8 bytes.
    public static func maximumBytes(kind: String?, field: String) -> Int {
        switch (kind, field) {
        case (RecordKind.member?, Member.Field.name), (RecordKind.collective?, Collective.Field.name): return self.maximumNameBytes
        default: return self.maximumTextBytes
        }
    }

    /// Whether `value` is a string longer than `field` of `kind` may hold.
    public static func isTooLong(_ value: Value?, kind: String?, field: String) -> Bool {
        guard let text = value?.string else { return false }
        return text.utf8.count > self.maximumBytes(kind: kind, field: field)
    }
}
