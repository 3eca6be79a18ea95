extension RecordKind {
    /// The collective's rule turning contributions into shares: see ``ValueRule``.
    public static let valueRule = "valueRule"
}

/// What a contribution is, for the value rule (Slicing Pie, DisCO): paid work for a client,
/// work for the commons, care work, or cash put in.
public enum ContributionType: String, CaseIterable, Sendable {
    case billable, commons, care, cash
}

/// The rule the collective agreed, by a decision, to turn contributions into shares: a rate
/// per hour, a multiplier per contribution type (cash against time, commons, care), and an
/// optional levy for a common fund (`Protocol/VISION.md`, "`valueRule`").
///
/// Money is exact: integer minor units of `currency` (cents for EUR), never floating point.
/// Multipliers and the levy are in thousandths (1000 = ×1; a levy of 100 = 10 %).
///
/// Fields, all fixed at creation: `decision` (ref: the decision that adopts it), `currency`
/// (string, ISO 4217 code), `minorDigits` (int, 0...3), `hourRate` (int, minor units per hour),
/// `multiplier.<type>` (int, thousandths, default 1000), `levy` (int, thousandths, 0...1000).
public struct ValueRule: Hashable, Sendable {
    public enum Field {
        public static let decision = "decision"
        public static let currency = "currency"
        public static let minorDigits = "minorDigits"
        public static let hourRate = "hourRate"
        public static let levy = "levy"
        public static func multiplier(_ type: ContributionType) -> String { "multiplier." + type.rawValue }
    }

    /// Thousandths: the unit of multipliers and of the levy.
    public static let one: Int64 = 1000
    /// The largest multiplier: ×100.
    public static let maximumMultiplier: Int64 = 100_000
    public static let minorDigitsRange: ClosedRange<Int64> = 0...3

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var decision: RecordID? { self.record.ref(Field.decision) }
    public var currency: String { self.record.string(Field.currency) ?? "EUR" }
    public var minorDigits: Int64 { self.record.int(Field.minorDigits).map { min(max($0, 0), 3) } ?? 2 }
    public var hourRate: Int64 { max(0, self.record.int(Field.hourRate) ?? 0) }
    public var levy: Int64 { min(max(self.record.int(Field.levy) ?? 0, 0), Self.one) }
    public func multiplier(_ type: ContributionType) -> Int64 {
        min(max(self.record.int(Field.multiplier(type)) ?? Self.one, 0), Self.maximumMultiplier)
    }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.valueRule else { return nil }
        self.record = record
    }

    /// The rule in force: the newest (creation order) rule whose decision is adopted.
    public static func inForce(_ vision: Vision) -> ValueRule? {
        // The vision's records are already in creation order.
        self.newestAdopted(vision.records)
    }

    /// The rule in force among `records` (in any order), without reading a whole vision.
    public static func inForce(in records: [RecordState]) -> ValueRule? {
        self.newestAdopted(records.filter { $0.kind == RecordKind.valueRule || $0.kind == RecordKind.decision }.inCreationOrder)
    }

    static func newestAdopted(_ ordered: [RecordState]) -> ValueRule? {
        let adopted = Set(ordered.compactMap(Decision.init).filter { !$0.record.isArchived && $0.status == .adopted }.map(\.id))
        return ordered.compactMap(ValueRule.init).filter { !$0.record.isArchived && $0.decision.map(adopted.contains) == true }.last
    }

    /// What one contribution is worth under this rule, in minor units; nil when it cannot be
    /// computed (no hours or amount) or would not fit in 64 bits.
    ///
    /// Time: `hours × hourRate × multiplier / 1000`; cash: `amount × multiplier / 1000`;
    /// the division rounds half away from zero.
    public func value(of contribution: Contribution) -> Int64? {
        let type = contribution.type
        let base: Int64
        if type == .cash {
            guard let amount = contribution.amount, amount >= 0 else { return nil }
            base = amount
        } else {
            guard let hours = contribution.effort, hours >= 0 else { return nil }
            let (product, overflow) = hours.multipliedReportingOverflow(by: self.hourRate)
            guard !overflow else { return nil }
            base = product
        }
        let (scaled, overflow) = base.multipliedReportingOverflow(by: self.multiplier(type))
        guard !overflow else { return nil }
        return Self.divideRounding(scaled, by: Self.one)
    }

    /// `value / divisor` rounded half away from zero (both non-negative here).
    static func divideRounding(_ value: Int64, by divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder * 2 >= divisor ? quotient + 1 : quotient
    }
}

/// Each member's share under the rule in force: the sum of the values of their contributions,
/// less the levy, which goes to the common fund.
public struct ValueShares: Hashable, Sendable {
    public struct Share: Hashable, Sendable {
        public var member: RecordID
        /// Before the levy.
        public var gross: Int64
        /// What the levy leaves: `gross − round(gross × levy / 1000)`.
        public var net: Int64
    }

    public var rule: ValueRule?
    /// Each contribution's value, in minor units.
    public var values: [RecordID: Int64]
    public var shares: [Share]
    /// The sum of the levies.
    public var fund: Int64
    /// Contributions left out: no hours or amount, or a value too large to count.
    public var uncounted: [RecordID]

    public init(_ vision: Vision) {
        self.rule = ValueRule.inForce(vision)
        var values: [RecordID: Int64] = [:], gross: [RecordID: Int64] = [:], uncounted: [RecordID] = []
        if let rule = self.rule {
            for contribution in vision.contributions {
                guard let member = contribution.member, let value = rule.value(of: contribution) else {
                    uncounted.append(contribution.id)
                    continue
                }
                let (sum, overflow) = gross[member, default: 0].addingReportingOverflow(value)
                guard !overflow else {
                    uncounted.append(contribution.id)
                    continue
                }
                values[contribution.id] = value
                gross[member] = sum
            }
        }
        self.values = values
        self.uncounted = uncounted
        var fund: Int64 = 0
        let levy = self.rule?.levy ?? 0
        self.shares = vision.members.compactMap { member in
            guard let total = gross[member.id] else { return nil }
            // total ≤ Int64.max and levy ≤ 1000: compute the levy without overflowing.
            let (quotient, remainder) = total.quotientAndRemainder(dividingBy: ValueRule.one)
            let taken = quotient * levy + ValueRule.divideRounding(remainder * levy, by: ValueRule.one)
            fund = fund.addingReportingOverflow(taken).overflow ? fund : fund + taken
            return Share(member: member.id, gross: total, net: total - taken)
        }
        self.fund = fund
    }
}
