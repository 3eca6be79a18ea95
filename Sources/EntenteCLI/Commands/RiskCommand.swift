import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct RiskCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "risk",
            abstract: "Identify and manage the zones of risk: defection, lack of distance, value of work, evaluation of results.",
            discussion: """
                Partnerships fail on defections, lack of distance (friends partnering), and
                disagreements on the value of the work and the evaluation of results. Raise them early.
                Zones: \(Risk.Zone.allCases.map(\.rawValue).joined(separator: ", ")).
                A risk is high when likelihood × impact ≥ \(Risk.highScore).
                Examples:
                  entente risk add "Bob may leave for a salaried job" --zone defection \\
                      --likelihood 3 --impact 5 --owner Alice
                  entente risk update 3fa2 --status mitigated --mitigation "Exit terms agreed"
                """,
            subcommands: [List.self, Add.self, Show.self, Update.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.RiskCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List risks, highest score first.")
        @Flag(help: "Include mitigated and closed risks.") var all = false
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let risks = vision.risks.filter { self.all || $0.status == .open }.sorted { ($1.score, $0.id) < ($0.score, $1.id) }
            if self.output.json {
                print(try JSONOutput.render(risks.map { RiskShape($0, vision) }))
                return
            }
            print(Self.table(risks, vision, .standard).render())
        }

        static func table(_ risks: [Risk], _ vision: Vision, _ terminal: Terminal) -> Table {
            var table = Table("ID", "ZONE", "L×I", "DESCRIPTION", "OWNER", "STATUS", "RAISED")
            for risk in risks {
                let score = "\(risk.likelihood)×\(risk.impact)=\(risk.score)"
                // No colour inside cells: escape codes would break the column widths.
                table.add(risk.id.short, risk.zone.rawValue, risk.isHigh ? score + " HIGH" : score, risk.description,
                          risk.owner.map { vision.name($0) } ?? "-", Names.flagged(risk.status.rawValue, risk.record),
                          "\(risk.raisedBy.map { vision.name($0) } ?? "?") \(risk.raisedOn ?? "")")
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise a risk (by default, you raise it, today).",
            discussion: """
                Example:
                  entente risk add "We value the tender writing differently" \\
                      --zone value-of-work --likelihood 4 --impact 4
                """)
        @Argument(help: "What could go wrong.") var description: String
        @Option(help: "\(Risk.Zone.allCases.map(\.rawValue).joined(separator: ", ")).") var zone = "other"
        @Option(help: "Likelihood, 1 (unlikely) to 5 (almost certain).") var likelihood: Int
        @Option(help: "Impact, 1 (minor) to 5 (fatal to the partnership).") var impact: Int
        @Option(help: "Who follows it (member name or id prefix).") var owner: String?
        @Option(help: "How it is mitigated.") var mitigation: String?
        @Option(help: ArgumentHelp("Only yourself: the member who raises a risk is its author.", visibility: .hidden)) var by: String?
        @Option(help: "When it was raised, YYYY-MM-DD (default: today).") var on: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.raiseRisk(self.description, zone: self.zone, likelihood: self.likelihood, impact: self.impact,
                                          owner: self.owner, mitigation: self.mitigation, by: self.by, on: self.on).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one risk.")
        @Argument(help: "Risk id prefix or exact description.") var risk: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let risk = try workspace.find(self.risk, kind: RecordKind.risk, Risk.init)
            let vision = workspace.vision
            if self.output.json {
                print(try JSONOutput.render(RiskShape(risk, vision)))
                return
            }
            print("\(risk.description)  (\(risk.id.hex))")
            print("zone:       \(risk.zone.rawValue)")
            print("score:      likelihood \(risk.likelihood) × impact \(risk.impact) = \(risk.score)\(risk.isHigh ? " (high)" : "")")
            print("owner:      \(risk.owner.map { vision.name($0) } ?? "-")")
            print("mitigation: \(risk.mitigation ?? "-")")
            print("status:     \(risk.status.rawValue)")
            print("raised:     by \(risk.raisedBy.map { vision.name($0) } ?? "?") on \(risk.raisedOn ?? "?")")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a risk's scores, owner, mitigation or status (open, mitigated, closed).",
            discussion: "Example:\n  entente risk update 3fa2 --likelihood 2 \\\n      --mitigation \"Exit terms agreed\" --status mitigated")
        @Argument(help: "Risk id prefix or exact description.") var risk: String
        @Option(help: "Likelihood, 1 to 5.") var likelihood: Int?
        @Option(help: "Impact, 1 to 5.") var impact: Int?
        @Option(help: "Who follows it.") var owner: String?
        @Option(help: "How it is mitigated.") var mitigation: String?
        @Option(help: "open, mitigated or closed.") var status: String?
        @Option(help: "\(Risk.Zone.allCases.map(\.rawValue).joined(separator: ", ")).") var zone: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard [self.likelihood != nil, self.impact != nil, self.owner != nil, self.mitigation != nil, self.status != nil, self.zone != nil].contains(true) else {
                throw ValidationError("give at least one of '--likelihood', '--impact', '--owner', '--mitigation', '--status' or '--zone'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateRisk(self.risk, likelihood: self.likelihood, impact: self.impact, owner: self.owner,
                                           mitigation: self.mitigation, status: self.status, zone: self.zone).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a risk (nothing is deleted).")
        @Argument(help: "Risk id prefix or exact description.") var risk: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveRisk(self.risk).summary.localized)
        }
    }
}
