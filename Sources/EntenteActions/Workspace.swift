import EntenteCore
import EntenteStore
import Foundation

/// An opened replica with what every action needs: its records and who is who. Both front
/// ends (the command line and the web board) act through it.
public struct Workspace {
    public let replica: Replica
    public let records: [RecordState]
    public let directory: Directory
    /// The date this workspace reads the vision as of (the local date, YYYY-MM-DD): a departure dated
    /// later has not happened yet, an engagement whose renewal date passed has lapsed.
    public let today: String
    /// What the person typed to go with the changes this workspace commits (`--message`,
    /// the board's "Why" field), stored as each change's message; empty for none. What a
    /// change did is never stored in words: ``ChangeWords`` tells it from its operations,
    /// in the reader's language.
    public private(set) var note = ""
    /// Where the person acts: refusals name the command to run on the command line, the
    /// board's own words on the board.
    public var front: Front = .commandLine

    /// Where a person acts, for refusals worded for it.
    public enum Front: Sendable {
        case commandLine
        case board
    }

    /// What a workspace reads when it opens.
    public enum Reading: Sendable {
        /// Every record (what acting, listing and checking need).
        case everything
        /// Only who is who (``Replica/rosterRecords()``): ``records`` holds the roster's
        /// records, and ``changeWords()`` reads the records it names as it tells changes.
        /// For commands that tell a few changes of a large replica (`entente log --limit`).
        case roster
    }

    /// What this workspace read when it opened.
    let reading: Reading

    public init(_ replica: Replica, today: String = Dates.today(), reading: Reading = .everything) throws {
        self.replica = replica
        self.reading = reading
        self.records = switch reading {
        case .everything: try replica.records()
        case .roster: try replica.rosterRecords()
        }
        self.today = today
        self.directory = Directory(records: self.records, today: today)
    }

    public var resolver: RecordResolver {
        let replica = self.replica
        return RecordResolver(records: self.records, isStale: { replica.isStale() })
    }

    /// Changes told in words, each under its author's name at the time.
    public func changeWords() throws -> ChangeWords {
        let lookup = switch self.reading {
        case .everything: RecordLookup(records: self.records)
        case .roster: RecordLookup(records: self.records, reading: self.replica)
        }
        return ChangeWords(lookup: lookup, directory: self.directory, names: try self.replica.nameHistory())
    }

    /// This workspace committing with `note` (see ``note(_:)``).
    public func noting(_ note: String?) throws -> Workspace {
        var copy = self
        copy.note = try Self.note(note)
        return copy
    }

    /// What a person typed as a change's note, trimmed; empty for none.
    /// - Throws: ``ActionError`` when it is longer than a change's message may be.
    public static func note(_ text: String?) throws -> String {
        let note = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let bytes = note.utf8.count, most = ChangeLimits.maximumMessageBytes
        guard bytes <= most else {
            throw ActionError(Phrase("the note given with --message is \(bytes) bytes long, and a change holds at most \(most): shorten it; nothing was changed",
                                     fr: "la note donnée avec --message fait \(bytes) octets, et un changement en garde au plus \(most) : raccourcissez-la ; rien n'a été modifié"))
        }
        return note
    }

    /// The member record of this device's key.
    public func me() throws -> Member {
        guard let member = self.directory.member(for: self.replica.author) else {
            let key = self.replica.author.short
            throw ActionError(Phrase(
                "this replica's key \(key) is not a member of the collective yet; merge the change that admits it",
                fr: "la clé \(key) de ce réplica n'est pas encore celle d'un membre du collectif ; fusionnez le changement qui l'admet"))
        }
        return member
    }

    public func member(_ query: String) throws -> Member {
        let record = try self.resolver.resolve(query, kind: RecordKind.member)
        guard let member = self.directory.members.first(where: { $0.id == record.id }) else {
            throw ActionError(Phrase("'\(query)' is not a member", fr: "« \(query) » n'est pas un membre"))
        }
        return member
    }

    public func memberName(_ id: RecordID?) -> String {
        guard let id, let record = self.records.first(where: { $0.id == id }) else { return "?" }
        return Member(record)?.name ?? id.short
    }

    public var collectiveName: String {
        self.records.first { $0.kind == RecordKind.collective }?.string("name") ?? "(unnamed collective)"
    }
}

extension Workspace {
    /// Commits one change, with the workspace's ``note`` as its message; a change the
    /// authority rules refuse is never written, and the refusal says who may do it instead.
    @discardableResult
    public func commit(_ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        do {
            return try self.replica.commit(message: self.note, build)
        } catch let error as AuthorityError {
            throw ActionError(self.explain(error.refusal))
        }
    }

