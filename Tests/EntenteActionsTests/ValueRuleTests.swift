import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// The value rule, computed exactly: money in minor units, ratios in thousandths.
@Suite struct ValueRuleTests {
    @Test(arguments: [
        // (typed, digits, minor units or nil when refused)
        ("60", 2, 6000), ("60.5", 2, 6050), ("60,50", 2, 6050), ("1 234,56", 2, 123_456), ("0", 2, 0), ("0.01", 2, 1),
        ("60", 0, 60), ("1.234", 3, 1234),
    ] as [(String, Int64, Int64)])
    func amountsAreReadExactly(_ typed: String, _ digits: Int64, _ expected: Int64) throws {
        #expect(try Money.parse(typed, digits: digits, what: "--rate") == expected)
    }

    @Test(arguments: [
        ("60.555", 2), ("-5", 2), ("", 2), ("1e3", 2), ("12.", 2), (".5", 2), ("abc", 2), ("92233720368547758.08", 2), ("1.5", 0),
    ] as [(String, Int64)])
    func badAmountsAreRefused(_ typed: String, _ digits: Int64) {
        #expect(throws: ActionError.self) { _ = try Money.parse(typed, digits: digits, what: "--rate") }
    }

    @Test func ratiosAndPercentagesAreThousandths() throws {
        #expect(try Money.thousandths("0.5", percent: false, what: "x") == 500)
        #expect(try Money.thousandths("2", percent: false, what: "x") == 2000)
        #expect(try Money.thousandths("0,125", percent: false, what: "x") == 125)
        #expect(try Money.thousandths("10 %", percent: true, what: "x") == 100)
        #expect(try Money.thousandths("12.5%", percent: false, what: "x") == 125)
        #expect(try Money.thousandths("100", percent: true, what: "x") == 1000)
        #expect(throws: ActionError.self) { _ = try Money.thousandths("0.1255", percent: false, what: "x") }
        #expect(throws: ActionError.self) { _ = try Money.thousandths("12.25 %", percent: true, what: "x") }
        #expect(Money.format(6050, digits: 2, currency: "EUR") == "60.50 EUR")
        #expect(Money.format(6050, digits: 2, currency: "EUR", language: .french) == "60,50\u{202F}EUR")
        #expect(Money.format(7, digits: 0, currency: "XOF") == "7 XOF")
        #expect(Money.ratio(500, percent: false) == "×0.5" && Money.ratio(2000, percent: false) == "×2" && Money.ratio(125, percent: true) == "12.5 %")
        // In French: a decimal comma, thousands set apart and "%" after a narrow no-break space.
        #expect(Money.format(185_175_000, digits: 2, currency: "EUR") == "1851750.00 EUR")
        #expect(Money.format(185_175_000, digits: 2, currency: "EUR", language: .french) == "1\u{202F}851\u{202F}750,00\u{202F}EUR")
        #expect(Money.format(-123_456, digits: 0, currency: "XOF", language: .french) == "-123\u{202F}456\u{202F}XOF")
        #expect(Money.format(100_000, digits: 3, currency: "TND", language: .french) == "100,000\u{202F}TND")
        #expect(Money.ratio(500, percent: false, language: .french) == "×0,5" && Money.ratio(2000, percent: false, language: .french) == "×2")
        #expect(Money.ratio(125, percent: true, language: .french) == "12,5\u{202F}%" && Money.ratio(100, percent: true, language: .french) == "10\u{202F}%")
        #expect(Money.grouped(0) == "0" && Money.grouped(999) == "999" && Money.grouped(1000) == "1\u{202F}000")
        #expect(Money.grouped(1_234_567) == "1\u{202F}234\u{202F}567" && Money.grouped(123_456) == "123\u{202F}456")
        // What French shows can be typed back.
        #expect(try Money.parse("1\u{202F}234,50", digits: 2, what: "x") == 123_450)
        #expect(try Money.thousandths("12,5\u{202F}%", percent: true, what: "x") == 125)
    }

    struct Collective {
        let directory: TemporaryDirectory
        let replica: Replica
        var workspace: Workspace { get throws { try Workspace(self.replica) } }

