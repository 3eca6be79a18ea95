import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every field edited concurrently, with who wrote what and when.",
            discussion: "A later edit of the field by someone who has seen the conflict resolves it.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            struct Sibling: Encodable {
                var value: String
                var author: String
                var authorKey: String
                var time: String
                var winner: Bool
            }
            var record: String
            var kind: String
            var label: String
            var field: String
            var values: [Sibling]
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let conflicts = Self.collect(workspace)
            print(self.output.json ? try JSONOutput.render(conflicts) : Self.render(conflicts))
        }

        static func collect(_ workspace: Workspace) -> [Shape] {
            var conflicts: [Shape] = []
            for record in workspace.records {
                for field in record.conflictedFields {
                    let siblings = record.registers[field] ?? []
                    conflicts.append(Shape(
                        record: record.id.hex, kind: record.kind, label: workspace.resolver.label(record), field: field,
                        values: siblings.enumerated().map { index, write in
                            .init(value: write.value.description, author: workspace.directory.name(of: write.tag.author),
                                  authorKey: write.tag.author.hex, time: Formatting.iso(write.timestamp), winner: index == 0)
                        }))
                }
            }
            return conflicts
        }

        static func render(_ conflicts: [Shape]) -> String {
            guard !conflicts.isEmpty else { return "No conflicts." }
            var lines: [String] = []
            for conflict in conflicts {
                lines.append("\(conflict.kind) \(String(conflict.record.prefix(8))) \"\(conflict.label)\", field \(conflict.field):")
                for sibling in conflict.values {
                    lines.append("  \(sibling.winner ? "*" : " ") \(sibling.value)  — \(sibling.author), \(sibling.time)")
                }
            }
            lines.append("(* is the value shown for now; set the field again to resolve)")
            return lines.joined(separator: "\n")
        }
    }

    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Pull every change this replica lacks from another replica folder or a bundle file.",
            discussion: "Example: entente merge /media/usb/bob-replica")
        @Argument(help: "Another replica's folder, or a bundle file.") var path: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let replica = try self.options.open()
            let report = try replica.merge(from: URL(fileURLWithPath: self.path))
            print(Self.summary(report))
        }

        static func summary(_ report: Merge.Report) -> String {
            var parts = ["\(report.applied.count) new change(s) applied"]
            if report.duplicates > 0 { parts.append("\(report.duplicates) already known") }
            if report.pending > 0 { parts.append("\(report.pending) waiting for earlier changes") }
            if !report.forks.isEmpty { parts.append("\(report.forks.count) FORKED change(s) kept as evidence: run `entente audit`") }
            if !report.strangers.isEmpty { parts.append("\(report.strangers.count) change(s) by keys no member admitted, ignored") }
            if !report.refusals.isEmpty { parts.append("\(report.refusals.count) operation(s) without effect (signed without the right): run `entente audit`") }
            return parts.joined(separator: ", ") + "."
        }
    }
}

import Foundation