    /// A refusal in words, with names and the command to use instead.
    public func explain(_ refusal: OperationRefusal) -> Phrase {
        let owner = refusal.owner.map { self.memberName($0) }
        let command: String? = switch (refusal.kind, refusal.field) {
        case (RecordKind.valuation?, _): "entente contribution value ..."
        case (RecordKind.phaseCheckIn?, _): "entente phase add ..."
        case (RecordKind.engagement?, _): "entente stage engage ..."
        case (RecordKind.expectation?, Expectation.Field.acknowledgedBy?): "entente expectation ack ..."
        case (RecordKind.expectation?, CommonField.archived?): "entente expectation archive ..."
        case (RecordKind.expectation?, _): "entente expectation update ..."
        case (RecordKind.commitment?, Commitment.Field.acceptedBy?): "entente commitment accept ..."
        case (RecordKind.commitment?, _): "entente commitment ..."
        case (RecordKind.member?, Member.Field.name?): "entente member update \"\(owner ?? "NAME")\" --name ..."
        case (RecordKind.member?, _): "entente member leave ..."
        case (RecordKind.contribution?, CommonField.archived?): "entente contribution archive ..."
        case (RecordKind.contribution?, _): "entente contribution update ..."
        default: nil
        }
        let what = Self.act(refusal)
        let byOwner = refusal.owner != nil && self.directory.member(for: refusal.author)?.id == refusal.owner
        if byOwner, refusal.kind == RecordKind.expectation, refusal.field == Expectation.Field.acknowledgedBy {
            return Phrase("you cannot acknowledge your own expectation: the other members acknowledge it, each on their own replica",
                          fr: "vous ne pouvez pas prendre en compte votre propre attente : ce sont les autres membres qui la prennent en compte, chacun sur son réplica")
        }
        switch refusal.rule {
        case .personal, .ownElement:
            guard let owner else { return Phrase(refusal.explanation, fr: refusal.frenchExplanation) }
            if self.front == .board {
                // On the board: what is theirs, and where they do it; no command to type.
                let acts = refusal.kind == RecordKind.member && refusal.field == Member.Field.name
                    ? Phrase("change their own name", fr: "changer son propre nom")
                    : refusal.field == CommonField.archived
                        ? Phrase("archive \(owner)'s \(what.english)", fr: "archiver \(what.french) \(French.de(owner))")
                        : Phrase("record \(owner)'s \(what.english)", fr: "enregistrer \(what.french) \(French.de(owner))")
                return Phrase("Only \(owner) can \(acts.english): \(owner) does it on their own board.",
                              fr: "Il n'appartient qu'à \(owner) \(French.de(acts.french)) : \(owner) le fait sur son propre tableau.")
            }
            let run = command ?? "entente ..."
            if refusal.kind == RecordKind.member, refusal.field == Member.Field.name {
                return Phrase(
                    "only \(owner) can change their own name: ask \(owner) to run `\(run)` on their own replica",
                    fr: "il n'appartient qu'à \(owner) de changer son propre nom : demandez à \(owner) de lancer `\(run)` sur son propre réplica")
            }
            if refusal.field == CommonField.archived {
                return Phrase(
                    "only \(owner) can archive \(owner)'s \(what.english): ask \(owner) to run `\(run)` on their own replica",
                    fr: "il n'appartient qu'à \(owner) d'archiver \(what.french) \(French.de(owner)) : demandez à \(owner) de le faire sur son propre réplica (`\(run)`)")
            }
            return Phrase(
                "only \(owner) can record \(owner)'s \(what.english): ask \(owner) to run `\(run)` on their own replica",
                fr: "il n'appartient qu'à \(owner) d'enregistrer \(what.french) \(French.de(owner)) : demandez à \(owner) de le faire sur son propre réplica (`\(run)`)")
        case .tooLong:
            return Self.tooLong(VisionLimits.maximumBytes(kind: refusal.kind, field: refusal.field ?? ""))
        case .notOwed:
            let whose = owner.map { "\($0)'s " } ?? "this "
            return Phrase(
                "only the members \(whose)commitment is owed to can accept it or mark it broken, and \(owner ?? "its author") cannot accept their own",
                fr: "seuls les membres envers qui \(owner.map { "l'engagement \(French.de($0))" } ?? "cet engagement") a été pris peuvent l'accepter ou le déclarer rompu, et \(owner ?? "son auteur") ne peut accepter le sien")
        default:
            return Phrase(refusal.explanation, fr: refusal.frenchExplanation)
        }
    }

    /// A text over its limit (``VisionLimits``), in words.
    static func tooLong(_ limit: Int, what: Phrase? = nil) -> Phrase {
        let english = what.map { "\($0.english) is too long" } ?? "this text is too long"
        let french = what.map { "\($0.french) est trop long" } ?? "ce texte est trop long"
        return limit <= VisionLimits.maximumNameBytes
            ? Phrase("\(english): a name holds at most \(limit) bytes; shorten it",
                     fr: "\(french) : un nom fait au plus \(limit) octets ; raccourcissez-le")
            : Phrase("\(english): a field holds at most \(limit) bytes, about a page; shorten it",
                     fr: "\(french) : un champ garde au plus \(limit) octets, environ une page ; raccourcissez-le")
    }

    /// The act a refusal is about, as a noun phrase.
    public static func act(_ refusal: OperationRefusal) -> Phrase {
        switch refusal.kind {
        case RecordKind.valuation?: return Phrase("valuation", fr: "l'évaluation")
        case RecordKind.phaseCheckIn?: return Phrase("phase check-in", fr: "le relevé de phase")
        case RecordKind.engagement?: return Phrase("engagement and terms", fr: "l'engagement et les conditions")
        case RecordKind.expectation?:
            return refusal.field == Expectation.Field.acknowledgedBy
                ? Phrase("acknowledgement", fr: "la prise en compte") : Phrase("expectation", fr: "l'attente")
        case RecordKind.commitment?:
            return refusal.field == Commitment.Field.acceptedBy
                ? Phrase("acceptance", fr: "l'acceptation") : Phrase("commitment", fr: "l'engagement")
        case RecordKind.member?: return Phrase("exit", fr: "la sortie")
        case RecordKind.contribution?: return Phrase("contribution", fr: "la contribution")
        case RecordKind.risk?: return Phrase("risk report", fr: "le signalement de risque")
        default:
            let text = [refusal.kind, refusal.field].compactMap { $0 }.joined(separator: " ")
            return Phrase(text, fr: text)
        }
    }
}
