import EntenteCore
import Foundation

/// Commitments: who commits to what, towards whom, by when.
extension Workspace {
    /// The author commits to `what` (only oneself: `by` must name this replica's member).
    public func addCommitment(what rawWhat: String, by: String? = nil, towards: [String] = [], due rawDue: String? = nil, stage rawStage: String? = nil) throws -> ActionOutcome {
        let what = try Input.text(rawWhat, Phrase("what is committed to", fr: "l'objet de l'engagement"), example: "\"Draft the tender answer\"")
        let due = try Self.optional(rawDue).map { try Dates.validate($0, option: "--due") }
        let by = try self.member(orMe: by)
        let towards = try towards.filter { !$0.isEmpty }.map { try self.member($0) }
        let stage = try Self.optional(rawStage).map { try self.stage($0) }
        var created: RecordID?
        let change = try self.commit { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string(what))
            change.set(commitment, Commitment.Field.by, .record(by.id))
            change.set(commitment, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
            if let due { change.set(commitment, Commitment.Field.due, .string(due)) }
            if let stage { change.set(commitment, Commitment.Field.stage, .record(stage.id)) }
            for member in towards { change.add(commitment, Commitment.Field.towards, .record(member.id)) }
            created = commitment
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Recorded commitment \(short): \(by.name) commits to \(what).",
            fr: "Engagement \(short) enregistré : \(by.name) s'engage à « \(what) »."))
    }

    /// This replica's member accepts a commitment made towards them or the collective.
    public func acceptCommitment(_ query: String) throws -> ActionOutcome {
        let commitment = try self.find(query, kind: RecordKind.commitment, Commitment.init)
        let me = try self.me()
        let change = try self.commit { change in
            Self.accept(commitment.id, by: me.id, in: &change)
            if commitment.status == .proposed { Self.setStatus(of: commitment.id, to: .accepted, in: &change) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(me.name) accepted \(commitment.id.short) “\(Excerpt.of(commitment.what, characters: Excerpt.confirmation))”.",
            fr: "\(me.name) a accepté l'engagement \(commitment.id.short) « \(Excerpt.of(commitment.what, characters: Excerpt.confirmation)) »."))
    }

    /// Changes a commitment's status, text, due date or stage.
    public func updateCommitment(_ query: String, status rawStatus: String? = nil, what rawWhat: String? = nil, due rawDue: String? = nil,
                                 stage rawStage: String? = nil) throws -> ActionOutcome {
        let status = try rawStatus.map { try Input.choice($0, Commitment.Status.self, option: "--status") }
        let due = try rawDue.map { try Dates.validate($0, option: "--due") }
        let what = try rawWhat.map { try Input.text($0, Phrase("'--what'", fr: "« --what »"), example: "--what \"Draft the tender answer\"") }
        guard status != nil || what != nil || due != nil || rawStage != nil else {
            throw ActionError(Phrase("give at least one of '--status', '--what', '--due' or '--stage'",
                                     fr: "donnez au moins un de « --status », « --what », « --due » ou « --stage »"))
        }
        let commitment = try self.find(query, kind: RecordKind.commitment, Commitment.init)
        let stage = try rawStage.map { try self.stage($0) }
        var english: [String] = [], french: [String] = []
        if let stage { english.append("stage \(stage.title)"); french.append("étape \(stage.title)") }
        if let status { english.append("status \(status.rawValue)"); french.append("statut \(status.words.french)") }
        if let due { english.append("due \(due)"); french.append("échéance \(Dates.shown(due, language: .french))") }
        if what != nil { english.append("text"); french.append("texte") }
        let change = try self.commit { change in
            if let status { Self.setStatus(of: commitment.id, to: status, in: &change) }
            if let due { change.set(commitment.id, Commitment.Field.due, .string(due)) }
            if let stage { change.set(commitment.id, Commitment.Field.stage, .record(stage.id)) }
            if let what { change.set(commitment.id, Commitment.Field.what, .string(what)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated \(commitment.id.short) “\(Excerpt.of(commitment.what, characters: Excerpt.confirmation))”: \(english.joined(separator: ", ")).",
            fr: "Engagement \(commitment.id.short) « \(Excerpt.of(commitment.what, characters: Excerpt.confirmation)) » modifié : \(french.joined(separator: ", "))."))
    }

    /// An empty form field means "not given".
    static func optional(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
