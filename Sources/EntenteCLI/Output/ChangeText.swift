import EntenteActions
import EntenteCore
import EntenteStore

/// One change told in words, in the reader's language: who, when, what each operation did,
/// the note the author gave, and which operations had no effect.
///
/// What a change did is never stored in words: it is told here from its operations. Its
/// stored message is only what its author typed (`--message`), shown as their note; changes
/// from older versions, which stored an English description there, show it as a note too.
enum ChangeText {
    static func render(_ signed: SignedChange, _ workspace: Workspace, refusals: [OperationRefusal] = []) throws -> String {
        let change = signed.change
        let words = try workspace.changeWords()
        // The name at the time and the key's short fingerprint: a rename cannot move the act.
        let signer = TerminalText.oneLine(workspace.directory.label(of: change.author, at: change.timestamp, names: words.names))
        let author = TerminalText.oneLine(workspace.directory.name(of: change.author, at: change.timestamp, names: words.names))
        var lines = [
            tr("Change \(signed.id.hex)", "Changement \(signed.id.hex)"),
            tr("by \(signer), #\(change.seq), \(Formatting.time(change.timestamp))", "par \(signer), n° \(change.seq), \(Formatting.time(change.timestamp))"),
            TerminalText.oneLine(words.change(signed).localized),
        ]
        if !change.message.isEmpty { lines.append(tr("note: ", "note : ") + TerminalText.oneLine(Self.quoted(change.message))) }
        let refused = Set(refusals.filter { $0.change == signed.id }.map(\.operation))
        let texts = try workspace.textEditWords(signed)
        for (index, operation) in change.operations.enumerated() {
            let said = TerminalText.oneLine(words.operation(operation, author: author).localized)
            lines.append("  \(index + 1). " + said + (refused.contains(index) ? tr(" (no effect: the rules refuse it)", " (sans effet : les règles le refusent)") : ""))
            // The words themselves: what the edit inserted and what it removed.
            for (label, passages) in [(tr("added", "ajouté"), texts[index]?.inserted ?? []), (tr("removed", "retiré"), texts[index]?.removed ?? [])]
            where !passages.isEmpty {
                lines.append("     \(label)\(tr(":", " :")) " + passages.map { Self.quoted(TerminalText.oneLine($0)) }.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What `signed` did, in the reader's language, then its author's note if it has one: a
    /// line of `entente log`, still to be made safe for the terminal.
    static func summary(_ signed: SignedChange, _ words: ChangeWords) -> String {
        Self.noted(words.change(signed).localized, signed.change.message)
    }

    /// `said`, then `note` between the reader's quotation marks (nothing for an empty note).
    static func noted(_ said: String, _ note: String) -> String {
        note.isEmpty ? said : said + "  — " + Self.quoted(note)
    }

    static func quoted(_ note: String) -> String { tr("“\(note)”", "« \(note) »") }
}
