import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct StageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stage",
            abstract: tr("Plan the partnership's stages, with entry and exit conditions; engage per stage.",
                         "Prévoir les étapes du partenariat, avec leurs conditions d'entrée et de sortie ; s'engager étape par étape."),
            discussion: helpText("""
                Each stage has a goal, entry and exit conditions, dates and a status (planned,
                active, done). Each member engages stage by stage, with their own entry and
                exit terms.
                Examples:
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add "Scale up" --after Pilot --start 2027-01-01 \\
                      --end 2027-06-30
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "Can leave after delivery"
                  entente stage update Pilot --status active
                """, """
                Chaque étape a un objectif, des conditions d'entrée et de sortie, des dates et
                un statut (prévue, en cours, terminée). Chaque membre s'engage étape par étape, avec
                ses propres conditions d'entrée et de sortie.
                Exemples :
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add "Scale up" --after Pilot --start 2027-01-01 \\
                      --end 2027-06-30
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "Can leave after delivery"
                  entente stage update Pilot --status active
                """),
            subcommands: [List.self, Add.self, Show.self, Update.self, Move.self, Engage.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

/// Where a stage goes in the plan: `--first`, `--before S`, `--after S`, or last.
struct StagePlacement: ParsableArguments {
    @Option(help: ArgumentHelp(tr("Place it right after this stage.",
                                  "La placer juste après cette étape."), valueName: "stage")) var after: String?
    @Option(help: ArgumentHelp(tr("Place it right before this stage.",
                                  "La placer juste avant cette étape."), valueName: "stage")) var before: String?
    @Flag(help: ArgumentHelp(tr("Place it first.", "La placer en premier."))) var first = false

    var given: Bool { self.after != nil || self.before != nil || self.first }

    func validate() throws {
        guard [self.after != nil, self.before != nil, self.first].filter({ $0 }).count <= 1 else {
            throw ValidationError(tr("give at most one of '--after', '--before' or '--first'", "donnez au plus une des options « --after », « --before » ou « --first »"))
        }
    }

    /// Where these options place a stage: last when none is given.
    var place: StagePlace {
        if let before = self.before { return .before(before) }
        if let after = self.after { return .after(after) }
        return self.first ? .first : .last
    }
}

/// The fields of a stage typed on the command line (the actions check them).
struct StageFields: ParsableArguments {
    @Option(help: ArgumentHelp(tr("What the stage is for.", "À quoi sert l'étape."))) var goal: String?
    @Option(name: .customLong("entry"), help: ArgumentHelp(tr("Entry conditions: what must hold to start it.",
                                                              "Conditions d'entrée : ce qui doit être vrai pour la commencer."))) var entryConditions: String?
    @Option(name: .customLong("exit"), help: ArgumentHelp(tr("Exit conditions: what must hold to finish it.",
                                                             "Conditions de sortie : ce qui doit être vrai pour la terminer."))) var exitConditions: String?
    @Option(help: ArgumentHelp(tr("Start date, YYYY-MM-DD.", "Date de début, AAAA-MM-JJ."))) var start: String?
    @Option(help: ArgumentHelp(tr("End date, YYYY-MM-DD.", "Date de fin, AAAA-MM-JJ."))) var end: String?
    @Option(help: ArgumentHelp(tr("planned, active or done.",
                                  "prévue, en cours ou terminée."))) var status: String?
    @Option(help: ArgumentHelp(tr("YYYY-MM-DD: when the collective reviews the stage; \"\" clears it once reviewed.",
                                  "AAAA-MM-JJ : quand le collectif fait le point sur l'étape ; \"\" efface la date une fois le point fait."))) var reviewOn: String?

    var given: Bool {
        [self.goal, self.entryConditions, self.exitConditions, self.start, self.end, self.status].contains { $0 != nil }
    }
}

extension EntenteCommand.StageCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("The plan: stages in order, with who is engaged.",
                                                                     "Le plan : les étapes dans l'ordre, avec qui s'y engage."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(StageShape.plan(vision)))
                return
            }
            print(Self.table(vision).render())
        }

        static func table(_ vision: Vision) -> Table {
            var table = Table("#", "ID", tr("STAGE",
                                            "ÉTAPE"), tr("STATUS", "STATUT"), "DATES", tr("GOAL", "OBJECTIF"), tr("ENGAGED", "ENGAGÉS"))
            for (index, stage) in vision.stages.enumerated() {
                let engaged = vision.engaged(in: stage.id).map(\.member)
                table.add(String(index + 1), stage.id.short, stage.title, Names.flagged(stage.status.localized, stage.record),
                          "\(stage.start.map(shownDate) ?? "?") → \(stage.end.map(shownDate) ?? "?")", stage.goal ?? "-",
                          Names.list(engaged.compactMap { $0 }, vision))
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Add a stage to the plan (last, unless placed).",
                         "Ajouter une étape au plan (en dernier, sauf si vous la placez)."),
            discussion: helpText("""
                Examples:
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add Discovery --first
                  entente stage add "Scale up" --after Pilot --start 2027-01-01
                """, """
                Exemples :
                  entente stage add Pilot --goal "One joint contract" \\
                      --entry "Expectations agreed" --exit "Contract delivered"
                  entente stage add Discovery --first
                  entente stage add "Scale up" --after Pilot --start 2027-01-01
                """))
        @Argument(help: ArgumentHelp(tr("The stage's title.", "Le titre de l'étape."))) var title: String
        @OptionGroup var fields: StageFields
        @OptionGroup var placement: StagePlacement
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            let fields = self.fields
            print(try workspace.addStage(self.title, goal: fields.goal, entryConditions: fields.entryConditions, exitConditions: fields.exitConditions,
                                         start: fields.start, end: fields.end, status: fields.status, reviewOn: fields.reviewOn,
                                         place: self.placement.place).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one stage with its conditions and engagements.",
                                                                     "Afficher une étape avec ses conditions et les engagements des membres."))
        @Argument(help: ArgumentHelp(tr("Stage title or id prefix.", "Titre de l'étape ou début de son identifiant."))) var stage: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let stage = try workspace.stage(self.stage)
            let vision = workspace.vision
            let order = (vision.stages.firstIndex { $0.id == stage.id } ?? -1) + 1
            if self.output.json {
                printVerbatim(try JSONOutput.render(StageShape(stage, order: order, vision)))
                return
            }
            let labels = Labels([tr("status",
                                    "statut"), tr("goal", "objectif"), tr("entry", "entrée"), tr("exit", "sortie"), tr("review", "revue")])
            print(tr("Stage \(order): \(stage.title)  (\(stage.id.hex))", "Étape \(order) : \(stage.title)  (\(stage.id.hex))"))
            print(labels[0] + stage.status.localized + tr("   dates: ", "   dates : ") + "\(stage.start.map(shownDate) ?? "?") → \(stage.end.map(shownDate) ?? "?")")
            print(labels[1] + (stage.goal ?? "-"))
            print(labels[2] + (stage.entryConditions ?? "-"))
            print(labels[3] + (stage.exitConditions ?? "-"))
            if let review = stage.reviewOn { print(labels[4] + shownDate(review)) }
            var table = Table(tr("MEMBER",
                                 "MEMBRE"), tr("ENGAGED", "ENGAGÉ"), tr("ENTRY TERMS", "CONDITIONS D'ENTRÉE"), tr("EXIT TERMS", "CONDITIONS DE SORTIE"))
            for engagement in vision.engagements(of: stage.id) {
                let engaged = engagement.isLapsed(on: vision.today) && engagement.engaged
                    ? tr("lapsed \(engagement.renewOn.map(shownDate) ?? "")",
                         "échu le \(engagement.renewOn.map(shownDate) ?? "")") : (engagement.engaged ? tr("yes", "oui") : tr("no", "non"))
                table.add(vision.name(engagement.member), engaged,
                          engagement.entryTerms ?? "-", engagement.exitTerms ?? "-")
            }
            print(table.render())
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change a stage's title, goal, conditions, dates or status.",
                         "Changer le titre, l'objectif, les conditions, les dates ou le statut d'une étape."),
            discussion: helpText("Example: entente stage update Pilot --status active --start 2026-12-01",
                           "Exemple : entente stage update Pilot --status \"en cours\" --start 2026-12-01"))
        @Argument(help: ArgumentHelp(tr("Stage title or id prefix.", "Titre de l'étape ou début de son identifiant."))) var stage: String
        @Option(help: ArgumentHelp(tr("New title.", "Nouveau titre."))) var title: String?
        @OptionGroup var fields: StageFields
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.title != nil || self.fields.given else {
                throw ValidationError.atLeastOne(of: ["--title", "--goal", "--entry", "--exit", "--start", "--end", "--status"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            let fields = self.fields
            print(try workspace.updateStage(self.stage, title: self.title, goal: fields.goal, entryConditions: fields.entryConditions,
                                            exitConditions: fields.exitConditions, start: fields.start, end: fields.end, status: fields.status,
                                            reviewOn: fields.reviewOn).summary.shown)
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: tr("Move a stage in the plan.", "Déplacer une étape dans le plan."),
            discussion: helpText("Example: entente stage move \"Scale up\" --after Pilot",
                           "Exemple : entente stage move \"Scale up\" --after Pilot"))
        @Argument(help: ArgumentHelp(tr("Stage title or id prefix.", "Titre de l'étape ou début de son identifiant."))) var stage: String
        @OptionGroup var placement: StagePlacement
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.placement.given else { throw ValidationError(tr("say where: '--after STAGE', '--before STAGE' or '--first'",
                                                                              "dites où : « --after ÉTAPE », « --before ÉTAPE » ou « --first »")) }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.moveStage(self.stage, to: self.placement.place).summary.shown)
        }
    }

    struct Engage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engage",
            abstract: tr("Engage in a stage (or withdraw with --not), with your own entry and exit terms.",
                         "S'engager dans une étape (ou s'en retirer avec --not), avec vos propres conditions d'entrée et de sortie."),
            discussion: helpText("""
                Examples:
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "May leave after delivery"
                  entente stage engage "Scale up" --not \\
                      --exit-terms "Stops after the pilot"
                """, """
                Exemples :
                  entente stage engage Pilot --entry-terms "Two days a week" \\
                      --exit-terms "May leave after delivery"
                  entente stage engage "Scale up" --not \\
                      --exit-terms "Stops after the pilot"
                """))
        @Argument(help: ArgumentHelp(tr("Stage title or id prefix.", "Titre de l'étape ou début de son identifiant."))) var stage: String
        @Option(help: ArgumentHelp(tr("Only yourself: engagement and terms are the member's own.",
                                      "Vous seulement : l'engagement et ses conditions appartiennent au membre."), visibility: .hidden)) var member: String?
        @Flag(name: .customLong("not"), help: ArgumentHelp(tr("Record that the member does not engage in this stage.",
                                                              "Noter que le membre ne s'engage pas dans cette étape."))) var notEngaged = false
        @Option(help: ArgumentHelp(tr("The member's own entry terms.",
                                      "Les conditions d'entrée propres au membre."))) var entryTerms: String?
        @Option(help: ArgumentHelp(tr("The member's own exit terms.",
                                      "Les conditions de sortie propres au membre."))) var exitTerms: String?
        @Option(help: ArgumentHelp(tr("YYYY-MM-DD: the engagement lapses then unless renewed (engage again with a later date).",
                                      "AAAA-MM-JJ : l'engagement arrive à échéance à cette date s'il n'est pas renouvelé (engagez-vous à nouveau avec une date plus tardive)."))) var renewOn: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.engage(stage: self.stage, engaged: !self.notEngaged, entryTerms: self.entryTerms, exitTerms: self.exitTerms,
                                       member: self.member, renewOn: self.renewOn).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: tr("Archive a stage (nothing is deleted).",
                                                                     "Archiver une étape (rien n'est effacé)."))
        @Argument(help: ArgumentHelp(tr("Stage title or id prefix.", "Titre de l'étape ou début de son identifiant."))) var stage: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveStage(self.stage).summary.shown)
        }
    }
}
