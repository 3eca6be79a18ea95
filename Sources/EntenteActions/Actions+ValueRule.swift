import EntenteCore
import EntenteStore
import Foundation

/// The value rule: proposed with its decision, in force once the decision is adopted.
extension Workspace {
    /// Proposes a value rule: one change holding the decision that adopts it and the rule.
    /// - Parameters:
    ///   - hourRate: money per hour, as typed ("60", "60.50").
    ///   - multipliers: per contribution type, as typed ("0.5", "2").
    ///   - levy: the common fund's part, as typed ("10 %"), or nil for none.
    public func proposeValueRule(currency rawCurrency: String = "EUR", hourRate rawRate: String, multipliers rawMultipliers: [String: String] = [:],
                                 levy rawLevy: String? = nil, driver: String? = nil) throws -> ActionOutcome {
        let currency = rawCurrency.trimmingCharacters(in: .whitespaces).uppercased()
        guard currency.count == 3, currency.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw ActionError(Phrase("'\(rawCurrency)' is not a currency code; use three letters such as EUR, CHF or XOF",
                                     fr: "« \(rawCurrency) » n'est pas un code de monnaie ; utilisez trois lettres comme EUR, CHF ou XOF"))
        }
        let digits = Money.minorDigits[currency] ?? 2
        let rate = try Money.parse(rawRate, digits: digits, what: "--rate")
        var multipliers: [(ContributionType, Int64)] = []
        for (name, text) in rawMultipliers.sorted(by: { $0.key < $1.key }) {
            let type = try Input.choice(name, ContributionType.self, option: "--multiplier")
            let value = try Money.thousandths(text, percent: false, what: "--multiplier \(type.rawValue)")
            guard value <= ValueRule.maximumMultiplier else {
                throw ActionError(Phrase("a multiplier of at most ×100, not \(text)", fr: "un multiplicateur d'au plus ×100, pas \(text)"))
            }
            multipliers.append((type, value))
        }
        let levy = try Self.optional(rawLevy).map { try Money.thousandths($0, percent: true, what: "--levy") } ?? 0
        guard levy <= ValueRule.one else {
            throw ActionError(Phrase("the levy is a part of each share: from 0 % to 100 %, not \(rawLevy ?? "")",
                                     fr: "le prélèvement est une part de chaque part : de 0 % à 100 %, pas \(rawLevy ?? "")"))
        }
        let me = try self.me()
        var decisionID: RecordID?
        let change = try self.commit { change in
            let decision = change.create(RecordKind.decision)
            // No text: the decision is named from its rule, in each reader's language (DecisionTitles).
            change.set(decision, Decision.Field.proposedBy, .record(me.id))
            change.set(decision, Decision.Field.status, .string(Decision.Status.open.rawValue))
            if let driver = Self.optional(driver) { change.set(decision, Decision.Field.driver, .string(driver)) }
            let rule = change.create(RecordKind.valueRule)
            change.set(rule, ValueRule.Field.decision, .record(decision))
            change.set(rule, ValueRule.Field.currency, .string(currency))
            change.set(rule, ValueRule.Field.minorDigits, .int(digits))
            change.set(rule, ValueRule.Field.hourRate, .int(rate))
            change.set(rule, ValueRule.Field.levy, .int(levy))
            for (type, value) in multipliers { change.set(rule, ValueRule.Field.multiplier(type), .int(value)) }
            change.add(decision, Decision.Field.links, .record(rule))
            decisionID = decision
        }
        decisionID = decisionID.map(change.resolve)
        let short = decisionID?.short ?? "?"
        let rule = try self.replica.records(kind: RecordKind.valueRule).compactMap(ValueRule.init).first { $0.decision == decisionID }
        let described = rule.map(ValueRuleWords.described) ?? Phrase("?", fr: "?")
        return ActionOutcome(change: change, created: decisionID, summary: Phrase(
            "Proposed the value rule (\(described.english)) as decision \(short); it applies once the decision is adopted.",
            fr: "Règle de valeur proposée (\(described.french)) comme décision \(short) ; elle s'applique une fois la décision adoptée."))
    }
}
