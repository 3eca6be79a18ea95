import EntenteCore

/// What a decision is called for people. A decision a member proposed is called by its text;
/// one the tool made (the decision that adopts a value rule) is named at display time, in the
/// reader's language, from the rule it carries: nothing generated is stored in one language.
public struct DecisionTitles {
    private let rules: [RecordID: ValueRule]

    public init(_ records: [RecordState]) {
        var rules: [RecordID: ValueRule] = [:]
        for rule in records.compactMap(ValueRule.init) {
            if let decision = rule.decision, rules[decision] == nil { rules[decision] = rule }
        }
        self.rules = rules
    }

    public init(_ vision: Vision) { self.init(vision.records) }

    /// The value rule `decision` adopts, found by one scan of `records` (for a single lookup;
    /// a list builds a ``DecisionTitles`` once).
    public static func rule(of decision: RecordID, in records: [RecordState]) -> ValueRule? {
        records.lazy.compactMap(ValueRule.init).first { $0.decision == decision }
    }

    /// The decision's title in both languages.
    public func title(_ decision: Decision) -> Phrase {
        if let rule = self.rules[decision.id] { return ValueRuleWords.title(rule) }
        return Phrase(decision.text, fr: decision.text)
    }

    /// The title of the decision record `id` (its text when it adopts no rule).
    public func title(of record: RecordState) -> Phrase? {
        guard let decision = Decision(record) else { return nil }
        return self.title(decision)
    }
}

/// A value rule in words.
public enum ValueRuleWords {
    /// "60.00 EUR an hour, care ×0.5, levy 10 % for the common fund"; in French "60,00 EUR de
    /// l'heure, soin ×0,5, prélèvement 10 % pour le fonds commun". Multipliers of ×1 are left out.
    public static func described(_ rule: ValueRule) -> Phrase {
        let changed = ContributionType.allCases.filter { rule.multiplier($0) != ValueRule.one }
        let english = [Money.format(rule.hourRate, digits: rule.minorDigits, currency: rule.currency) + " an hour"]
            + changed.map { "\($0.rawValue) \(Money.ratio(rule.multiplier($0), percent: false))" }
            + (rule.levy > 0 ? ["levy \(Money.ratio(rule.levy, percent: true)) for the common fund"] : [])
        let french = [Money.format(rule.hourRate, digits: rule.minorDigits, currency: rule.currency, language: .french) + " de l'heure"]
            + changed.map { "\($0.words.french) \(Money.ratio(rule.multiplier($0), percent: false, language: .french))" }
            + (rule.levy > 0 ? ["prélèvement \(Money.ratio(rule.levy, percent: true, language: .french)) pour le fonds commun"] : [])
        return Phrase(english.joined(separator: ", "), fr: french.joined(separator: ", "))
    }

    /// "Value rule: …", « Règle de valeur : … ».
    public static func title(_ rule: ValueRule) -> Phrase {
        let described = self.described(rule)
        return Phrase("Value rule: " + described.english, fr: "Règle de valeur : " + described.french)
    }
}
