import EntenteCore

/// What an action did: the one signed change it recorded (none when there was nothing to
/// record), the record it created, and a sentence for the person who asked.
public struct ActionOutcome: Sendable {
    public var change: SignedChange?
    public var created: RecordID?
    public var summary: Phrase

    public init(change: SignedChange?, created: RecordID? = nil, summary: Phrase) {
        self.change = change
        self.created = created
        self.summary = summary
    }
}
