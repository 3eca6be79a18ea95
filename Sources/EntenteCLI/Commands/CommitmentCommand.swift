import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct CommitmentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commitment",
            abstract: tr("Record who commits to what, towards whom, for which stage, by when; accept, complete or drop commitments.",
                         "Noter qui s'engage à quoi, envers qui, pour quelle étape et pour quand ; accepter, tenir ou abandonner des engagements."),
            discussion: helpText("""
                Examples:
                  entente commitment add "Draft the tender answer" --stage Pilot \\
                      --due 2026-12-15
                  entente commitment accept "Draft the tender answer"
                  entente commitment update 3fa2 --status done
                """, """
                Exemples :
                  entente commitment add "Draft the tender answer" --stage Pilot \\
                      --due 2026-12-15
                  entente commitment accept "Draft the tender answer"
                  entente commitment update 3fa2 --status done
                """),
            subcommands: [List.self, Add.self, Show.self, Accept.self, Update.self],
            defaultSubcommand: List.self)
    }
}

/// The JSON shape of a commitment (`entente commitment list --json`).
struct CommitmentShape: Encodable {
    var id: String
    var what: String
    @Nullable var by: String?
    @Nullable var byName: String?
    var towards: [String]
    @Nullable var stage: String?
    @Nullable var stageTitle: String?
    @Nullable var due: String?
    var status: String
    var acceptedBy: [String]
    var conflicts: [String]

    init(_ commitment: Commitment, _ vision: Vision) {
        self.id = commitment.id.hex
        self.what = commitment.what
        self.by = commitment.by?.hex
        self.byName = commitment.by.map { vision.name($0) }
        self.towards = commitment.towards.map { vision.name($0) }
        self.stage = commitment.stage?.hex
        self.stageTitle = commitment.stage.map { Names.stage($0, vision) }
        self.due = commitment.due
        self.status = commitment.status.rawValue
        self.acceptedBy = commitment.acceptedBy.map { vision.name($0) }
        self.conflicts = commitment.record.conflictedFields
    }
}

