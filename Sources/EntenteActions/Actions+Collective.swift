import EntenteCore

/// The collective itself: its name, purpose and shared vision statement.
extension Workspace {
    /// Changes the collective's name, purpose or vision statement; at least one must be given.
    public func updateCollective(name rawName: String? = nil, purpose: String? = nil, vision: String? = nil) throws -> ActionOutcome {
        let name = try rawName.map { try Input.text($0, Phrase("the collective's name", fr: "le nom du collectif"), example: "--name \"Atelier Nord\"") }
        guard name != nil || purpose != nil || vision != nil else {
            throw ActionError(Phrase("give at least one of '--name', '--purpose' or '--vision'",
                                     fr: "donnez au moins un de « --name », « --purpose » ou « --vision »"))
        }
        let collective = try self.collective()
        let changed = [name.map { _ in "name" }, purpose.map { _ in "purpose" }, vision.map { _ in "vision" }].compactMap { $0 }
        let french = [name.map { _ in "nom" }, purpose.map { _ in "raison d'être" }, vision.map { _ in "vision" }].compactMap { $0 }
        let change = try self.commit { change in
            if let name { change.set(collective.id, Collective.Field.name, .string(name)) }
            if let purpose { change.set(collective.id, Collective.Field.purpose, .string(purpose)) }
            if let vision { try Collective.setVision(vision, on: collective.id, in: &change) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated the collective's \(changed.joined(separator: ", ")).",
            fr: "Collectif modifié : \(french.joined(separator: ", "))."))
    }
}
