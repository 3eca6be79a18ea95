import EntenteCore

/// Exit terms by kind of exit, agreed before anyone leaves.
extension Workspace {
    /// Records the terms for one kind of exit: the collective's (default), or this member's own
    /// (`mine`), optionally for one stage.
    public func setExitTerms(kind rawKind: String, mine: Bool = false, stage rawStage: String? = nil, noticeDays: Int? = nil,
                             keeps rawKeeps: String? = nil, settlement rawSettlement: String? = nil, keepsShare rawShare: String? = nil,
                             reviewOn rawReview: String? = nil) throws -> ActionOutcome {
        let kind = try Input.choice(rawKind, ExitKind.self, option: Phrase("the kind of exit", fr: "le type de départ"))
        if let noticeDays, noticeDays < 0 {
            throw ActionError(Phrase("--notice is a number of days, 0 or more; for example --notice 30",
                                     fr: "--notice est un nombre de jours, 0 ou plus ; par exemple --notice 30"))
        }
        let share = try Self.optional(rawShare).map { try Money.thousandths($0, percent: true, what: "--keeps-share") }
        if let share, share > ValueRule.one {
            throw ActionError(Phrase("--keeps-share is the part of their share the leaver keeps: 0 % to 100 %",
                                     fr: "--keeps-share est la part de sa part que garde la personne qui part : de 0 % à 100 %"))
        }
        let keeps = Self.optional(rawKeeps), settlement = Self.optional(rawSettlement)
        guard noticeDays != nil || keeps != nil || settlement != nil || share != nil else {
            throw ActionError(Phrase("say at least one term: --notice, --keeps, --settlement or --keeps-share",
                                     fr: "donnez au moins une condition : --notice, --keeps, --settlement ou --keeps-share"))
        }
        let review = try Self.optional(rawReview).map { try self.reviewDate($0, option: "--review-on") }
        let stage = try Self.optional(rawStage).map { try self.stage($0) }
        let me = mine ? try self.me() : nil
        let whose = me.map { "\($0.name)'s" } ?? "the collective's"
        let change = try self.commit { change in
            let record = change.create(RecordKind.exitTerms)
            change.set(record, ExitTerms.Field.kind, .string(kind.rawValue))
            if let me { change.set(record, ExitTerms.Field.member, .record(me.id)) }
            if let stage { change.set(record, ExitTerms.Field.stage, .record(stage.id)) }
            if let noticeDays { change.set(record, ExitTerms.Field.noticeDays, .int(Int64(noticeDays))) }
            if let keeps { change.set(record, ExitTerms.Field.keeps, .string(keeps)) }
            if let settlement { change.set(record, ExitTerms.Field.settlement, .string(settlement)) }
            if let share { change.set(record, ExitTerms.Field.keepsShare, .int(share)) }
            if let review { change.set(record, ExitTerms.Field.reviewOn, .string(review)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Recorded \(whose) exit terms for \(kind.rawValue)\(stage.map { " at stage \($0.title)" } ?? "").",
            fr: "Conditions de sortie \(me.map { "de \($0.name)" } ?? "du collectif") pour « \(Vocabulary.exit(kind).french) »\(stage.map { " à l'étape « \($0.title) »" } ?? "") enregistrées."))
    }

    /// The terms that apply to `member` leaving by `kind` at `stage`, in words.
    public func exitTermsInWords(member: Member, stage: Stage?, kind: ExitKind) -> Phrase {
        guard let terms = ExitTerms.applying(to: member.id, stage: stage?.id, kind: kind, in: self.records) else {
            return Phrase("No exit terms were agreed for \(kind.rawValue): agree them with `entente exit add \(kind.rawValue) ...`.",
                          fr: "Aucune condition de sortie n'a été convenue pour « \(Vocabulary.exit(kind).french) » : convenez-en avec `entente exit add \(kind.rawValue) ...`.")
        }
        var english: [String] = [], french: [String] = []
        if let days = terms.noticeDays { english.append("notice \(days) days"); french.append("préavis de \(days) jours") }
        if let share = terms.keepsShare {
            english.append("keeps \(Money.ratio(share, percent: true)) of their share"); french.append("garde \(Money.ratio(share, percent: true, language: .french)) de sa part")
        }
        if let keeps = terms.keeps { english.append("keeps: \(keeps)"); french.append("garde : \(keeps)") }
        if let settlement = terms.settlement { english.append("settlement: \(settlement)"); french.append("règlement : \(settlement)") }
        if let review = terms.reviewOn { english.append("to review on \(review)"); french.append("à revoir le \(Dates.shown(review, language: .french))") }
        let whose = terms.member != nil ? Phrase("\(member.name)'s own terms", fr: "conditions propres à \(member.name)")
            : Phrase("the collective's terms", fr: "conditions du collectif")
        return Phrase("Terms for \(kind.rawValue) (\(whose.english)): \(english.joined(separator: "; ")).",
                      fr: "Conditions pour « \(Vocabulary.exit(kind).french) » (\(whose.french)) : \(french.joined(separator: " ; ")).")
    }
}
