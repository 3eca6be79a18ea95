import EntenteActions
import EntenteCore
import EntenteStore

/// One change told in words, in the reader's language: who, when, what each operation did,
/// the message the author gave, and which operations had no effect.
enum ChangeText {
    static func render(_ signed: SignedChange, _ workspace: Workspace, refusals: [OperationRefusal] = []) -> String {
        let change = signed.change
        let words = ChangeWords(records: workspace.records, directory: workspace.directory)
        let author = TerminalText.oneLine(workspace.directory.name(of: change.author))
        var lines = [
            tr("Change \(signed.id.hex)", "Changement \(signed.id.hex)"),
            tr("by \(author) (#\(change.seq)), \(Formatting.time(change.timestamp))", "par \(author) (n° \(change.seq)), \(Formatting.time(change.timestamp))"),
            TerminalText.oneLine(words.change(signed).localized),
        ]
        if !change.message.isEmpty { lines.append(tr("message: ", "message : ") + TerminalText.oneLine(change.message)) }
        let refused = Set(refusals.filter { $0.change == signed.id }.map(\.operation))
        for (index, operation) in change.operations.enumerated() {
            let said = TerminalText.oneLine(words.operation(operation, author: author).localized)
            lines.append("  \(index + 1). " + said + (refused.contains(index) ? tr(" (no effect: the rules refuse it)", " (sans effet : les règles le refusent)") : ""))
        }
        return lines.joined(separator: "\n")
    }
}
