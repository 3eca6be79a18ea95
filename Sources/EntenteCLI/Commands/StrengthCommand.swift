import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct StrengthCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strength",
            abstract: tr("Map complementarities: each member's strengths, weaknesses, offers and needs per skill area.",
                         "Cartographier les complémentarités : forces, faiblesses, offres et besoins de chaque membre, par domaine de compétence."),
            discussion: helpText("""
                The report shows, area by area, whose strength or offer covers another's weakness
                or need, and the gaps nobody covers.
                Examples:
                  entente strength add "Public tenders" --type strength
                  entente strength add Design --type need --member Bob \\
                      --note "No in-house designer"
                  entente strength report
                """, """
                Le rapport montre, domaine par domaine, quelle force ou quelle offre d'un
                membre couvre la faiblesse ou le besoin d'un autre, et les manques que personne
                ne couvre.
                Exemples :
                  entente strength add "Public tenders" --type strength
                  entente strength add Design --type need --member Bob \\
                      --note "No in-house designer"
                  entente strength report
                """),
            subcommands: [List.self, Add.self, Update.self, Report.self, Archive.self],
            defaultSubcommand: Report.self,
            aliases: ["complementarity"])
    }
}

extension EntenteCommand.StrengthCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List every strength, weakness, offer and need.",
                                                                     "Lister toutes les forces, faiblesses, offres et besoins."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(vision.complementarities.map { ComplementarityShape($0, vision) }))
                return
            }
            var table = Table("ID", tr("MEMBER", "MEMBRE"), tr("AREA", "DOMAINE"), "TYPE", "NOTE")
            for entry in vision.complementarities {
                table.add(entry.id.short, vision.name(entry.member), entry.area, entry.kind.localized, entry.note ?? "")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Record a strength, weakness, offer or need in a skill area (by default, yours).",
                         "Noter une force, une faiblesse, une offre ou un besoin dans un domaine de compétence (par défaut, pour vous)."),
            discussion: helpText("""
                Examples:
                  entente strength add "Public tenders" --type strength
                  entente strength add Accounting --type weakness --member Carol
                """, """
                Exemples :
                  entente strength add "Public tenders" --type strength
                  entente strength add Accounting --type weakness --member Carol
                """))
        @Argument(help: ArgumentHelp(tr("The skill area, for example \"Design\" or \"Public tenders\".",
                                        "Le domaine de compétence, par exemple « Design » ou « Marchés publics »."))) var area: String
        @Option(help: ArgumentHelp(tr("strength, weakness, offer or need.",
                                      "force, faiblesse, offre ou besoin."))) var type = tr("strength", "force")
        @Option(help: ArgumentHelp(tr("Whose (member name or id prefix; default: you).",
                                      "De qui (nom du membre ou début de son identifiant ; par défaut : vous)."))) var member: String?
        @Option(help: ArgumentHelp(tr("A note.", "Une note."))) var note: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.addComplementarity(area: self.area, type: self.type, member: self.member, note: self.note).summary.shown)
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: tr("The matrix of areas by members, who covers whom, and the gaps.",
                                                                     "Le tableau des domaines par membre, qui couvre qui, et les manques."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = ComplementarityReport(records: vision.records, today: vision.today)
            if self.output.json {
                printVerbatim(try JSONOutput.render(ComplementarityReportShape(report, vision)))
                return
            }
            print(Self.render(report, vision, .standard))
        }

        /// The matrix, then coverage and gaps, as text.
        static func render(_ report: ComplementarityReport, _ vision: Vision, _ terminal: Terminal) -> String {
            guard !report.areas.isEmpty else {
                return tr("No complementarities yet. Add one with `entente strength add AREA --type strength`.",
                          "Aucune complémentarité pour l'instant. Ajoutez-en une avec `entente strength add AREA --type strength`.")
            }
            var matrix = Table([tr("AREA", "DOMAINE")] + report.members.map { vision.name($0).uppercased() })
            for area in report.areas {
                matrix.add([area] + report.members.map { member in
                    let kinds = report.kinds(area: area, member: member)
                    return kinds.isEmpty ? "." : kinds.map(\.localized).joined(separator: "+")
                })
            }
            var lines = [matrix.render(terminal), ""]
            for item in report.coverage {
                let line = tr("\(item.area): \(vision.name(item.member))'s \(item.kind.localized)",
                              "\(item.area) : \(item.kind.localized) chez \(vision.name(item.member))")
                if item.coveredBy.isEmpty {
                    lines.append(terminal.red(tr("GAP  \(line): nobody covers it", "MANQUE  \(line), que personne ne couvre")))
                } else {
                    let coveredBy = Names.list(item.coveredBy, vision)
                    lines.append(terminal.green(tr("ok   \(line) is covered by \(coveredBy)", "ok      \(line), couvert par \(coveredBy)")))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Change an entry's area, type or note.", "Changer le domaine, le type ou la note d'une entrée."),
            discussion: helpText("Example: entente strength update 3fa2 --type offer --note \"Can train the others\"",
                           "Exemple : entente strength update 3fa2 --type offer --note \"Can train the others\""))
        @Argument(help: ArgumentHelp(tr("Entry id prefix (see `entente strength list`).",
                                        "Début de l'identifiant de l'entrée (voir `entente strength list`)."))) var entry: String
        @Option(help: ArgumentHelp(tr("New skill area.", "Nouveau domaine de compétence."))) var area: String?
        @Option(help: ArgumentHelp(tr("strength, weakness, offer or need.",
                                      "strength (force), weakness (faiblesse), offer (offre) ou need (besoin)."))) var type: String?
        @Option(help: ArgumentHelp(tr("New note.", "Nouvelle note."))) var note: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.area != nil || self.type != nil || self.note != nil else {
                throw ValidationError.atLeastOne(of: ["--area", "--type", "--note"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateComplementarity(self.entry, area: self.area, type: self.type, note: self.note).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: tr("Archive an entry (nothing is deleted).",
                                                                     "Archiver une entrée (rien n'est effacé)."))
        @Argument(help: ArgumentHelp(tr("Entry id prefix (see `entente strength list`).",
                                        "Début de l'identifiant de l'entrée (voir `entente strength list`)."))) var entry: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveComplementarity(self.entry).summary.shown)
        }
    }
}
