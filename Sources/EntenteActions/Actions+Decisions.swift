import EntenteCore
import Foundation

/// Decisions: a proposal with its driver, each member's stance, an outcome and a review date.
extension Workspace {
    public func proposeDecision(_ rawText: String, driver rawDriver: String? = nil, options rawOptions: [String] = [],
                                reviewOn rawReview: String? = nil, links rawLinks: [String] = []) throws -> ActionOutcome {
        let text = try Input.text(rawText, Phrase("the proposal", fr: "la proposition"), example: "\"We answer the tender together\"")
        let options = rawOptions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let review = try Self.optional(rawReview).map { try self.reviewDate($0) }
        let links = try rawLinks.filter { !$0.isEmpty }.map { try self.resolver.resolve($0) }
        let me = try self.me()
        var created: RecordID?
        let change = try self.commit { change in
            let decision = change.create(RecordKind.decision)
            change.set(decision, Decision.Field.text, .string(text))
            change.set(decision, Decision.Field.proposedBy, .record(me.id))
            change.set(decision, Decision.Field.status, .string(Decision.Status.open.rawValue))
            if let driver = Self.optional(rawDriver) { change.set(decision, Decision.Field.driver, .string(driver)) }
            if let review { change.set(decision, Decision.Field.reviewOn, .string(review)) }
            for option in Set(options).sorted() { change.add(decision, Decision.Field.options, .string(option)) }
            for link in links { change.add(decision, Decision.Field.links, .record(link.id)) }
            created = decision
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Proposed \(short): \(text). Each member gives their stance with `entente decision stance \(short) agree|abstain|object|block`.",
            fr: "Proposition \(short) : \(text). Chaque membre donne sa position avec `entente decision stance \(short) pour|abstention|objection|blocage`."))
    }

    /// Records this member's stance (a new stance replaces their previous one).
    public func takeStance(_ query: String, position rawPosition: String, reason rawReason: String? = nil, option rawOption: String? = nil) throws -> ActionOutcome {
        let position = try Input.choice(rawPosition, Stance.Position.self, option: Phrase("the stance", fr: "la position"))
        let reason = Self.optional(rawReason)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if position.needsReason, reason == nil {
            throw ActionError(Phrase(
                "to \(position.rawValue), say why: add --reason \"...\" (an objection or a block without its reason does not count)",
                fr: "pour \(Vocabulary.position(position).french), dites pourquoi : ajoutez --reason \"...\" (une objection ou un blocage sans raison ne compte pas)"))
        }
        let decision = try self.find(query, kind: RecordKind.decision, Decision.init)
        try self.checkOpen(decision)
        let option = Self.optional(rawOption)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if option != nil, position != .agree {
            // "Blocks · Lyon" says nothing: a block, an objection or an abstention is on the
            // whole proposal; an option is what one agrees to.
            let word = Vocabulary.position(position)
            throw ActionError(Phrase("an option goes with agreeing; to \(word.english) is on the whole proposal: leave the option out",
                                     fr: "une option va avec l'accord ; « \(word.french) » porte sur toute la proposition : ne donnez pas d'option"))
        }
        if let option, !decision.options.contains(option) {
            let listed = decision.options.isEmpty ? "(none)" : decision.options.joined(separator: ", ")
            throw ActionError(Phrase("'\(option)' is not an option of this decision; its options: \(listed)",
                                     fr: "« \(option) » n'est pas une option de cette décision ; ses options : \(listed)"))
        }
        let me = try self.me()
        if position == .withdrawn, !self.vision.stances.contains(where: { $0.decision == decision.id && $0.member == me.id }) {
            throw ActionError(Phrase("you have no stance on this decision to withdraw", fr: "vous n'avez pas de position à retirer sur cette décision"))
        }
        let change = try self.commit { change in
            let stance = change.create(RecordKind.stance)
            change.set(stance, Stance.Field.decision, .record(decision.id))
            change.set(stance, Stance.Field.member, .record(me.id))
            change.set(stance, Stance.Field.position, .string(position.rawValue))
            if let reason { change.set(stance, Stance.Field.reason, .string(reason)) }
            if let option { change.set(stance, Stance.Field.option, .string(option)) }
        }
        let word = Vocabulary.position(position)
        return ActionOutcome(change: change, summary: position == .withdrawn
            ? Phrase("\(me.name) withdrew their stance on \(decision.id.short).", fr: "\(me.name) a retiré sa position sur \(decision.id.short).")
            : Phrase("\(me.name): \(word.english) on \(decision.id.short)\(reason.map { " (\($0))" } ?? "").",
                     fr: "\(me.name) : \(word.french) sur \(decision.id.short)\(reason.map { " (\($0))" } ?? "")."))
    }

    /// The proposer closes the decision with its outcome (adopted, rejected or withdrawn);
    /// a single block stops adoption.
    public func closeDecision(_ query: String, status rawStatus: String, outcome rawOutcome: String? = nil, reviewOn rawReview: String? = nil) throws -> ActionOutcome {
        let status = try Input.choice(rawStatus, Decision.Status.self, option: "--status")
        guard status != .open else {
            throw ActionError(Phrase("a decision is closed as adopted, rejected or withdrawn", fr: "une décision se clôt adoptée, rejetée ou retirée"))
        }
        let review = try Self.optional(rawReview).map { try self.reviewDate($0) }
        let decision = try self.find(query, kind: RecordKind.decision, Decision.init)
        try self.checkOpen(decision)
        if status == .adopted, let block = self.vision.stances.first(where: { $0.decision == decision.id && $0.position == .block }) {
            let who = self.memberName(block.member), why = block.reason ?? ""
            throw ActionError(Phrase(
                "\(who) blocks this decision (\(why)): it cannot be adopted until \(who) lifts the block (a new stance) or the proposal changes",
                fr: "\(who) bloque cette décision (\(why)) : elle ne peut être adoptée tant que \(who) ne lève pas son blocage (une nouvelle position) ou que la proposition ne change pas"))
        }
        let outcome = Self.optional(rawOutcome)
        let change = try self.commit { change in
            change.set(decision.id, Decision.Field.status, .string(status.rawValue))
            if let outcome { change.set(decision.id, Decision.Field.outcome, .string(outcome)) }
            if let review { change.set(decision.id, Decision.Field.reviewOn, .string(review)) }
        }
        let word = Vocabulary.status(status)
        return ActionOutcome(change: change, summary: Phrase(
            "Decision \(decision.id.short) \(word.english)\(review.map { ", to review on \($0)" } ?? "").",
            fr: "Décision \(decision.id.short) \(word.french)\(review.map { ", à revoir le \(Dates.shown($0, language: .french))" } ?? "")."))
    }

    func checkOpen(_ decision: Decision) throws {
        guard decision.status.isOpen else {
            let word = Vocabulary.status(decision.status)
            throw ActionError(Phrase("this decision is already \(word.english): propose a new one with `entente decision propose`",
                                     fr: "cette décision est déjà \(word.french) : proposez-en une nouvelle avec `entente decision propose`"))
        }
    }

    /// A review date: a real date, not in the past.
    func reviewDate(_ text: String, option: String = "--review") throws -> String {
        let date = try Dates.validate(text, option: option)
        let today = self.today
        guard date >= today else {
            throw ActionError(Phrase("the date \(date) for \(option) is in the past; give today (\(today)) or later",
                                     fr: "la date \(date) pour \(option) est passée ; donnez aujourd'hui (\(today)) ou plus tard"))
        }
        return date
    }
}
