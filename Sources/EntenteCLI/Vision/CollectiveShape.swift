import EntenteActions
import EntenteCore

/// The JSON shape of the collective (`entente collective show --json`, and the board's
/// `collective`).
struct CollectiveShape: Encodable {
    var id: String
    var name: String
    @Nullable var purpose: String?
    @Nullable var vision: String?
    var conflicts: [String]

    init(_ collective: Collective) {
        self.id = collective.id.hex
        self.name = collective.name
        self.purpose = collective.purpose
        self.vision = collective.vision
        self.conflicts = collective.record.conflictedFields
    }
}
