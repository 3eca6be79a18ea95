import Foundation
import EntenteCore
import EntenteStore
import EntenteText

/// The words of text edits: what a change inserted and removed, and the wordings of a passage
/// two members rewrote at the same time.
extension Workspace {
    /// What one text edit inserted and removed.
    public struct TextEditWords: Sendable {
        public var inserted: [String]
        public var removed: [String]
    }

    /// A passage two members rewrote at the same time: the text they both replaced, and each
    /// one's wording (its author's name, what they wrote).
    public struct RewriteWording: Sendable {
        public var original: String
        public var versions: [(author: String, text: String)]
    }

    /// The words each text operation of `signed` inserted and removed, keyed by operation
    /// index; empty for a change without text, or one this replica has not applied.
    public func textEditWords(_ signed: SignedChange) throws -> [Int: TextEditWords] {
        var result: [Int: TextEditWords] = [:]
        for (index, operation) in signed.change.operations.enumerated() {
            guard case .text(let record, let field, let edit) = operation else { continue }
            let resolved = signed.resolve(record)
            let wording = try self.wording(record: resolved, field: field, upTo: signed.id)
            let applied = Self.applied(edit, of: signed)
            result[index] = TextEditWords(inserted: wording.inserted(applied).map(Self.trimmed), removed: wording.removed(applied).map(Self.trimmed))
        }
        return result
    }

    /// Each author's wording of a passage they rewrote at the same time.
    public func wording(of rewrite: TextRewrite) throws -> RewriteWording {
        let edits = try self.replica.textEdits(of: rewrite.record)
        var wording = TextWording()
        var operations: [ChangeID: TextOperation] = [:]
        for edit in edits {
            for case .text(let record, let field, let operation) in edit.change.change.operations
            where field == rewrite.field && edit.change.resolve(record) == rewrite.record {
                let applied = Self.applied(operation, of: edit.change)
                wording.record(applied)
                if rewrite.changes.contains(edit.change.id) { operations[edit.change.id] = applied }
            }
        }
        let ordered = rewrite.changes.compactMap { id in operations[id].map { (id, $0) } }
        let original = ordered.count == 2 ? wording.removedByBoth(ordered[0].1, ordered[1].1) : []
        let versions = zip(rewrite.authors, ordered).map { author, item in
            (author: self.directory.name(of: author), text: Self.joined(wording.inserted(item.1)))
        }
        return RewriteWording(original: Self.joined(original), versions: versions)
    }

    /// A text field's history, fed up to and including the change `last`.
    func wording(record: RecordID, field: String, upTo last: ChangeID) throws -> TextWording {
        var wording = TextWording()
        for edit in try self.replica.textEdits(of: record) {
            for case .text(let target, let name, let operation) in edit.change.change.operations
            where name == field && edit.change.resolve(target) == record {
                wording.record(Self.applied(operation, of: edit.change))
            }
            if edit.change.id == last { break }
        }
        return wording
    }

    /// A change's text operation as replicas apply it: its own agent is the change id
    /// (CHANGES.md, "`text`").
    static func applied(_ operation: TextOperation, of signed: SignedChange) -> TextOperation {
        operation.replacingAgent(.thisChange, with: TextAgent(signed.id.bytes))
    }

    /// Passages as one text, separate ones set apart by an ellipsis.
    static func joined(_ passages: [String]) -> String {
        passages.map(Self.trimmed).filter { !$0.isEmpty }.joined(separator: " … ")
    }

    /// A passage without the spaces an edit carries around its words; a passage of spaces only
    /// as it is.
    static func trimmed(_ passage: String) -> String {
        let trimmed = passage.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? passage : trimmed
    }
}

/// Settling a passage rewritten at the same time by keeping one member's wording.
extension Workspace {
    /// Keeps `member`'s wording of the vision statement's passages they rewrote at the same
    /// time as others: the others' concurrent words are removed, in one edit that has seen them
    /// all (which settles the passage everywhere). To merge the wordings instead, edit the
    /// statement (`entente vision edit`).
    /// - Throws: ``ActionError`` when `member` rewrote no unsettled passage.
    public func keepWording(of memberQuery: String) throws -> ActionOutcome {
        let member = try self.member(memberQuery)
        let collective = try self.collective()
        func isTheirs(_ author: AuthorKey) -> Bool { self.directory.member(for: author)?.id == member.id }
        let rewrites = try self.textRewrites().filter { $0.record == collective.id && $0.field == Collective.Field.vision }
        let theirs = rewrites.filter { rewrite in rewrite.authors.contains(where: isTheirs) }
        guard !theirs.isEmpty else {
            throw ActionError(Phrase(
                "\(member.name) rewrote no passage of the vision statement at the same time as someone else; see `entente conflicts`",
                fr: "\(member.name) n'a réécrit aucun passage de l'énoncé de vision en même temps que quelqu'un d'autre ; voyez `entente conflicts`"))
        }
        var others = Set<ChangeID>()
        for rewrite in theirs {
            for (author, change) in zip(rewrite.authors, rewrite.changes) where !isTheirs(author) { others.insert(change) }
        }
        let runs = try self.replica.textRuns(record: collective.id, field: Collective.Field.vision)
        let kept = runs.filter { run in run.change.map { !others.contains($0) } ?? true }.map(\.text).joined()
        let outcome = try self.writeVision(kept)
        return ActionOutcome(change: outcome.change, created: outcome.created, summary: Phrase(
            "Kept \(member.name)'s wording of the vision statement. " + outcome.summary.english,
            fr: "Formulation \(French.de(member.name)) gardée dans l'énoncé de vision. " + outcome.summary.french))
    }
}
