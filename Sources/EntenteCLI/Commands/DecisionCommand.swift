import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct DecisionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decision",
            abstract: "Propose, give your stance, and close the collective's decisions (with an outcome and a review date).",
            discussion: """
                A proposal says what and why (its driver); each member gives their own stance:
                agree, abstain, object or block (objecting and blocking say why). A single block
                stops adoption. The proposer closes it with an outcome and a date to review it.
                Examples:
                  entente decision propose "Nous répondons à l'appel d'offres ensemble" \\
                      --driver "Aucun de nous ne peut y répondre seul" --review 2027-03-01
                  entente decision stance 3fa2 object --reason "Le délai est trop court"
                  entente decision close 3fa2 --status adopted --outcome "Alice coordonne"
                """,
            subcommands: [List.self, Propose.self, StanceCommand.self, Close.self, Show.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.DecisionCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List decisions: open ones first, with who has not given a stance.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = DecisionReport(vision, today: Dates.today())
            let decisions = vision.decisions.sorted { ($0.status.isOpen ? 0 : 1) < ($1.status.isOpen ? 0 : 1) }
            if self.output.json {
                print(try JSONOutput.render(decisions.map { DecisionShape($0, vision, report) }))
                return
            }
            guard !decisions.isEmpty else {
                print(tr("No decisions yet. Propose one with `entente decision propose \"...\"`.",
                         "Aucune décision pour l'instant. Proposez-en une avec `entente decision propose \"...\"`."))
                return
            }
            var table = Table("ID", tr("PROPOSAL", "PROPOSITION"), tr("BY", "PAR"), tr("STATUS", "STATUT"), tr("STANCES", "POSITIONS"),
                              tr("WAITING FOR", "EN ATTENTE DE"))
            for decision in decisions {
                let item = report.item(decision.id)
                let stances = (item?.stances ?? []).map { "\(vision.name($0.member)) \($0.position.map { Vocabulary.position($0).localized } ?? "?")" }
                    .joined(separator: ", ")
                var status = Vocabulary.status(decision.status).localized
                if item?.blocked == true && decision.status.isOpen { status += tr(" (blocked)", " (bloquée)") }
                if item?.reviewDue == true { status += tr(" (review due)", " (à revoir)") }
                table.add(decision.id.short, decision.text, vision.name(decision.proposedBy), status,
                          stances.isEmpty ? "-" : stances, Names.list(item?.waitingFor ?? [], vision))
            }
            print(table.render())
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a decision to the collective.",
            discussion: "Example:\n  entente decision propose \"We answer the tender together\" --driver \"None of us can alone\" \\\n      --option \"Alice leads\" --option \"Bob leads\" --review 2027-03-01")
        @Argument(help: "What is proposed.") var text: String
        @Option(help: "Why it is needed (the driver).") var driver: String?
        @Option(help: "An option members choose between (repeatable).") var option: [String] = []
        @Option(help: "When to review the decision, YYYY-MM-DD.") var review: String?
        @Option(help: "A record it concerns: a stage, a commitment, a member (repeatable).") var link: [String] = []
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.proposeDecision(self.text, driver: self.driver, options: self.option, reviewOn: self.review, links: self.link).summary.localized)
        }
    }

    struct StanceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stance",
            abstract: "Give your own stance on a decision: agree, abstain, object, block, or withdrawn (to take yours back).",
            discussion: "Example: entente decision stance 3fa2 block --reason \"We have not agreed the fee split\"")
        @Argument(help: "Decision id prefix or exact text.") var decision: String
        @Argument(help: "agree, abstain, object, block or withdrawn.") var position: String
        @Option(help: "Why (required to object or block).") var reason: String?
        @Option(help: "The option you choose, when the decision has options.") var option: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.takeStance(self.decision, position: self.position, reason: self.reason, option: self.option).summary.localized)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close your proposal: adopted, rejected or withdrawn, with its outcome and review date.",
            discussion: "Example: entente decision close 3fa2 --status adopted --outcome \"Alice coordinates\" --review 2027-03-01")
        @Argument(help: "Decision id prefix or exact text.") var decision: String
        @Option(help: "adopted, rejected or withdrawn.") var status: String
        @Option(help: "What was decided, in a sentence.") var outcome: String?
        @Option(help: "When to review it, YYYY-MM-DD.") var review: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.closeDecision(self.decision, status: self.status, outcome: self.outcome, reviewOn: self.review).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one decision: its driver, options, every stance and reason, the outcome.")
        @Argument(help: "Decision id prefix or exact text.") var decision: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let decision = try workspace.find(self.decision, kind: RecordKind.decision, Decision.init)
            let vision = workspace.vision
            let shape = DecisionShape(decision, vision, DecisionReport(vision, today: Dates.today()))
            if self.output.json {
                print(try JSONOutput.render(shape))
                return
            }
            let labels = Labels([tr("proposed by", "proposée par"), tr("driver", "raison"), tr("options", "options"), tr("status", "statut"),
                                 tr("outcome", "issue"), tr("review on", "à revoir le"), tr("waiting for", "en attente de")])
            print("\(decision.text)  (\(decision.id.hex))")
            print(labels[0] + (shape.proposedByName ?? "?"))
            if let driver = decision.driver { print(labels[1] + driver) }
            if !decision.options.isEmpty { print(labels[2] + decision.options.joined(separator: " | ")) }
            print(labels[3] + Vocabulary.status(decision.status).localized + (shape.blocked && decision.status.isOpen ? tr(" (blocked)", " (bloquée)") : ""))
            if let outcome = decision.outcome { print(labels[4] + outcome) }
            if let review = decision.reviewOn { print(labels[5] + review + (shape.reviewDue ? tr(" (due)", " (échue)") : "")) }
            for stance in shape.stances {
                let extra = [stance.option.map { tr("option \($0)", "option \($0)") }, stance.reason].compactMap { $0 }.joined(separator: ": ")
                let word = Stance.Position(rawValue: stance.position).map { Vocabulary.position($0).localized } ?? stance.position
                print("  \(stance.memberName): \(word)\(extra.isEmpty ? "" : " — \(extra)")")
            }
            if !shape.waitingFor.isEmpty { print(labels[6] + shape.waitingFor.joined(separator: ", ")) }
        }
    }
}
