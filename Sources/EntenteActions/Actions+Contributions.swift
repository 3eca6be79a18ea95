import EntenteCore

/// Contributions and what each member thinks they are worth.
extension Workspace {
    public func recordContribution(_ rawWhat: String, member rawMember: String? = nil, stage rawStage: String? = nil, effort: Int? = nil,
                                   type rawType: String? = nil, amount rawAmount: String? = nil) throws -> ActionOutcome {
        let type = try Self.optional(rawType).map { try Input.choice($0, ContributionType.self, option: "--type") }
        // Cash is counted in the minor units of the rule in force (cents when there is none).
        let digits = ValueRule.inForce(self.vision)?.minorDigits ?? 2
        let amount = try Self.optional(rawAmount).map { try Money.parse($0, digits: digits, what: "--amount") }
        if amount != nil, type != .cash {
            throw ActionError(Phrase("--amount is for cash put in: add --type cash", fr: "--amount sert à l'argent apporté : ajoutez --type argent"))
        }
        let what = try Input.text(rawWhat, Phrase("what was done", fr: "ce qui a été fait"), example: "\"Wrote the tender answer\"")
        try Self.checkEffort(effort)
        let member = try self.member(orMe: rawMember)
        let stage = try Self.optional(rawStage).map { try self.stage($0) }
        var created: RecordID?
        let change = try self.commit { change in
            let record = change.create(RecordKind.contribution)
            change.set(record, Contribution.Field.what, .string(what))
            change.set(record, Contribution.Field.member, .record(member.id))
            if let stage { change.set(record, Contribution.Field.stage, .record(stage.id)) }
            if let effort { change.set(record, Contribution.Field.effort, .int(Int64(effort))) }
            if let type { change.set(record, Contribution.Field.type, .string(type.rawValue)) }
            if let amount { change.set(record, Contribution.Field.amount, .int(amount)) }
            created = record
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Recorded contribution \(short) by \(member.name).",
            fr: "Contribution \(short) \(French.de(member.name)) enregistrée."))
    }

    /// Records this member's own valuation of a contribution, replacing their previous one.
    public func valueContribution(_ query: String, value: Int, note rawNote: String? = nil, by: String? = nil) throws -> ActionOutcome {
        guard value >= 0 else {
            throw ActionError(Phrase("a valuation cannot be negative; give 0 if you think the work is worth nothing",
                                     fr: "une évaluation ne peut pas être négative ; donnez 0 si le travail ne vaut rien selon vous"))
        }
        let note = Self.optional(rawNote)
        let contribution = try self.find(query, kind: RecordKind.contribution, Contribution.init)
        let member = try self.member(orMe: by)
        let existing = self.vision.valuations.first { $0.contribution == contribution.id && $0.member == member.id }
        let change = try self.commit { change in
            let record: RecordID
            if let existing {
                record = existing.id
            } else {
                record = change.create(RecordKind.valuation)
                change.set(record, Valuation.Field.contribution, .record(contribution.id))
                change.set(record, Valuation.Field.member, .record(member.id))
            }
            change.set(record, Valuation.Field.value, .int(Int64(value)))
            if let note { change.set(record, Valuation.Field.note, .string(note)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) values \(contribution.id.short) at \(value).",
            fr: "\(member.name) évalue \(contribution.id.short) à \(value)."))
    }

    /// Changes a contribution's text, stage or effort; at least one must be given.
    public func updateContribution(_ query: String, what rawWhat: String? = nil, stage rawStage: String? = nil, effort: Int? = nil) throws -> ActionOutcome {
        try Self.checkEffort(effort)
        let what = try rawWhat.map { try Input.text($0, Phrase("'--what'", fr: "« --what »"), example: "--what \"Wrote the tender answer\"") }
        guard what != nil || rawStage != nil || effort != nil else {
            throw ActionError(Phrase("give at least one of '--what', '--stage' or '--effort'",
                                     fr: "donnez au moins un de « --what », « --stage » ou « --effort »"))
        }
        let contribution = try self.find(query, kind: RecordKind.contribution, Contribution.init)
        let stage = try rawStage.map { try self.stage($0) }
        let english = [what.map { _ in "text" }, stage.map { "stage \($0.title)" }, effort.map { "effort \($0)h" }].compactMap { $0 }
        let french = [what.map { _ in "texte" }, stage.map { "étape \($0.title)" }, effort.map { "effort \($0) h" }].compactMap { $0 }
        let change = try self.commit { change in
            if let what { change.set(contribution.id, Contribution.Field.what, .string(what)) }
            if let stage { change.set(contribution.id, Contribution.Field.stage, .record(stage.id)) }
            if let effort { change.set(contribution.id, Contribution.Field.effort, .int(Int64(effort))) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated contribution \(contribution.id.short): \(english.joined(separator: ", ")).",
            fr: "Contribution \(contribution.id.short) modifiée : \(french.joined(separator: ", "))."))
    }

    /// Archives a contribution (nothing is deleted).
    public func archiveContribution(_ query: String) throws -> ActionOutcome {
        let contribution = try self.find(query, kind: RecordKind.contribution, Contribution.init)
        return try self.archive(contribution.id, summary: Phrase(
            "Archived contribution \(contribution.id.short).",
            fr: "Contribution \(contribution.id.short) archivée."))
    }

    static func checkEffort(_ effort: Int?) throws {
        if let effort, effort < 0 {
            throw ActionError(Phrase("--effort is in hours and cannot be negative; for example --effort 12",
                                     fr: "--effort se compte en heures et ne peut pas être négatif ; par exemple --effort 12"))
        }
    }
}
