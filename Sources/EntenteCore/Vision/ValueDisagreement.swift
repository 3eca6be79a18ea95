/// Contributions whose valuations diverge beyond a threshold ("désaccords sur la valeur
/// attribuée au travail fourni"): each one is worth raising as a `value-of-work` risk.
///
/// The divergence of a contribution is `(highest − lowest) / highest` over its current
/// valuations (at least two, highest > 0); it is flagged when it is strictly greater than the
/// threshold. A threshold of 0.3 flags 100 vs 60 (0.4) but not 100 vs 75 (0.25).
///
/// When a value rule is in force (``ValueRule``), valuations are read in its currency's major
/// units and each is also compared with the rule's value of the contribution: a valuation
/// whose divergence from it, `|v − r| / max(v, r)`, is over the threshold is *off the rule*,
/// and its contribution is flagged too (even with a single valuation).
public struct ValueDisagreementReport: Hashable, Sendable {
    /// The default threshold: a spread of more than 30% of the highest valuation.
    public static let defaultThreshold = 0.3

    public struct Item: Hashable, Sendable {
        public var contribution: RecordID
        public var lowest: Int64
        public var highest: Int64
        /// `(highest − lowest) / highest`.
        public var divergence: Double
        /// Each valuation as (member, value), in member-record order of creation.
        public var valuations: [Valuation]
        /// The rule's value of the contribution, in minor units, when a rule is in force.
        public var ruleValue: Int64?
        /// Members whose valuation is off the rule.
        public var offRule: [RecordID]
        public var flagged: Bool
    }

    public var threshold: Double
    /// Every contribution with at least two valuations.
    public var items: [Item]
    public var flagged: [Item] { self.items.filter(\.flagged) }

    public init(records: [RecordState], threshold: Double = Self.defaultThreshold) {
        self.threshold = threshold
        let valuations = Valuation.current(in: records)
        let contributions = records.compactMap(Contribution.init).filter { !$0.record.isArchived }
        let rule = ValueRule.inForce(in: records)
        // A valuation in major units, as minor units (10^minorDigits, at most 1000).
        let scale = rule.map { (0..<$0.minorDigits).reduce(Int64(1)) { value, _ in value * 10 } } ?? 1
        self.items = contributions.compactMap { contribution in
            let mine = valuations.filter { $0.contribution == contribution.id }
            let values = mine.compactMap(\.value)
            let ruleValue = rule?.value(of: contribution)
            guard values.count >= 2 || (ruleValue != nil && !values.isEmpty), let low = values.min(), let high = values.max() else { return nil }
            let divergence = values.count < 2 ? 0 : high > 0 ? (Double(high) - Double(low)) / Double(high) : (high == low ? 0 : 1)
            let offRule: [RecordID] = ruleValue.map { reference in
                mine.filter { valuation in
                    guard let value = valuation.value else { return false }
                    let (minor, overflow) = value.multipliedReportingOverflow(by: scale)
                    guard !overflow else { return true }
                    let top = Double(max(minor, reference))
                    return top > 0 && abs(Double(minor) - Double(reference)) / top > threshold
                }.compactMap(\.member)
            } ?? []
            return Item(contribution: contribution.id, lowest: low, highest: high, divergence: divergence, valuations: mine,
                        ruleValue: ruleValue, offRule: offRule, flagged: divergence > threshold || !offRule.isEmpty)
        }
    }
}
