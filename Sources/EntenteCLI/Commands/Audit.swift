import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: tr("Verify every signature and the history; report forks and tampering. Exits non-zero on any failure.",
                         "Vérifier chaque signature et l'historique ; signaler les histoires doubles et les falsifications. Code de sortie non nul au moindre échec."),
            discussion: helpText("With --rebuild, also replays the whole log into a fresh state and compares it with the stored one.",
                           "Avec --rebuild, rejoue aussi tout le journal dans un état neuf et le compare à l'état enregistré."))
        @Flag(help: ArgumentHelp(tr("Replay the log and compare the state.", "Rejouer le journal et comparer l'état."))) var rebuild = false
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let replica = try self.options.open()
            let report = try replica.audit(rebuild: self.rebuild)
            let workspace = try Workspace(replica)
            print(Self.render(report, directory: workspace.directory, explain: { workspace.explain($0).localized }))
            if !report.passed { throw ExitCode.failure }
        }

        static func render(_ report: AuditReport, directory: Directory, explain: (OperationRefusal) -> String = \.explanation) -> String {
            var lines = [tr("Checked \(report.checkedChanges) change(s) by \(report.authors) author(s).",
                            "\(French.count(report.checkedChanges, "changement vérifié", "changements vérifiés")), \(French.count(report.authors, "auteur", "auteurs")).")]
            for problem in report.problems {
                let who = problem.author.map { " [\(directory.label(of: $0))]" } ?? ""
                lines.append(tr("TAMPERED\(who): \(problem)", "FALSIFIÉ\(who) : \(problem)"))
            }
            for fork in report.forks {
                let author = directory.label(of: fork.author)
                let changes = fork.changes.map(\.short).joined(separator: ", ")
                lines.append(tr("FORK: \(author) signed \(fork.changes.count) changes at #\(fork.seq) that did not see each other (\(changes)): two copies of one device; all are kept",
                                "HISTOIRE DOUBLE : \(author) a signé au n° \(fork.seq) \(fork.changes.count) changements qui ne se voyaient pas "
                                    + "(\(changes)) : deux copies d'un même appareil ; tous sont gardés"))
            }
            for refusal in report.refusals {
                let author = directory.label(of: refusal.author)
                lines.append(tr("NO EFFECT: \(author) signed change \(refusal.change.short), operation \(refusal.operation), which the rules refuse (\(refusal.rule.rawValue)): \(explain(refusal))",
                                "SANS EFFET : \(author) a signé le changement \(refusal.change.short), opération \(refusal.operation), que les règles refusent "
                                    + "(\(refusal.rule.rawValue)) : \(explain(refusal))"))
            }
            if report.pending > 0 {
                lines.append(tr("\(report.pending) change(s) wait for earlier changes they depend on.",
                                "\(French.count(report.pending, "changement attend", "changements attendent")) des changements antérieurs dont ils dépendent."))
            }
            if let matches = report.rebuildMatches {
                let stored = report.storedStateHash?.prefix(16) ?? "", replayed = report.replayedStateHash?.prefix(16) ?? ""
                lines.append(matches
                    ? tr("Rebuild: replaying the log gives the stored state (\(replayed)).",
                         "Reconstruction : rejouer le journal redonne l'état enregistré (\(replayed)).")
                    : tr("REBUILD MISMATCH: the stored state \(stored) differs from the replay \(replayed); the materialised tables were altered",
                         "RECONSTRUCTION DIFFÉRENTE : l'état enregistré \(stored) diffère du journal rejoué \(replayed) ; les tables matérialisées ont été modifiées"))
            }
            lines.append(report.passed ? tr("Audit passed.", "Audit réussi.") : tr("Audit FAILED.", "Audit ÉCHOUÉ."))
            return lines.joined(separator: "\n")
        }
    }
}
