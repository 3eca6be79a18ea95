import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts",
            abstract: tr("List every field edited concurrently, and records archived while someone edited them.", "Lister chaque champ modifié en même temps par plusieurs, et les fiches archivées pendant qu'on les modifiait."),
            discussion: helpText("""
                A later edit of the field by someone who has seen the conflict resolves it.
                A record archived while someone edited it: `entente restore ID` brings it back
                with the edit, `entente archive ID` keeps it archived, the edit seen.
                """, """
                Une nouvelle modification du champ, par quelqu'un qui a vu le conflit, le résout.
                Une fiche archivée pendant qu'on la modifiait : `entente restore ID` la rétablit
                avec la modification, `entente archive ID` la garde archivée, modification vue.
                """))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            struct Sibling: Encodable {
                var value: String
                var author: String
                var authorKey: String
                var time: String
                var winner: Bool
                /// For people: the value in words and the local time (not in JSON).
                var words = Phrase("", fr: "")
                var localTime = ""

                enum CodingKeys: String, CodingKey { case value, author, authorKey, time, winner }
            }
            var record: String
            var kind: String
            var label: String
            var field: String
            var values: [Sibling]
        }

        /// A record archived by one member while another edited it.
        struct ArchivedShape: Encodable {
            struct Edit: Encodable {
                var field: String
                var value: String
                var author: String
                var time: String
                /// For people (not in JSON): the field and value in words, the local time.
                var words = Phrase("", fr: "")
                var localTime = ""

                enum CodingKeys: String, CodingKey { case field, value, author, time }
            }
            var record: String
            var kind: String
            var label: String
            var archivedBy: String
            var archivedAt: String
            var edits: [Edit]
            var localArchivedAt = ""

            enum CodingKeys: String, CodingKey { case record, kind, label, archivedBy, archivedAt, edits }
        }

        /// A passage of text two members rewrote at the same time.
        struct RewriteShape: Encodable {
            struct Version: Encodable {
                var author: String
                var text: String
            }
            var record: String
            var field: String
            var authors: [String]
            var message: String
            /// The passage both replaced, and each author's wording.
            var original: String
            var versions: [Version]
        }

        struct Everything: Encodable {
            var fields: [Shape]
            var archived: [ArchivedShape]
            var rewrites: [RewriteShape]
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let conflicts = try Self.collect(workspace)
            let archived = try Self.archived(workspace)
            let rewrites = try Self.rewrites(workspace)
            if self.output.json {
                printVerbatim(try JSONOutput.render(Everything(fields: conflicts, archived: archived, rewrites: rewrites)))
                return
            }
            print(Terminal.standard.fit(Self.render(conflicts, archived, rewrites)))
        }

        static func rewrites(_ workspace: Workspace) throws -> [RewriteShape] {
            try workspace.textRewrites().map { rewrite in
                let wording = try workspace.wording(of: rewrite)
                return RewriteShape(record: rewrite.record.hex, field: rewrite.field, authors: rewrite.authors.map { workspace.directory.name(of: $0) }.sorted(),
                                    message: workspace.rewriteInWords(rewrite).localized, original: wording.original,
                                    versions: wording.versions.map { RewriteShape.Version(author: $0.author, text: $0.text) })
            }
        }

        static func archived(_ workspace: Workspace) throws -> [ArchivedShape] {
            let byID = Dictionary(workspace.records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let words = try workspace.changeWords()
            var clock = Formatting.LocalClock()
            return try workspace.archiveConflicts().map { conflict in
                ArchivedShape(
                    record: conflict.record.hex, kind: conflict.kind, label: byID[conflict.record].map(workspace.resolver.label) ?? conflict.kind,
                    archivedBy: workspace.directory.name(of: conflict.archive.tag.author), archivedAt: Formatting.iso(conflict.archive.timestamp),
                    edits: conflict.edits.map { edit in
                        let value = words.valueInWords(kind: conflict.kind, field: edit.field, edit.write.value)
                        let field = ChangeWords.fieldName(edit.field)
                        return .init(field: edit.field, value: edit.write.value.description, author: workspace.directory.name(of: edit.write.tag.author),
                                     time: Formatting.iso(edit.write.timestamp),
                                     words: Phrase("\(field.english): \(value.english)", fr: "\(field.french) : \(value.french)"),
                                     localTime: clock.time(edit.write.timestamp))
                    },
                    localArchivedAt: clock.time(conflict.archive.timestamp))
            }
        }

        static func collect(_ workspace: Workspace) throws -> [Shape] {
            let words = try workspace.changeWords()
            var clock = Formatting.LocalClock()
            var conflicts: [Shape] = []
            for record in workspace.records {
                for field in record.conflictedFields {
                    let siblings = record.registers[field] ?? []
                    // The value the record reads: the displayed winner, except a risk's scores, which
                    // the core reads at the highest while in conflict (VISION.md, "`risk`").
                    let risk = Risk(record)
                    let score = field == Risk.Field.likelihood ? risk?.likelihood : field == Risk.Field.impact ? risk?.impact : nil
                    let read = score.flatMap { value in siblings.firstIndex { $0.value == .int(value) } } ?? 0
                    conflicts.append(Shape(
                        record: record.id.hex, kind: record.kind, label: workspace.resolver.label(record), field: field,
                        values: siblings.enumerated().map { index, write in
                            .init(value: write.value.description, author: workspace.directory.name(of: write.tag.author),
                                  authorKey: write.tag.author.hex, time: Formatting.iso(write.timestamp), winner: index == read,
                                  words: words.valueInWords(kind: record.kind, field: field, write.value), localTime: clock.time(write.timestamp))
                        }))
                }
            }
            return conflicts
        }

        static func render(_ conflicts: [Shape], _ archived: [ArchivedShape] = [], _ rewrites: [RewriteShape] = []) -> String {
            guard !conflicts.isEmpty || !archived.isEmpty || !rewrites.isEmpty else { return tr("No conflicts.", "Aucun conflit.") }
            var lines: [String] = []
            for rewrite in rewrites {
                lines.append(rewrite.message)
                lines.append("  " + tr("before: ", "avant : ") + tr("“\(rewrite.original)”", "« \(rewrite.original) »"))
                for version in rewrite.versions {
                    lines.append("  \(version.author)\(tr(":", " :")) " + tr("“\(version.text)”", "« \(version.text) »"))
                }
            }
            for item in archived {
                let editors = Set(item.edits.map(\.author)).sorted()
                let short = String(item.record.prefix(8)), noun = ChangeWords.kindName(item.kind)
                lines.append(tr("\(noun.english.capitalizedFirst) \(short) “\(item.label)”: archived by \(item.archivedBy) (\(item.localArchivedAt)) while \(editors.joined(separator: " and ")) changed it:",
                                "\(noun.french.capitalizedFirst) \(short) « \(item.label) » : archivé par \(item.archivedBy) (\(item.localArchivedAt)) pendant que \(editors.joined(separator: " et ")) le modifiait :"))
                for edit in item.edits {
                    lines.append("    \(edit.words.localized)  — \(edit.author), \(edit.localTime)")
                }
                lines.append(tr("  restore it with `entente restore \(short)`, or keep it archived with `entente archive \(short)`",
                                "  rétablissez-le avec `entente restore \(short)`, ou gardez-le archivé avec `entente archive \(short)`"))
            }
            guard !conflicts.isEmpty else { return lines.joined(separator: "\n") }
            for conflict in conflicts {
                let noun = ChangeWords.kindName(conflict.kind).localized.capitalizedFirst
                let field = ChangeWords.fieldName(conflict.field).localized
                lines.append(tr("\(noun) \(String(conflict.record.prefix(8))) “\(Excerpt.of(conflict.label, characters: Excerpt.confirmation))”, \(field):",
                                "\(noun) \(String(conflict.record.prefix(8))) « \(Excerpt.of(conflict.label, characters: Excerpt.confirmation)) », \(field) :"))
                for sibling in conflict.values {
                    lines.append("  \(sibling.winner ? "*" : " ") \(sibling.words.localized)  — \(sibling.author), \(sibling.localTime)")
                }
            }
            lines.append(tr("(* is the value read for now; set the field again to settle it)",
                            "(* : la valeur retenue pour l'instant ; modifiez le champ de nouveau pour trancher)"))
            return lines.joined(separator: "\n")
        }
    }

    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: tr("Pull every change this replica lacks from another replica folder or a bundle file.", "Récupérer chaque changement qui manque à ce réplica depuis le dossier d'un autre réplica ou un fichier paquet."),
            discussion: helpText("Example:", "Exemple :") + " entente merge /media/usb/bob-replica")
        @Argument(help: ArgumentHelp(tr("Another replica's folder, or a bundle file.", "Le dossier d'un autre réplica, ou un fichier paquet."))) var path: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let outcome = try Merging.merge(into: try self.options.open(), from: self.path)
            print(Self.summary(outcome.report))
            if let renewal = outcome.secretRenewal { say(renewal.localized) }
        }

        static func summary(_ report: Merge.Report) -> String {
            var parts = [tr("\(report.applied.count) new change(s) applied", French.count(report.applied.count, "nouveau changement appliqué", "nouveaux changements appliqués"))]
            if report.duplicates > 0 { parts.append(tr("\(report.duplicates) already known", French.count(report.duplicates, "déjà connu", "déjà connus"))) }
            if report.pending > 0 { parts.append(tr("\(report.pending) waiting for earlier changes", "\(report.pending) en attente de changements antérieurs")) }
            if !report.forks.isEmpty {
                parts.append(tr("\(report.forks.count) FORKED change(s) kept as evidence: run `entente audit`",
                                French.count(report.forks.count, "changement d'une HISTOIRE DOUBLE gardé", "changements d'une HISTOIRE DOUBLE gardés") + " comme preuve : lancez `entente audit`"))
            }
            if !report.strangers.isEmpty {
                parts.append(tr("\(report.strangers.count) change(s) by keys no member admitted, ignored",
                                French.count(report.strangers.count, "changement signé par une clé qu'aucun membre n'a admise, ignoré", "changements signés par des clés qu'aucun membre n'a admises, ignorés")))
            }
            if !report.refusals.isEmpty {
                parts.append(tr("\(report.refusals.count) operation(s) without effect (signed without the right): run `entente audit`",
                                French.count(report.refusals.count, "opération sans effet (signée sans en avoir le droit)", "opérations sans effet (signées sans en avoir le droit)") + " : lancez `entente audit`"))
            }
            return parts.joined(separator: ", ") + "."
        }
    }
}

import Foundation
