import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct DecisionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decision",
            abstract: tr("Propose, give your stance, and close the collective's decisions (with an outcome and a review date).", "Proposer, donner sa position et clore les décisions du collectif (avec une issue et une date de révision)."),
            discussion: helpText("""
                A proposal says what and why (its driver); each member gives their own stance:
                agree, abstain, object or block (objecting and blocking say why). A single block
                stops adoption. The proposer closes it with an outcome and a date to review it.
                Examples:
                  entente decision propose "Nous répondons à l'appel d'offres ensemble" \\
                      --driver "Aucun de nous ne peut y répondre seul" --review 2027-03-01
                  entente decision stance 3fa2 object --reason "Le délai est trop court"
                  entente decision close 3fa2 --status adopted --outcome "Alice coordonne"
                """, """
                Une proposition dit quoi et pourquoi (sa raison) ; chaque membre donne sa propre
                position : d'accord, abstention, objection ou blocage ; objecter ou bloquer se justifie. Un seul blocage empêche l'adoption.
                Qui propose la clôt avec une issue et une date pour la revoir.
                Exemples :
                  entente decision propose "Nous répondons à l'appel d'offres ensemble" \\
                      --driver "Aucun de nous ne peut y répondre seul" --review 2027-03-01
                  entente decision stance 3fa2 object --reason "Le délai est trop court"
                  entente decision close 3fa2 --status adoptée --outcome "Alice coordonne"
                """),
            subcommands: [List.self, Propose.self, StanceCommand.self, Close.self, Show.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.DecisionCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List decisions: open ones first, with who has not given a stance.", "Lister les décisions : les ouvertes d'abord, avec qui n'a pas donné sa position."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = DecisionReport(vision, today: Dates.today())
            let decisions = vision.decisions.sorted { ($0.status.isOpen ? 0 : 1) < ($1.status.isOpen ? 0 : 1) }
            if self.output.json {
                let titles = DecisionTitles(vision)
                printVerbatim(try JSONOutput.render(decisions.map { DecisionShape($0, vision, report, titles: titles) }))
                return
            }
            guard !decisions.isEmpty else {
                print(tr("No decisions yet. Propose one with `entente decision propose \"...\"`.",
                         "Aucune décision pour l'instant. Proposez-en une avec `entente decision propose \"...\"`."))
                return
            }
            var table = Table("ID", tr("PROPOSAL", "PROPOSITION"), tr("BY", "PAR"), tr("STATUS", "STATUT"), tr("STANCES", "POSITIONS"),
                              tr("WAITING FOR", "EN ATTENTE DE"))
            let titles = DecisionTitles(vision)
            for decision in decisions {
                let item = report.item(decision.id)
                let stances = (item?.stances ?? []).map { "\(vision.name($0.member)) \($0.position.map { Vocabulary.position($0).localized } ?? "?")" }
                    .joined(separator: ", ")
                var status = Vocabulary.status(decision.status).localized
                if item?.blocked == true && decision.status.isOpen { status += tr(" (blocked)", " (bloquée)") }
                if item?.reviewDue == true { status += tr(" (review due)", " (à revoir)") }
                table.add(decision.id.short, titles.title(decision).localized, vision.name(decision.proposedBy), status,
                          stances.isEmpty ? "-" : stances, Names.list(item?.waitingFor ?? [], vision))
            }
            print(table.render())
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract: tr("Propose a decision to the collective.", "Proposer une décision au collectif."),
            discussion: helpText("Example:", "Exemple :") + "\n  entente decision propose \"We answer the tender together\" \\\n      --driver \"None of us can alone\" \\\n      --option \"Alice leads\" --option \"Bob leads\" --review 2027-03-01")
        @Argument(help: ArgumentHelp(tr("What is proposed.", "Ce qui est proposé."))) var text: String
        @Option(help: ArgumentHelp(tr("Why it is needed (the driver).", "Pourquoi c'est nécessaire (la raison)."))) var driver: String?
        @Option(help: ArgumentHelp(tr("An option members choose between (repeatable).", "Une option entre lesquelles les membres choisissent (répétable)."))) var option: [String] = []
        @Option(help: ArgumentHelp(tr("When to review the decision, YYYY-MM-DD.", "Quand revoir la décision, AAAA-MM-JJ."))) var review: String?
        @Option(help: ArgumentHelp(tr("A record it concerns: a stage, a commitment, a member (repeatable).", "Une fiche qu'elle concerne : une étape, un engagement, un membre (répétable)."))) var link: [String] = []
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.proposeDecision(self.text, driver: self.driver, options: self.option, reviewOn: self.review, links: self.link).summary.shown)
        }
    }

    struct StanceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stance",
            abstract: tr("Give your own stance on a decision: agree, abstain, object, block, or withdrawn (to take yours back).", "Donner votre propre position sur une décision : d'accord, abstention, objection, blocage, ou retrait (pour retirer la vôtre)."),
            discussion: helpText("Example:", "Exemple :") + " entente decision stance 3fa2 block --reason \"We have not agreed the fee split\"")
        @Argument(help: ArgumentHelp(tr("Decision id prefix or exact text.", "Début d'identifiant ou texte de la décision."))) var decision: String
        @Argument(help: ArgumentHelp(tr("agree, abstain, object, block or withdrawn.", "d'accord, abstention, objection, blocage ou retrait."))) var position: String
        @Option(help: ArgumentHelp(tr("Why (required to object or block).", "Pourquoi (obligatoire pour objecter ou bloquer)."))) var reason: String?
        @Option(help: ArgumentHelp(tr("The option you choose, when the decision has options.", "L'option que vous choisissez, quand la décision en a."))) var option: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.takeStance(self.decision, position: self.position, reason: self.reason, option: self.option).summary.shown)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: tr("Close your proposal: adopted, rejected or withdrawn, with its outcome and review date.", "Clore votre proposition : adoptée, rejetée ou retirée, avec son issue et sa date de révision."),
            discussion: helpText("Example:", "Exemple :") + " entente decision close 3fa2 --status adopted --outcome \"Alice coordinates\" --review 2027-03-01")
        @Argument(help: ArgumentHelp(tr("Decision id prefix or exact text.", "Début d'identifiant ou texte de la décision."))) var decision: String
        @Option(help: ArgumentHelp(tr("adopted, rejected or withdrawn.", "adoptée, rejetée ou retirée."))) var status: String
        @Option(help: ArgumentHelp(tr("What was decided, in a sentence.", "Ce qui a été décidé, en une phrase."))) var outcome: String?
        @Option(help: ArgumentHelp(tr("When to review it, YYYY-MM-DD.", "Quand la revoir, AAAA-MM-JJ."))) var review: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.closeDecision(self.decision, status: self.status, outcome: self.outcome, reviewOn: self.review).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one decision: its driver, options, every stance and reason, the outcome.", "Montrer une décision : sa raison, ses options, chaque position et sa raison, l'issue."))
        @Argument(help: ArgumentHelp(tr("Decision id prefix or exact text.", "Début d'identifiant ou texte de la décision."))) var decision: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let decision = try workspace.find(self.decision, kind: RecordKind.decision, Decision.init)
            let vision = workspace.vision
            let shape = DecisionShape(decision, vision, DecisionReport(vision, today: Dates.today()))
            if self.output.json {
                printVerbatim(try JSONOutput.render(shape))
                return
            }
            let labels = Labels([tr("proposed by", "proposée par"), tr("driver", "raison"), tr("options", "options"), tr("status", "statut"),
                                 tr("outcome", "issue"), tr("review on", "à revoir le"), tr("waiting for", "en attente de")])
            print("\(DecisionTitles(vision).title(decision).localized)  (\(decision.id.hex))")
            print(labels[0] + (shape.proposedByName ?? "?"))
            if let driver = decision.driver { print(labels[1] + driver) }
            if !decision.options.isEmpty { print(labels[2] + decision.options.joined(separator: " | ")) }
            print(labels[3] + Vocabulary.status(decision.status).localized + (shape.blocked && decision.status.isOpen ? tr(" (blocked)", " (bloquée)") : ""))
            if let outcome = decision.outcome { print(labels[4] + outcome) }
            if let review = decision.reviewOn { print(labels[5] + shownDate(review) + (shape.reviewDue ? tr(" (due)", " (échue)") : "")) }
            for stance in shape.stances {
                let extra = [stance.option.map { tr("option \($0)", "option \($0)") }, stance.reason].compactMap { $0 }.joined(separator: ": ")
                let word = Stance.Position(rawValue: stance.position).map { Vocabulary.position($0).localized } ?? stance.position
                print("  \(stance.memberName)\(tr(":", " :")) \(word)\(extra.isEmpty ? "" : " — \(extra)")")
            }
            if !shape.waitingFor.isEmpty { print(labels[6] + shape.waitingFor.joined(separator: ", ")) }
        }
    }
}
