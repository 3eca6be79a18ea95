import EntenteCore

/// Phase check-ins: the phase each member believes the partnership is in.
extension Workspace {
    public func checkIn(phase rawPhase: String, on rawDate: String? = nil, note rawNote: String? = nil, member: String? = nil) throws -> ActionOutcome {
        let phase = try Input.choice(rawPhase, PhaseCheckIn.Phase.self, option: Phrase("the phase", fr: "la phase"))
        let date = try Input.date(rawDate, option: "--on")
        let note = Self.optional(rawNote)
        let member = try self.member(orMe: member)
        let change = try self.commit { change in
            let record = change.create(RecordKind.phaseCheckIn)
            change.set(record, PhaseCheckIn.Field.member, .record(member.id))
            change.set(record, PhaseCheckIn.Field.date, .string(date))
            change.set(record, PhaseCheckIn.Field.phase, .string(phase.rawValue))
            if let note { change.set(record, PhaseCheckIn.Field.note, .string(note)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) sees \(phase.rawValue) on \(date).",
            fr: "\(member.name) voit une phase \(French.de(Vocabulary.phase(phase).french)) le \(Dates.shown(date, language: .french))."))
    }
}

/// Withdrawing one's own check-in or valuation: a recorded withdrawal (the record is archived,
/// its history stays), never a deletion. Only its member can.
extension Workspace {
    /// Withdraws this member's check-in `query` (an id prefix), or their latest one.
    public func withdrawCheckIn(_ query: String? = nil) throws -> ActionOutcome {
        let me = try self.me()
        let checkIn: PhaseCheckIn
        if let query = Self.optional(query) {
            checkIn = try self.find(query, kind: RecordKind.phaseCheckIn, PhaseCheckIn.init)
        } else {
            guard let latest = self.vision.checkIns.last(where: { $0.member == me.id }) else {
                throw ActionError(Phrase("you have no phase check-in to withdraw", fr: "vous n'avez pas de relevé de phase à retirer"))
            }
            checkIn = latest
        }
        let phase = checkIn.phase.map { $0.rawValue } ?? "?"
        return try self.archive(checkIn.id, summary: Phrase(
            "Withdrew the check-in of \(checkIn.date) (\(phase)); it stays in the history.",
            fr: "Relevé du \(checkIn.date) (\(checkIn.phase.map { Vocabulary.phase($0).french } ?? "?")) retiré ; il reste dans l'historique."))
    }

    /// Withdraws this member's valuation of a contribution.
    public func withdrawValuation(_ query: String) throws -> ActionOutcome {
        let contribution = try self.find(query, kind: RecordKind.contribution, Contribution.init)
        let me = try self.me()
        guard let valuation = self.vision.valuations.first(where: { $0.contribution == contribution.id && $0.member == me.id }) else {
            throw ActionError(Phrase("you have not valued \(contribution.id.short); nothing to withdraw",
                                     fr: "vous n'avez pas évalué \(contribution.id.short) ; rien à retirer"))
        }
        return try self.archive(valuation.id, summary: Phrase(
            "Withdrew your valuation of \(contribution.id.short); it stays in the history.",
            fr: "Votre évaluation de \(contribution.id.short) est retirée ; elle reste dans l'historique."))
    }
}