        init() throws {
            self.directory = try TemporaryDirectory("entente-value")
            self.replica = try Replica.found(ReplicaFolder(self.directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
        }

        func adopt(rate: String, multipliers: [String: String] = [:], levy: String? = nil, currency: String = "EUR") throws {
            let proposed = try self.workspace.proposeValueRule(currency: currency, hourRate: rate, multipliers: multipliers, levy: levy)
            let decision = try #require(proposed.created)
            _ = try self.workspace.closeDecision(decision.hex, status: "adopted")
        }
    }

    /// Hours, cash, multipliers, levy and rounding, on one table.
    @Test func sharesFollowTheAdoptedRule() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.recordContribution("Tender answer", effort: 10)                        // 10 h × 62.50 = 625.00
        _ = try c.workspace.recordContribution("Commons wiki", effort: 3, type: "commons")         // 3 h × 62.50 × 0.333 = 62.4375 → 62.44
        _ = try c.workspace.recordContribution("Laptop fund", type: "cash", amount: "100.01")      // 100.01 × 2 = 200.02
        _ = try c.workspace.recordContribution("Undated", type: "care")                            // no hours: not counted
        // Before any rule is adopted, nothing is computed.
        #expect(ValueShares(try c.workspace.vision).rule == nil)
        let proposed = try c.workspace.proposeValueRule(hourRate: "62.50", multipliers: ["commons": "0.333", "cash": "2"], levy: "12.5 %")
        #expect(ValueShares(try c.workspace.vision).rule == nil, "a proposed rule does not apply")
        _ = try c.workspace.closeDecision(try #require(proposed.created).hex, status: "adopted")
        let shares = ValueShares(try c.workspace.vision)
        let rule = try #require(shares.rule)
        #expect(rule.hourRate == 6250 && rule.levy == 125 && rule.multiplier(.commons) == 333 && rule.multiplier(.billable) == 1000)
        #expect(shares.values.values.sorted() == [6244, 20002, 62500])
        let share = try #require(shares.shares.first)
        #expect(share.gross == 88746)
        // The levy: 12.5 % of 887.46 = 110.9325 → 110.93; what is left: 776.53.
        #expect(share.net == 77653 && shares.fund == 11093)
        #expect(shares.uncounted.count == 1)
    }

    @Test func theNewestAdoptedRuleCountsAndValuationsAreComparedWithIt() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.recordContribution("Tender answer", effort: 10)
        _ = try c.workspace.valueContribution("Tender answer", value: 600)
        try c.adopt(rate: "60")
        var report = ValueDisagreementReport(records: try c.workspace.records)
        #expect(report.items.first?.ruleValue == 60000)
        #expect(report.flagged.isEmpty, "600 is the rule's 600.00")
        try c.adopt(rate: "100")
        report = ValueDisagreementReport(records: try c.workspace.records)
        #expect(report.items.first?.ruleValue == 100_000)
        #expect(report.flagged.count == 1 && report.flagged.first?.offRule.count == 1, "600 against 1000.00 is off the rule (0.4 > 0.3)")
        // Just inside the threshold: 700 against 1000 is a divergence of exactly 0.3.
        _ = try c.workspace.valueContribution("Tender answer", value: 700)
        #expect(ValueDisagreementReport(records: try c.workspace.records).flagged.isEmpty)
    }

    @Test func badRulesAreRefusedAndWriteNothing() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let before = try c.replica.changeCount()
        for attempt in [
            { _ = try c.workspace.proposeValueRule(hourRate: "-60") },
            { _ = try c.workspace.proposeValueRule(hourRate: "60.555") },
            { _ = try c.workspace.proposeValueRule(hourRate: "60", levy: "101 %") },
            { _ = try c.workspace.proposeValueRule(hourRate: "60", multipliers: ["gift": "2"]) },
            { _ = try c.workspace.proposeValueRule(hourRate: "60", multipliers: ["cash": "101"]) },
            { _ = try c.workspace.proposeValueRule(currency: "euro", hourRate: "60") },
            { _ = try c.workspace.recordContribution("Cash", amount: "10") },
            { _ = try c.workspace.recordContribution("Cash", type: "cash", amount: "10.001") },
        ] as [() throws -> Void] {
            #expect(throws: ActionError.self) { try attempt() }
        }
        #expect(try c.replica.changeCount() == before)
        // At the limits: a levy of 100 % and a multiplier of ×100 are accepted.
        _ = try c.workspace.proposeValueRule(hourRate: "60", multipliers: ["cash": "100"], levy: "100 %")
        #expect(try c.replica.changeCount() == before + 1)
    }

    @Test func hugeValuesAreLeftUncountedRatherThanOverflowing() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.recordContribution("A lifetime", effort: Int(Int64.max / 2))
        try c.adopt(rate: "1000")
        let shares = ValueShares(try c.workspace.vision)
        #expect(shares.values.isEmpty && shares.uncounted.count == 1)
    }
}
