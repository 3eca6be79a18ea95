import EntenteCore

extension ChangeWords {
    /// A field's value as a person reads it, in both languages: a choice in words (`crainte`,
    /// `tenu`), a date as dates are shown, a member by name, a record by its label, text quoted.
    /// Without `quoted`, text is given bare (for a page that sets its own quotes).
    public func valueInWords(kind: String, field: String, _ value: Value, quoted: Bool = true) -> Phrase {
        if let choice = Self.choice(kind: kind, field: field, value) { return choice }
        if case .string(let text) = value, Self.dateFields.contains(field), Dates.dayNumber(text) != nil {
            return Phrase(text, fr: Dates.shown(text, language: .french))
        }
        if case .int(let number) = value { return Phrase(String(number), fr: String(number)) }
        if case .bool(let flag) = value { return flag ? Phrase("yes", fr: "oui") : Phrase("no", fr: "non") }
        if !quoted, case .string(let text) = value { return Phrase(text, fr: text) }
        let shown = self.display(value)
        return Self.typeset(Phrase(shown, fr: shown))
    }

    /// The fields that hold dates.
    static let dateFields: Set<String> = ["due", "date", "start", "end", "leftOn", "reviewOn", "renewOn", "raisedOn", "on"]

    static func choice(kind: String, field: String, _ value: Value) -> Phrase? {
        guard case .string(let raw) = value else { return nil }
        func word<T: Keyword>(_ type: T.Type) -> Phrase? { T(rawValue: raw)?.words }
        switch (kind, field) {
        case (RecordKind.commitment, Commitment.Field.status): return word(Commitment.Status.self)
        case (RecordKind.risk, Risk.Field.status): return word(Risk.Status.self)
        case (RecordKind.risk, Risk.Field.zone): return word(Risk.Zone.self)
        case (RecordKind.expectation, Expectation.Field.status): return word(Expectation.Status.self)
        case (RecordKind.expectation, Expectation.Field.type): return word(Expectation.Kind.self)
        case (RecordKind.stage, Stage.Field.status): return word(Stage.Status.self)
        case (RecordKind.decision, Decision.Field.status): return word(Decision.Status.self)
        case (RecordKind.stance, Stance.Field.position): return word(Stance.Position.self)
        case (RecordKind.phaseCheckIn, PhaseCheckIn.Field.phase): return word(PhaseCheckIn.Phase.self)
        case (RecordKind.complementarity, Complementarity.Field.type): return word(Complementarity.Kind.self)
        case (RecordKind.contribution, Contribution.Field.type): return word(ContributionType.self)
        case (RecordKind.exitTerms, ExitTerms.Field.kind): return word(ExitKind.self)
        default: return nil
        }
    }
}
