import EntenteActions
import EntenteCore

/// The JSON shape of an expectation, interest or concern (`entente expectation list --json`).
struct ExpectationShape: Encodable {
    var id: String
    var type: String
    var text: String
    @Nullable var statedBy: String?
    var statedByName: String
    var status: String
    var acknowledgedBy: [String]
    /// Names of the active members who have not acknowledged it yet.
    var notYetAcknowledgedBy: [String]
    var conflicts: [String]

    init(_ expectation: Expectation, _ vision: Vision) {
        self.id = expectation.id.hex
        self.type = expectation.kind.rawValue
        self.text = expectation.text
        self.statedBy = expectation.statedBy?.hex
        self.statedByName = vision.name(expectation.statedBy)
        self.status = expectation.status.rawValue
        self.acknowledgedBy = expectation.acknowledgedBy.map { vision.name($0) }
        self.notYetAcknowledgedBy = expectation.missingAcknowledgements(among: vision.members).map { vision.name($0) }
        self.conflicts = expectation.record.conflictedFields
    }
}
