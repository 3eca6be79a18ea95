import EntenteCore

/// Engaging in a stage, on one's own entry and exit terms.
extension Workspace {
    public func engage(stage query: String, engaged: Bool = true, entryTerms rawEntry: String? = nil, exitTerms rawExit: String? = nil,
                       member rawMember: String? = nil) throws -> ActionOutcome {
        let stage = try self.stage(query)
        let member = try self.member(orMe: rawMember)
        let entry = Self.optional(rawEntry), exit = Self.optional(rawExit)
        let existing = self.vision.engagements.first { $0.stage == stage.id && $0.member == member.id }
        let change = try self.commit(message: "\(member.name) \(engaged ? "engages in" : "does not engage in") stage \(stage.title)") { change in
            let record: RecordID
            if let existing {
                record = existing.id
            } else {
                record = change.create(RecordKind.engagement)
                change.set(record, Engagement.Field.stage, .record(stage.id))
                change.set(record, Engagement.Field.member, .record(member.id))
            }
            change.set(record, Engagement.Field.engaged, .bool(engaged))
            if let entry { change.set(record, Engagement.Field.entryTerms, .string(entry)) }
            if let exit { change.set(record, Engagement.Field.exitTerms, .string(exit)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) \(engaged ? "engages in" : "does not engage in") stage \(stage.title).",
            fr: "\(member.name) \(engaged ? "s'engage dans" : "ne s'engage pas dans") l'étape « \(stage.title) »."))
    }
}
