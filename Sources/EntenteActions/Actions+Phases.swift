import EntenteCore

/// Phase check-ins: the phase each member believes the partnership is in.
extension Workspace {
    public func checkIn(phase rawPhase: String, on rawDate: String? = nil, note rawNote: String? = nil, member: String? = nil) throws -> ActionOutcome {
        let phase = try Input.choice(rawPhase, PhaseCheckIn.Phase.self, option: "the phase")
        let date = try Input.date(rawDate, option: "--on")
        let note = Self.optional(rawNote)
        let member = try self.member(orMe: member)
        let change = try self.commit(message: "\(member.name) sees \(phase.rawValue) on \(date)") { change in
            let record = change.create(RecordKind.phaseCheckIn)
            change.set(record, PhaseCheckIn.Field.member, .record(member.id))
            change.set(record, PhaseCheckIn.Field.date, .string(date))
            change.set(record, PhaseCheckIn.Field.phase, .string(phase.rawValue))
            if let note { change.set(record, PhaseCheckIn.Field.note, .string(note)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) sees \(phase.rawValue) on \(date).",
            fr: "\(member.name) voit une phase de \(Vocabulary.phase(phase).french) le \(date)."))
    }
}