extension EntenteCommand.CommitmentCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List commitments.", "Lister les engagements."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let commitments = workspace.records.compactMap(Commitment.init).filter { !$0.record.isArchived }
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(commitments.map { CommitmentShape($0, vision) }))
                return
            }
            var table = Table("ID", tr("BY",
                                       "PAR"), tr("WHAT", "QUOI"), tr("TOWARDS", "ENVERS"), tr("STAGE", "ÉTAPE"), tr("DUE", "ÉCHÉANCE"),
                              tr("STATUS", "STATUT"))
            for commitment in commitments {
                let towards = commitment.towards.isEmpty
                    ? tr("collective", "collectif") : commitment.towards.map { workspace.memberName($0) }.joined(separator: ", ")
                let conflict = commitment.record.conflictedFields.isEmpty ? "" : tr(" (conflict)", " (conflit)")
                table.add(commitment.id.short, workspace.memberName(commitment.by), commitment.what, towards,
                          Names.stage(commitment.stage, vision), commitment.due.map(shownDate) ?? "-", commitment.status.localized + conflict)
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Commit to something (by default, you commit).",
                         "S'engager à quelque chose (par défaut, c'est vous qui vous engagez)."),
            discussion: helpText("""
                Examples:
                  entente commitment add "Draft the tender answer" --due 2026-12-15
                  entente commitment add "Review the budget" --towards Alice \\
                      --towards Carol --stage Pilot
                """, """
                Exemples :
                  entente commitment add "Draft the tender answer" --due 2026-12-15
                  entente commitment add "Review the budget" --towards Alice \\
                      --towards Carol --stage Pilot
                """))
        @Argument(help: ArgumentHelp(tr("What is committed to.", "Ce à quoi on s'engage."))) var what: String
        @Option(help: ArgumentHelp(tr("Only yourself: a commitment is its author's own.",
                                      "Vous seulement : un engagement appartient à son auteur."), visibility: .hidden)) var by: String?
        @Option(help: ArgumentHelp(tr("Towards whom (repeatable; default: the whole collective).",
                                      "Envers qui (répétable ; par défaut : tout le collectif)."))) var towards: [String] = []
        @Option(help: ArgumentHelp(tr("Due date, YYYY-MM-DD.", "Échéance, AAAA-MM-JJ."))) var due: String?
        @Option(help: ArgumentHelp(tr("The stage it belongs to (title or id prefix).",
                                      "L'étape dont il relève (titre ou début d'identifiant)."))) var stage: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.addCommitment(what: self.what, by: self.by, towards: self.towards, due: self.due, stage: self.stage).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one commitment, with any conflicting values.",
                                                                     "Afficher un engagement, avec ses éventuelles valeurs en conflit."))
        @Argument(help: ArgumentHelp(tr("Commitment id prefix or exact text.",
                                        "Début de l'identifiant de l'engagement, ou son texte exact."))) var commitment: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            guard let commitment = Commitment(try workspace.resolver.resolve(self.commitment, kind: RecordKind.commitment)) else { return }
            if self.output.json {
                printVerbatim(try JSONOutput.render(CommitmentShape(commitment, workspace.vision)))
                return
            }
            let labels = Labels([tr("by",
                                    "par"), tr("towards", "envers"), tr("stage", "étape"), tr("due", "échéance"), tr("status", "statut"),
                                 tr("accepted by", "accepté par")])
            print("\(commitment.what)  (\(commitment.id.hex))")
            print(labels[0] + workspace.memberName(commitment.by))
            print(labels[1] + (commitment.towards.isEmpty
                ? tr("the collective", "le collectif") : commitment.towards.map { workspace.memberName($0) }.joined(separator: ", ")))
            print(labels[2] + Names.stage(commitment.stage, workspace.vision))
            print(labels[3] + (commitment.due.map(shownDate) ?? "-"))
            print(labels[4] + commitment.status.localized)
            if !commitment.acceptedBy.isEmpty {
                print(labels[5] + commitment.acceptedBy.map { workspace.memberName($0) }.joined(separator: ", "))
            }
            let words = try workspace.changeWords()
            for field in commitment.record.conflictedFields {
                let siblings = commitment.record.registers[field] ?? []
                let name = ChangeWords.fieldName(field)
                print(tr("conflict on \(name.english): ", "conflit sur \(name.french) : ")
                    + siblings.map { write in
                        "\(words.valueInWords(kind: RecordKind.commitment, field: field, write.value).localized) (\(workspace.directory.name(of: write.tag.author)))"
                    }.joined(separator: " | "))
            }
            // Every status transition, with who made it: the change log attributes each write.
            var clock = Formatting.LocalClock()
            let transitions = try workspace.replica.history(of: commitment.id).compactMap { entry -> String? in
                guard case .set(_, Commitment.Field.status, let value) = entry.operation else { return nil }
                let author = workspace.directory.name(of: entry.author)
                let status = words.valueInWords(kind: RecordKind.commitment, field: Commitment.Field.status, value).localized
                return "  \(clock.time(entry.timestamp))  \(status)  " + tr("by \(author)", "par \(author)")
            }
            if !transitions.isEmpty {
                print(tr("status history:", "historique du statut :"))
                transitions.forEach { print($0) }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "accept", abstract: tr("Accept a commitment made towards you or the collective.",
                                                                     "Accepter un engagement pris envers vous ou envers le collectif."))
        @Argument(help: ArgumentHelp(tr("Commitment id prefix or exact text.",
                                        "Début de l'identifiant de l'engagement, ou son texte exact."))) var commitment: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.acceptCommitment(self.commitment).summary.shown)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change a commitment's status, text or due date.", "Changer le statut, le texte ou l'échéance d'un engagement."),
            discussion: helpText("Example: entente commitment update 3fa2 --status done",
                           "Exemple : entente commitment update 3fa2 --status done"))
        @Argument(help: ArgumentHelp(tr("Commitment id prefix or exact text.",
                                        "Début de l'identifiant de l'engagement, ou son texte exact."))) var commitment: String
        @Option(help: ArgumentHelp(tr("proposed, accepted, done, dropped or broken.",
                                      "proposé, accepté, tenu (ou fait), abandonné ou rompu."))) var status: String?
        @Option(help: ArgumentHelp(tr("New text.", "Nouveau texte."))) var what: String?
        @Option(help: ArgumentHelp(tr("New due date, YYYY-MM-DD.", "Nouvelle échéance, AAAA-MM-JJ."))) var due: String?
        @Option(help: ArgumentHelp(tr("New stage (title or id prefix).",
                                      "Nouvelle étape (titre ou début d'identifiant)."))) var stage: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.status != nil || self.what != nil || self.due != nil || self.stage != nil else {
                throw ValidationError.atLeastOne(of: ["--status", "--what", "--due", "--stage"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateCommitment(self.commitment, status: self.status, what: self.what, due: self.due, stage: self.stage).summary.shown)
        }
    }
}
