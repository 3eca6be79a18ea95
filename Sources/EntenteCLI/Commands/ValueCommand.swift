import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore

/// The JSON shape of `entente value shares --json`.
struct SharesShape: Encodable {
    struct Rule: Encodable {
        var decision: String
        var currency: String
        var minorDigits: Int64
        var hourRate: Int64
        var multipliers: [String: Int64]
        var levy: Int64
    }
    struct Share: Encodable {
        var member: String
        var memberName: String
        var gross: Int64
        var net: Int64
    }
    struct Value: Encodable {
        var contribution: String
        var what: String
        var value: Int64
    }

    @Nullable var rule: Rule?
    var shares: [Share]
    var fund: Int64
    var values: [Value]
    var uncounted: [String]

    init(_ shares: ValueShares, _ vision: Vision) {
        self.rule = shares.rule.map { rule in
            Rule(decision: rule.decision?.hex ?? "", currency: rule.currency, minorDigits: rule.minorDigits, hourRate: rule.hourRate,
                 multipliers: Dictionary(uniqueKeysWithValues: ContributionType.allCases.map { ($0.rawValue, rule.multiplier($0)) }), levy: rule.levy)
        }
        self.shares = shares.shares.map { Share(member: $0.member.hex, memberName: vision.name($0.member), gross: $0.gross, net: $0.net) }
        self.fund = shares.fund
        self.values = vision.contributions.compactMap { contribution in
            shares.values[contribution.id].map { Value(contribution: contribution.id.hex, what: contribution.what, value: $0) }
        }
        self.uncounted = shares.uncounted.map(\.hex)
    }
}

extension EntenteCommand {
    struct ValueCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "value",
            abstract: tr("Agree how contributions turn into shares (a rate, multipliers, a common fund), and see each member's share.",
                         "Convenir de la façon dont les contributions deviennent des parts (un taux, des coefficients, un fonds commun), et voir la part de chaque membre."),
            discussion: helpText("""
                The rule is proposed as a decision and applies once that decision is adopted.
                Money is counted exactly, in the currency's smallest unit (cents for EUR).
                Examples:
                  entente value rule --rate 60 --multiplier cash=2 --multiplier commons=0.5 \\
                      --levy "10 %"
                  entente decision close 3fa2 --status adopted
                  entente value shares
                """, """
                La règle est proposée comme une décision et s'applique une fois cette décision
                adoptée. L'argent est compté exactement, dans la plus petite unité de la
                monnaie (les centimes pour EUR).
                Exemples :
                  entente value rule --rate 60 --multiplier cash=2 --multiplier commons=0.5 \\
                      --levy "10 %"
                  entente decision close 3fa2 --status adopted
                  entente value shares
                """),
            subcommands: [Shares.self, Rule.self],
            defaultSubcommand: Shares.self)
    }
}

extension EntenteCommand.ValueCommand {
    struct Rule: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rule", abstract: tr("Propose a value rule (as a decision for the collective to adopt).",
                                                                     "Proposer une règle de valeur (comme une décision que le collectif adopte)."))
        @Option(help: ArgumentHelp(tr("Money per hour of work, for example 60 or 62.50.",
                                      "Montant par heure de travail, par exemple 60 ou 62.50."))) var rate: String
        @Option(help: ArgumentHelp(tr("Currency code (default EUR).", "Code de la monnaie (par défaut EUR)."))) var currency = "EUR"
        @Option(help: ArgumentHelp(tr("TYPE=RATIO for billable, commons, care or cash (repeatable), for example cash=2.",
                                      "TYPE=RATIO pour billable, commons, care ou cash (répétable), par exemple cash=2."), valueName: "type=ratio"))
        var multiplier: [String] = []
        @Option(help: ArgumentHelp(tr("The common fund's part of each share, for example \"10 %\".",
                                      "Le prélèvement du fonds commun sur chaque part, par exemple « 10 % »."))) var levy: String?
        @Option(help: ArgumentHelp(tr("Why this rule (the decision's driver).",
                                      "Pourquoi cette règle (la raison de la décision)."))) var driver: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            var multipliers: [String: String] = [:]
            for entry in self.multiplier {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw CLIError("'--multiplier \(entry)' needs TYPE=RATIO, for example --multiplier cash=2")
                }
                multipliers[parts[0]] = parts[1]
            }
            let workspace = try self.options.workspace()
            print(try workspace.proposeValueRule(currency: self.currency, hourRate: self.rate, multipliers: multipliers, levy: self.levy,
                                                 driver: self.driver).summary.shown)
        }
    }

    struct Shares: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "shares", abstract: tr("Each member's share under the rule in force, and the common fund.",
                                                                     "La part de chaque membre selon la règle en vigueur, et le fonds commun."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let shares = ValueShares(vision)
            if self.output.json {
                printVerbatim(try JSONOutput.render(SharesShape(shares, vision)))
                return
            }
            guard let rule = shares.rule else {
                say(tr("No value rule is in force: propose one with `entente value rule --rate 60`, then adopt its decision.",
                         "Aucune règle de valeur n'est en vigueur : proposez-en une avec `entente value rule --rate 60`, puis adoptez sa décision."))
                return
            }
            let money = { (minor: Int64) in Money.format(minor, digits: rule.minorDigits, currency: rule.currency, language: .current) }
            let multipliers = ContributionType.allCases.map { "\($0.localized) \(Money.ratio(rule.multiplier($0), percent: false, language: .current))" }
            let rate = money(rule.hourRate), levy = Money.ratio(rule.levy, percent: true, language: .current)
            let terminal = Terminal.standard
            print(terminal.fit(tr("Rule: \(rate) an hour; \(multipliers.joined(separator: ", ")); levy \(levy)",
                                  "Règle : \(rate) de l'heure ; \(multipliers.joined(separator: ", ")) ; prélèvement \(levy)")))
            var table = Table(tr("MEMBER", "MEMBRE"), tr("GROSS", "BRUT"), "NET")
            for share in shares.shares { table.add(vision.name(share.member), money(share.gross), money(share.net)) }
            print(table.render(terminal))
            print(tr("Common fund: \(money(shares.fund))", "Fonds commun : \(money(shares.fund))"))
            if !shares.uncounted.isEmpty {
                print(terminal.fit(tr("\(English.count(shares.uncounted.count, "contribution", "contributions")) not counted: no hours (or no amount for cash); add them with `entente contribution update`.",
                         "\(French.count(shares.uncounted.count, "contribution non comptée", "contributions non comptées")) : pas d'heures (ou pas de montant pour un apport d'argent) ; complétez-les avec `entente contribution update`.")))
            }
        }
    }
}
