import EntenteCore

/// Risks: raised early, scored, followed.
extension Workspace {
    public func raiseRisk(_ rawDescription: String, zone rawZone: String = Risk.Zone.other.rawValue, likelihood rawLikelihood: Int, impact rawImpact: Int,
                          owner rawOwner: String? = nil, mitigation rawMitigation: String? = nil, by: String? = nil, on rawDate: String? = nil) throws -> ActionOutcome {
        let description = try Input.text(rawDescription, Phrase("the description", fr: "la description"), example: "\"Bob may leave for a salaried job\"")
        let zone = try Input.choice(rawZone, Risk.Zone.self, option: "--zone")
        let likelihood = try Input.score(rawLikelihood, option: "--likelihood")
        let impact = try Input.score(rawImpact, option: "--impact")
        let date = try Input.date(rawDate, option: "--on")
        let raisedBy = try self.member(orMe: by)
        let owner = try Self.optional(rawOwner).map { try self.member($0) }
        let mitigation = Self.optional(rawMitigation)
        var created: RecordID?
        let change = try self.commit { change in
            let risk = change.create(RecordKind.risk)
            change.set(risk, Risk.Field.zone, .string(zone.rawValue))
            change.set(risk, Risk.Field.description, .string(description))
            change.set(risk, Risk.Field.likelihood, .int(likelihood))
            change.set(risk, Risk.Field.impact, .int(impact))
            change.set(risk, Risk.Field.status, .string(Risk.Status.open.rawValue))
            change.set(risk, Risk.Field.raisedBy, .record(raisedBy.id))
            change.set(risk, Risk.Field.raisedOn, .string(date))
            if let owner { change.set(risk, Risk.Field.owner, .record(owner.id)) }
            if let mitigation { change.set(risk, Risk.Field.mitigation, .string(mitigation)) }
            created = risk
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        // Both scores are 1...5, so the product cannot overflow.
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Raised risk \(short) (\(zone.rawValue), score \(likelihood * impact)).",
            fr: "Risque \(short) signalé (\(Vocabulary.zone(zone).french), score \(likelihood * impact))."))
    }

    public func updateRisk(_ query: String, likelihood: Int? = nil, impact: Int? = nil, owner rawOwner: String? = nil, mitigation: String? = nil,
                           status rawStatus: String? = nil, zone rawZone: String? = nil) throws -> ActionOutcome {
        var writes: [(String, Value)] = []
        if let likelihood { writes.append((Risk.Field.likelihood, .int(try Input.score(likelihood, option: "--likelihood")))) }
        if let impact { writes.append((Risk.Field.impact, .int(try Input.score(impact, option: "--impact")))) }
        if let rawStatus { writes.append((Risk.Field.status, .string(try Input.choice(rawStatus, Risk.Status.self, option: "--status").rawValue))) }
        if let rawZone { writes.append((Risk.Field.zone, .string(try Input.choice(rawZone, Risk.Zone.self, option: "--zone").rawValue))) }
        if let mitigation { writes.append((Risk.Field.mitigation, .string(mitigation))) }
        let risk = try self.find(query, kind: RecordKind.risk, Risk.init)
        if let rawOwner { writes.append((Risk.Field.owner, .record(try self.member(rawOwner).id))) }
        guard !writes.isEmpty else {
            throw ActionError(Phrase("give at least one of '--likelihood', '--impact', '--owner', '--mitigation', '--status' or '--zone'",
                                     fr: "donnez au moins un de « --likelihood », « --impact », « --owner », « --mitigation », « --status » ou « --zone »"))
        }
        let english = writes.map { ChangeWords.fieldName($0.0).english }.joined(separator: ", ")
        let french = writes.map { ChangeWords.fieldName($0.0).french }.joined(separator: ", ")
        let title = Excerpt.of(risk.description, characters: Excerpt.confirmation)
        let change = try self.commit { change in
            for (field, value) in writes { change.set(risk.id, field, value) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated risk \(risk.id.short) “\(title)”: \(english).",
            fr: "Risque \(risk.id.short) « \(title) » modifié : \(french)."))
    }

    /// Archives a risk (nothing is deleted).
    public func archiveRisk(_ query: String) throws -> ActionOutcome {
        let risk = try self.find(query, kind: RecordKind.risk, Risk.init)
        return try self.archive(risk.id, summary: Phrase(
            "Archived risk \(risk.id.short) “\(Excerpt.of(risk.description, characters: Excerpt.confirmation))”.",
            fr: "Risque \(risk.id.short) « \(Excerpt.of(risk.description, characters: Excerpt.confirmation)) » archivé."))
    }
}
