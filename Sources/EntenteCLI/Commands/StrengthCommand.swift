import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct StrengthCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strength",
            abstract: "Map complementarities: each member's strengths, weaknesses, offers and needs per skill area.",
            discussion: """
                The report shows, area by area, whose strength or offer covers another's weakness
                or need, and the gaps nobody covers.
                Examples:
                  entente strength add "Public tenders" --type strength
                  entente strength add Design --type need --member Bob \\
                      --note "No in-house designer"
                  entente strength report
                """,
            subcommands: [List.self, Add.self, Update.self, Report.self, Archive.self],
            defaultSubcommand: Report.self,
            aliases: ["complementarity"])
    }
}

extension EntenteCommand.StrengthCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every strength, weakness, offer and need.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            if self.output.json {
                print(try JSONOutput.render(vision.complementarities.map { ComplementarityShape($0, vision) }))
                return
            }
            var table = Table("ID", "MEMBER", "AREA", "TYPE", "NOTE")
            for entry in vision.complementarities {
                table.add(entry.id.short, vision.name(entry.member), entry.area, entry.kind.rawValue, entry.note ?? "")
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a strength, weakness, offer or need in a skill area (by default, yours).",
            discussion: """
                Examples:
                  entente strength add "Public tenders" --type strength
                  entente strength add Accounting --type weakness --member Carol
                """)
        @Argument(help: "The skill area, for example \"Design\" or \"Public tenders\".") var area: String
        @Option(help: "strength, weakness, offer or need.") var type = "strength"
        @Option(help: "Whose (member name or id prefix; default: you).") var member: String?
        @Option(help: "A note.") var note: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.addComplementarity(area: self.area, type: self.type, member: self.member, note: self.note).summary.localized)
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The matrix of areas by members, who covers whom, and the gaps.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let report = ComplementarityReport(records: vision.records, today: vision.today)
            if self.output.json {
                print(try JSONOutput.render(ComplementarityReportShape(report, vision)))
                return
            }
            print(Self.render(report, vision, .standard))
        }

        /// The matrix, then coverage and gaps, as text.
        static func render(_ report: ComplementarityReport, _ vision: Vision, _ terminal: Terminal) -> String {
            guard !report.areas.isEmpty else {
                return "No complementarities yet. Add one with `entente strength add AREA --type strength`."
            }
            var matrix = Table(["AREA"] + report.members.map { vision.name($0).uppercased() })
            for area in report.areas {
                matrix.add([area] + report.members.map { member in
                    let kinds = report.kinds(area: area, member: member)
                    return kinds.isEmpty ? "." : kinds.map(\.rawValue).joined(separator: "+")
                })
            }
            var lines = [matrix.render(terminal), ""]
            for item in report.coverage {
                let line = "\(item.area): \(vision.name(item.member))'s \(item.kind.rawValue)"
                if item.coveredBy.isEmpty {
                    lines.append(terminal.red("GAP  \(line): nobody covers it"))
                } else {
                    lines.append(terminal.green("ok   \(line) is covered by \(Names.list(item.coveredBy, vision))"))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an entry's area, type or note.",
            discussion: "Example: entente strength update 3fa2 --type offer --note \"Can train the others\"")
        @Argument(help: "Entry id prefix (see `entente strength list`).") var entry: String
        @Option(help: "New skill area.") var area: String?
        @Option(help: "strength, weakness, offer or need.") var type: String?
        @Option(help: "New note.") var note: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.area != nil || self.type != nil || self.note != nil else {
                throw ValidationError("give at least one of '--area', '--type' or '--note'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateComplementarity(self.entry, area: self.area, type: self.type, note: self.note).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive an entry (nothing is deleted).")
        @Argument(help: "Entry id prefix (see `entente strength list`).") var entry: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveComplementarity(self.entry).summary.localized)
        }
    }
}
