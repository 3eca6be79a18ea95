import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore

/// The JSON shape of `entente exit list --json`.
struct ExitTermsShape: Encodable {
    var id: String
    var kind: String
    @Nullable var memberName: String?
    @Nullable var stageTitle: String?
    @Nullable var noticeDays: Int64?
    @Nullable var keeps: String?
    @Nullable var settlement: String?
    /// Thousandths of their share the leaver keeps.
    @Nullable var keepsShare: Int64?
    @Nullable var reviewOn: String?

    init(_ terms: ExitTerms, _ vision: Vision) {
        self.id = terms.id.hex
        self.kind = terms.kind?.rawValue ?? ""
        self.memberName = terms.member.map { vision.name($0) }
        self.stageTitle = terms.stage.map { Names.stage($0, vision) }
        self.noticeDays = terms.noticeDays
        self.keeps = terms.keeps
        self.settlement = terms.settlement
        self.keepsShare = terms.keepsShare
        self.reviewOn = terms.reviewOn
    }
}

extension EntenteCommand {
    struct ExitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exit",
            abstract: tr("Agree, before anyone leaves, what applies for each kind of exit: notice, what the leaver keeps, how their work is settled.",
                         "Convenir, avant tout départ, de ce qui s'applique à chaque type de départ : préavis, ce que garde la personne qui part, comment son travail est réglé."),
            discussion: helpText("""
                Kinds: \(ExitKind.listed(.english)).
                The collective's terms apply to everyone; a member may add their own (--mine), and
                terms may be for one stage. `entente member leave --kind KIND` shows the terms that apply.
                Examples:
                  entente exit add good-reason --notice 30 --keeps-share "100 %" \\
                      --keeps "Their own clients" --settlement "Paid at the next invoice"
                  entente exit add excluded-with-cause --keeps-share "0 %"
                  entente exit show no-good-reason --member Bob
                """, """
                Types : \(ExitKind.listed(.french)).
                Les conditions du collectif s'appliquent à tous ; un membre peut ajouter les
                siennes (--mine), et des conditions peuvent ne valoir que pour une étape.
                `entente member leave --kind KIND` affiche les conditions qui s'appliquent.
                Exemples :
                  entente exit add "bonne raison" --notice 30 --keeps-share "100 %" \\
                      --keeps "Their own clients" --settlement "Paid at the next invoice"
                  entente exit add "exclusion pour faute" --keeps-share "0 %"
                  entente exit show "sans bonne raison" --member Bob
                """),
            subcommands: [List.self, Add.self, Show.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ExitCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the exit terms in force.",
                                                                     "Lister les conditions de départ en vigueur."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let terms = ExitTerms.current(in: vision.records)
            if self.output.json {
                printVerbatim(try JSONOutput.render(terms.map { ExitTermsShape($0, vision) }))
                return
            }
            guard !terms.isEmpty else {
                print(tr("No exit terms agreed yet: agree them before anyone leaves, with `entente exit add KIND ...`.",
                         "Aucune condition de départ convenue pour l'instant : convenez-en avant tout départ, avec `entente exit add KIND ...`."))
                return
            }
            var table = Table(tr("KIND",
                                 "TYPE"), tr("WHOSE", "DE QUI"), tr("STAGE", "ÉTAPE"), tr("NOTICE", "PRÉAVIS"), tr("KEEPS SHARE", "PART GARDÉE"),
                              tr("KEEPS", "GARDE"), tr("SETTLEMENT", "RÈGLEMENT"))
            for item in terms {
                table.add(item.kind?.localized ?? "?", item.member.map { vision.name($0) } ?? tr("collective",
                                                                                                "collectif"), Names.stage(item.stage, vision),
                          item.noticeDays.map { tr("\($0) days",
                                                   "\($0) jours") } ?? "-", item.keepsShare.map { Money.ratio($0, percent: true, language: .current) } ?? "-",
                          item.keeps ?? "-", item.settlement ?? "-")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Record the terms for one kind of exit (they replace earlier ones for the same kind, member and stage).",
                                                                     "Noter les conditions d'un type de départ (elles remplacent les précédentes pour le même type, le même membre et la même étape)."))
        @Argument(help: ArgumentHelp(tr("good-reason, no-good-reason, excluded-with-cause or excluded-without-cause.",
                                        "good-reason (bonne raison), no-good-reason (sans bonne raison), excluded-with-cause (exclusion pour faute) ou excluded-without-cause (exclusion sans faute)."))) var kind: String
        @Flag(help: ArgumentHelp(tr("Your own terms rather than the collective's.",
                                    "Vos propres conditions plutôt que celles du collectif."))) var mine = false
        @Option(help: ArgumentHelp(tr("Only for this stage (title or id prefix).",
                                      "Seulement pour cette étape (titre ou début d'identifiant)."))) var stage: String?
        @Option(help: ArgumentHelp(tr("Notice period, in days.", "Préavis, en jours."))) var notice: Int?
        @Option(help: ArgumentHelp(tr("What the leaver keeps of the collective's work and clients.",
                                      "Ce que garde la personne qui part, du travail et des clients du collectif."))) var keeps: String?
        @Option(help: ArgumentHelp(tr("How their contributions are settled.",
                                      "Comment ses contributions sont réglées."))) var settlement: String?
        @Option(help: ArgumentHelp(tr("The part of their share they keep, for example \"50 %\".",
                                      "La proportion de sa part que garde la personne qui part, par exemple « 50 % »."))) var keepsShare: String?
        @Option(help: ArgumentHelp(tr("YYYY-MM-DD: when the collective means to review these terms.",
                                      "AAAA-MM-JJ : quand le collectif compte revoir ces conditions."))) var reviewOn: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.setExitTerms(kind: self.kind, mine: self.mine, stage: self.stage, noticeDays: self.notice, keeps: self.keeps,
                                             settlement: self.settlement, keepsShare: self.keepsShare,
                                             reviewOn: self.reviewOn).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("The terms that would apply to a member leaving by this kind of exit.",
                                                                     "Les conditions qui s'appliqueraient à un membre partant par ce type de départ."))
        @Argument(help: ArgumentHelp(tr("The kind of exit.", "Le type de départ."))) var kind: String
        @Option(help: ArgumentHelp(tr("The member (default: you).", "Le membre (par défaut : vous)."))) var member: String?
        @Option(help: ArgumentHelp(tr("The stage at which they would leave.",
                                      "L'étape à laquelle le membre partirait."))) var stage: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let kind = try Input.choice(self.kind, ExitKind.self, option: Phrase("the kind of exit", fr: "le type de départ"))
            let member = try workspace.member(orMe: self.member)
            let stage = try self.stage.map { try workspace.stage($0) }
            print(workspace.exitTermsInWords(member: member, stage: stage, kind: kind).localized)
        }
    }
}
