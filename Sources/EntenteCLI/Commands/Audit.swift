import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every signature and chain; report forks and tampering. Exits non-zero on any failure.",
            discussion: "With --rebuild, also replays the whole log into a fresh state and compares it with the stored one.")
        @Flag(help: "Replay the log and compare the state.") var rebuild = false
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let replica = try self.options.open()
            let report = try replica.audit(rebuild: self.rebuild)
            let workspace = try Workspace(replica)
            print(Self.render(report, directory: workspace.directory, explain: { workspace.explain($0).localized }))
            if !report.passed { throw ExitCode.failure }
        }

        static func render(_ report: AuditReport, directory: Directory, explain: (OperationRefusal) -> String = \.explanation) -> String {
            var lines = ["Checked \(report.checkedChanges) change(s) by \(report.authors) author(s)."]
            for problem in report.problems {
                let who = problem.author.map { " [\(directory.name(of: $0))]" } ?? ""
                lines.append("TAMPERED\(who): \(problem)")
            }
            for fork in report.forks {
                lines.append("FORK: \(directory.name(of: fork.author)) (\(fork.author.short)) signed two different changes at #\(fork.seq): kept \(fork.kept.short), rejected \(fork.rejected.id.short)")
            }
            for refusal in report.refusals {
                lines.append("NO EFFECT: \(directory.name(of: refusal.author)) signed change \(refusal.change.short), operation \(refusal.operation), which the rules refuse (\(refusal.rule.rawValue)): \(explain(refusal))")
            }
            if report.pending > 0 { lines.append("\(report.pending) change(s) wait for earlier changes they depend on.") }
            if let matches = report.rebuildMatches {
                lines.append(matches
                    ? "Rebuild: replaying the log gives the stored state (\(report.replayedStateHash?.prefix(16) ?? ""))."
                    : "REBUILD MISMATCH: the stored state \(report.storedStateHash?.prefix(16) ?? "") differs from the replay \(report.replayedStateHash?.prefix(16) ?? ""); the materialised tables were altered")
            }
            lines.append(report.passed ? "Audit passed." : "Audit FAILED.")
            return lines.joined(separator: "\n")
        }
    }
}
