/// Contributions whose valuations diverge beyond a threshold ("désaccords sur la valeur
/// attribuée au travail fourni"): each one is worth raising as a `value-of-work` risk.
///
/// The divergence of a contribution is `(highest − lowest) / highest` over its current
/// valuations (at least two, highest > 0); it is flagged when it is strictly greater than the
/// threshold. A threshold of 0.3 flags 100 vs 60 (0.4) but not 100 vs 75 (0.25).
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
        self.items = contributions.compactMap { contribution in
            let mine = valuations.filter { $0.contribution == contribution.id }
            let values = mine.compactMap(\.value)
            guard values.count >= 2, let low = values.min(), let high = values.max() else { return nil }
            let divergence = high > 0 ? (Double(high) - Double(low)) / Double(high) : (high == low ? 0 : 1)
            return Item(contribution: contribution.id, lowest: low, highest: high, divergence: divergence,
                        valuations: mine, flagged: divergence > threshold)
        }
    }
}
