import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ContributionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contribution",
            abstract: tr("Record the work each member provides, and each member's own valuation of it.",
                         "Noter le travail que fournit chaque membre, et l'évaluation que chacun en fait."),
            discussion: helpText("""
                Where valuations of the same work diverge by more than the threshold (default 30%
                of the highest), the tool flags a value disagreement: raise it as a risk early.
                Examples:
                  entente contribution add "Wrote the tender answer" --stage Pilot --effort 30
                  entente contribution value "Wrote the tender answer" 3000
                  entente contribution list
                """, """
                Quand les évaluations d'un même travail s'écartent de plus que le seuil (par
                défaut 30 % de la plus haute), l'outil signale un désaccord sur la valeur :
                signalez-le tôt comme un risque.
                Exemples :
                  entente contribution add "Wrote the tender answer" --stage Pilot --effort 30
                  entente contribution value "Wrote the tender answer" 3000
                  entente contribution list
                """),
            subcommands: [List.self, Add.self, Show.self, Update.self, Valuate.self, Archive.self, Unvalue.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ContributionCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List contributions with their valuations; flag value disagreements.",
                                                                     "Lister les contributions avec leurs évaluations ; signaler les désaccords sur la valeur."))
        @Option(help: ArgumentHelp(tr("The divergence that counts as a disagreement, 0 to 1 (default 0.3).",
                                      "L'écart qui compte comme un désaccord, de 0 à 1 (par défaut 0.3)."))) var threshold = ValueDisagreementReport.defaultThreshold
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard (0...1).contains(self.threshold) else { throw ValidationError(tr("'--threshold' must be between 0 and 1, for example 0.3", "« --threshold » doit être entre 0 et 1, par exemple 0.3")) }
        }

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = ValueDisagreementReport(records: vision.records, threshold: self.threshold)
            if self.output.json {
                printVerbatim(try JSONOutput.render(vision.contributions.map { ContributionShape($0, vision, report) }))
                return
            }
            print(Self.render(vision, report, .standard))
        }

        static func render(_ vision: Vision, _ report: ValueDisagreementReport, _ terminal: Terminal) -> String {
            var table = Table("ID", tr("BY",
                                       "PAR"), tr("WHAT", "QUOI"), tr("STAGE", "ÉTAPE"), tr("HOURS", "HEURES"), tr("VALUATIONS", "ÉVALUATIONS"))
            for contribution in vision.contributions {
                let valuations = vision.valuations.filter { $0.contribution == contribution.id }
                    .map { "\(vision.name($0.member)) \($0.value ?? 0)" }.joined(separator: ", ")
                table.add(contribution.id.short, vision.name(contribution.member), contribution.what,
                          Names.stage(contribution.stage, vision), contribution.effort.map(String.init) ?? "-",
                          valuations.isEmpty ? "-" : valuations)
            }
            var lines = [table.render(terminal)]
            for item in report.flagged {
                let what = vision.contributions.first { $0.id == item.contribution }?.what ?? item.contribution.short
                let apart = Int((item.divergence * 100).rounded())
                lines.append(terminal.yellow(terminal.fit(tr(
                    "Value disagreement on \"\(what)\": \(item.lowest) to \(item.highest) (\(apart)% apart). "
                        + "Raise it: entente risk add \"Disagreement on the value of: \(what)\" --zone value-of-work --likelihood 3 --impact 4",
                    "Désaccord sur la valeur de « \(what) » : de \(item.lowest) à \(item.highest) (\(apart) % d'écart). "
                        + "Signalez-le : entente risk add \"Désaccord sur la valeur de : \(what)\" --zone valeur --likelihood 3 --impact 4"))))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Record work provided (by default, by you).", "Noter un travail fourni (par défaut, par vous)."),
            discussion: helpText("Example:\n  entente contribution add \"Wrote the tender answer\" --stage Pilot \\\n      --effort 30",
                           "Exemple :\n  entente contribution add \"Wrote the tender answer\" --stage Pilot \\\n      --effort 30"))
        @Argument(help: ArgumentHelp(tr("What was done.", "Ce qui a été fait."))) var what: String
        @Option(help: ArgumentHelp(tr("Who did it (member name or id prefix; default: you).",
                                      "Qui l'a fait (nom du membre ou début de son identifiant ; par défaut : vous)."))) var member: String?
        @Option(help: ArgumentHelp(tr("The stage (title or id prefix).", "L'étape (titre ou début d'identifiant)."))) var stage: String?
        @Option(help: ArgumentHelp(tr("Effort, in hours.", "Effort, en heures."))) var effort: Int?
        @Option(help: ArgumentHelp(tr("billable (default), commons, care or cash (for the value rule).",
                                      "facturable (par défaut), communs (travail pour le collectif), soin (travail de soin) ou argent (apport d'argent), pour la règle de valeur."))) var type: String?
        @Option(help: ArgumentHelp(tr("For cash: the amount put in, for example 500 or 500.50.",
                                      "Pour un apport d'argent : le montant, par exemple 500 ou 500,50."))) var amount: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.recordContribution(self.what, member: self.member, stage: self.stage, effort: self.effort,
                                                   type: self.type, amount: self.amount).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one contribution and its valuations.",
                                                                     "Afficher une contribution et ses évaluations."))
        @Argument(help: ArgumentHelp(tr("Contribution id prefix or exact text.",
                                        "Début de l'identifiant de la contribution, ou son texte exact."))) var contribution: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let contribution = try workspace.find(self.contribution, kind: RecordKind.contribution, Contribution.init)
            let vision = workspace.vision
            let shape = ContributionShape(contribution, vision, ValueDisagreementReport(records: vision.records))
            if self.output.json {
                printVerbatim(try JSONOutput.render(shape))
                return
            }
            print("\(contribution.what)  (\(contribution.id.hex))")
            let by = vision.name(contribution.member), stage = Names.stage(contribution.stage, vision), hours = contribution.effort.map(String.init) ?? "-"
            print(tr("by:     \(by)   stage: \(stage)   hours: \(hours)", "par : \(by)   étape : \(stage)   heures : \(hours)"))
            for valuation in shape.valuations {
                let note = valuation.note.map { " — \($0)" } ?? ""
                print(tr("valued \(valuation.value) by \(valuation.memberName)\(note)",
                         "évalué \(valuation.value) par \(valuation.memberName)\(note)"))
            }
            if shape.valueDisagreement {
                print(tr("VALUE DISAGREEMENT: consider `entente risk add ... --zone value-of-work`",
                         "DÉSACCORD SUR LA VALEUR : pensez à `entente risk add ... --zone valeur`"))
            }
        }
    }

    struct Valuate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "value",
            abstract: tr("Record your own valuation of a contribution (replaces your previous one).",
                         "Noter votre propre évaluation d'une contribution (elle remplace la précédente)."),
            discussion: helpText("Example:\n  entente contribution value \"Wrote the tender answer\" 3000 \\\n      --note \"Market rate\"",
                           "Exemple :\n  entente contribution value \"Wrote the tender answer\" \"3 000\" \\\n      --note \"Market rate\""))
        @Argument(help: ArgumentHelp(tr("Contribution id prefix or exact text.",
                                        "Début de l'identifiant de la contribution, ou son texte exact."))) var contribution: String
        @Argument(help: ArgumentHelp(tr("The worth you give it, in the collective's unit (euros, points...).",
                                        "La valeur que vous lui donnez, dans l'unité du collectif (euros, points…)."))) var value: String
        @Option(help: ArgumentHelp(tr("Only yourself: a valuation is its member's own.",
                                      "Vous seulement : une évaluation appartient à son membre."), visibility: .hidden)) var by: String?
        @Option(help: ArgumentHelp(tr("Why.", "Pourquoi."))) var note: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.valueContribution(self.contribution, value: try Input.wholeNumber(self.value, option: tr("the value", "la valeur")), note: self.note, by: self.by).summary.shown)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change a contribution's text, stage or effort.", "Changer le texte, l'étape ou l'effort d'une contribution."),
            discussion: helpText("Example: entente contribution update 3fa2 --effort 35",
                           "Exemple : entente contribution update 3fa2 --effort 35"))
        @Argument(help: ArgumentHelp(tr("Contribution id prefix or exact text.",
                                        "Début de l'identifiant de la contribution, ou son texte exact."))) var contribution: String
        @Option(help: ArgumentHelp(tr("New text.", "Nouveau texte."))) var what: String?
        @Option(help: ArgumentHelp(tr("New stage (title or id prefix).",
                                      "Nouvelle étape (titre ou début d'identifiant)."))) var stage: String?
        @Option(help: ArgumentHelp(tr("New effort, in hours.", "Nouvel effort, en heures."))) var effort: Int?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.what != nil || self.stage != nil || self.effort != nil else {
                throw ValidationError.atLeastOne(of: ["--what", "--stage", "--effort"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateContribution(self.contribution, what: self.what, stage: self.stage, effort: self.effort).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: tr("Archive a contribution (nothing is deleted).",
                                                                     "Archiver une contribution (rien n'est effacé)."))
        @Argument(help: ArgumentHelp(tr("Contribution id prefix or exact text.",
                                        "Début de l'identifiant de la contribution, ou son texte exact."))) var contribution: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveContribution(self.contribution).summary.shown)
        }
    }

    struct Unvalue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unvalue",
            abstract: tr("Withdraw your own valuation of a contribution; it stays in the history.",
                         "Retirer votre évaluation d'une contribution ; elle reste dans l'historique."),
            discussion: helpText("Example: entente contribution unvalue \"Wrote the tender answer\"",
                           "Exemple : entente contribution unvalue \"Wrote the tender answer\""))
        @Argument(help: ArgumentHelp(tr("Contribution id prefix or exact text.",
                                        "Début de l'identifiant de la contribution, ou son texte exact."))) var contribution: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            print(try self.options.workspace().withdrawValuation(self.contribution).summary.shown)
        }
    }
}
