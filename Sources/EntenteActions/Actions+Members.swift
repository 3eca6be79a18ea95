import EntenteCore
import Foundation

/// Members: who is in the collective, from which stage, and how they leave.
extension Workspace {
    /// Adds a member who has no replica yet, entering at `enteredAt` (a stage) when given.
    public func addMember(_ rawName: String, enteredAt: String? = nil) throws -> ActionOutcome {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw ActionError(Phrase("a member's name must not be empty", fr: "le nom d'un membre ne peut pas être vide"))
        }
        try self.checkNameIsFree(name)
        let stage = try enteredAt.map { try self.stage($0) }
        var created: RecordID?
        let change = try self.commit { change in
            let member = change.create(RecordKind.member)
            change.set(member, Member.Field.name, .string(name))
            if let stage { change.set(member, Member.Field.enteredAt, .record(stage.id)) }
            created = member
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Added \(name) (\(short)).",
            fr: "\(name) ajouté·e (\(short))."))
    }

    /// Names are unique among members, compared the way people type them (VISION.md `member`).
    func checkNameIsFree(_ name: String, besides member: RecordID? = nil) throws {
        guard name.utf8.count <= VisionLimits.maximumNameBytes else {
            throw ActionError(Workspace.tooLong(VisionLimits.maximumNameBytes, what: Phrase("the name", fr: "le nom")))
        }
        if let other = self.directory.members.first(where: { $0.id != member && NameMatching.same($0.name, name) }) {
            throw ActionError(Phrase("a member named '\(other.name)' already exists; choose a distinct name",
                                     fr: "un membre nommé « \(other.name) » existe déjà ; choisissez un nom distinct"))
        }
    }

    /// Renames a member or records the stage at which they entered; at least one must be given.
    public func updateMember(_ query: String, name rawName: String? = nil, enteredAt: String? = nil) throws -> ActionOutcome {
        let name = try rawName.map { try Input.text($0, Phrase("a member's name", fr: "le nom d'un membre"), example: "--name \"Bob Durand\"") }
        guard name != nil || enteredAt != nil else {
            throw ActionError(Phrase("give at least one of '--name' or '--entered-at'",
                                     fr: "donnez au moins un de « --name » ou « --entered-at »"))
        }
        let member = try self.member(query)
        if let name { try self.checkNameIsFree(name, besides: member.id) }
        let stage = try enteredAt.map { try self.stage($0) }
        var english: [String] = [], french: [String] = []
        if let name { english.append("renamed to \(name)"); french.append("renommé·e en \(name)") }
        if let stage { english.append("entered at \(stage.title)"); french.append("entré·e à l'étape « \(stage.title) »") }
        let change = try self.commit { change in
            if let name { change.set(member.id, Member.Field.name, .string(name)) }
            if let stage { change.set(member.id, Member.Field.enteredAt, .record(stage.id)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name): \(english.joined(separator: ", ")).",
            fr: "\(member.name) : \(french.joined(separator: ", "))."))
    }

    /// Records that a member leaves on `date` (today when `nil`), at a stage and on terms when
    /// given; nothing is deleted. A member leaves once.
    public func leave(member query: String, on rawDate: String? = nil, at rawStage: String? = nil, terms: String? = nil,
                      kind rawKind: String? = nil) throws -> ActionOutcome {
        let kind = try Self.optional(rawKind).map { try Input.choice($0, ExitKind.self, option: "--kind") }
        let date = try Input.date(rawDate, option: "--on")
        let member = try self.member(query)
        let stage = try rawStage.map { try self.stage($0) }
        if let leaves = member.leavesOn {
            throw ActionError(Phrase(
                "\(member.name)'s departure on \(leaves) is already recorded; use `entente history \(member.id.short)` to see it",
                fr: "le départ \(French.de(member.name)) le \(Dates.shown(leaves, language: .french)) est déjà enregistré ; voyez-le avec `entente history \(member.id.short)`"))
        }
        if member.departureRecorded {
            let left = member.leftOn ?? "?"
            throw ActionError(Phrase(
                "\(member.name) already left on \(left); use `entente history \(member.id.short)` to see it",
                fr: "\(member.name) est déjà parti·e le \(left) ; voyez-le avec `entente history \(member.id.short)`"))
        }
        let change = try self.commit { change in
            change.set(member.id, Member.Field.leftOn, .string(date))
            if let stage { change.set(member.id, Member.Field.leftAt, .record(stage.id)) }
            if let terms { change.set(member.id, Member.Field.exitTerms, .string(terms)) }
            if let kind { change.set(member.id, Member.Field.exitKind, .string(kind.rawValue)) }
        }
        let applying = kind.map { self.exitTermsInWords(member: member, stage: stage, kind: $0) }
        let later = self.today < date
        let until = later ? Phrase(" \(member.name) stays active until then.", fr: " \(member.name) reste actif·ve d'ici là.") : Phrase("", fr: "")
        let renewed = self.renewSecretIfDue()
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) \(later ? "will leave" : "leaves") on \(date)\(stage.map { " at stage \($0.title)" } ?? "").\(until.english)\(applying.map { " " + $0.english } ?? "")\(renewed.map { " " + $0.english } ?? "")",
            fr: "\(member.name) \(later ? "partira" : "part") le \(Dates.shown(date, language: .french))\(stage.map { " à l'étape « \($0.title) »" } ?? "").\(until.french)\(applying.map { " " + $0.french } ?? "")\(renewed.map { " " + $0.french } ?? "")"))
    }
}

/// Archiving and restoring a member by motions (VISION.md, "Authority"): the first member to
/// ask proposes, each other consents by asking the same; carried by a majority of the others.
extension Workspace {
    /// Proposes to archive or restore `query`'s member, or consents to the open motion. The
    /// summary's first line says what happened; when the motion is carried and the secret
    /// renewed, a second line says so.
    public func vote(_ action: MotionAction, on query: String) throws -> ActionOutcome {
        guard action != .revoke else {
            throw ActionError(Phrase("a device is revoked with `entente device revoke`", fr: "un appareil se révoque avec `entente device revoke`"))
        }
        let me = try self.me()
        let member = try self.member(query)
        let roster = self.directory.roster
        let verb = action == .archive ? "archiving" : "restoring"
        let verbFr = action == .archive ? "archiver" : "restaurer"
        guard member.id != me.id else {
            throw ActionError(action == .archive
                ? Phrase("you cannot archive yourself; to leave, run `entente member leave \(me.name)`",
                         fr: "vous ne pouvez pas vous archiver vous-même ; pour partir, lancez `entente member leave \(me.name)`")
                : Phrase("you cannot restore yourself; ask another member to run `entente member restore \(me.name)`",
                         fr: "vous ne pouvez pas vous restaurer vous-même ; demandez à un autre membre de lancer `entente member restore \(me.name)`"))
        }
        guard member.isArchived == (action == .restore) else {
            throw ActionError(action == .archive ? Phrase("\(member.name) is already archived", fr: "\(member.name) est déjà archivé")
                                                 : Phrase("\(member.name) is not archived", fr: "\(member.name) n'est pas archivé"))
        }
        let open = roster.openMotions().last { $0.target == member.id && $0.action == action }
        let change = try self.consent(to: open, on: Phrase("\(verb) \(member.name)", fr: "\(verbFr) \(member.name)"), me: me.id, roster: roster) {
            Admission.propose(action, on: member.id, by: me.id, roster: roster, into: &$0)
        }
        var after = try Workspace(self.replica, today: self.today)
        after.front = self.front
        if after.directory.members.first(where: { $0.id == member.id })?.isArchived == (action == .archive) {
            var summary = action == .archive
                ? Phrase("\(member.name) is archived: a majority of the other members consented.",
                         fr: "\(member.name) est archivé : une majorité des autres membres a consenti.")
                : Phrase("\(member.name) is restored: a majority of the other members consented.",
                         fr: "\(member.name) est restauré : une majorité des autres membres a consenti.")
            if let renewed = after.renewSecretIfDue() {
                summary = Phrase(summary.english + "\n" + renewed.english, fr: summary.french + "\n" + renewed.french)
            }
            return ActionOutcome(change: change, summary: summary)
        }
        let motion = after.directory.roster.openMotions().last { $0.target == member.id && $0.action == action }
        let progress = motion.map { Self.motionProgress($0, after.directory.roster, after) } ?? Phrase("", fr: "")
        return ActionOutcome(change: change, summary: Phrase("You consented to \(verb) \(member.name); \(progress.english).",
                                                             fr: "Vous avez consenti à \(verbFr) \(member.name) ; \(progress.french)."))
    }

    /// Signs this member's consent to `open`, or, when no such motion is open, the motion
    /// `propose` writes. `act` names what the motion does, for the refusal of a second consent.
    func consent(to open: Roster.MotionFact?, on act: Phrase, me: RecordID, roster: Roster,
                 propose: (inout ChangeBuilder) -> Void) throws -> SignedChange {
        guard let open else { return try self.commit(propose) }
        guard !roster.consenting(open).contains(me) else {
            let progress = Self.motionProgress(open, roster, self)
            throw ActionError(Phrase("you already consented to \(act.english); \(progress.english)",
                                     fr: "vous avez déjà consenti à \(act.french) ; \(progress.french)"))
        }
        return try self.commit { Admission.consent(to: open.record, by: me, into: &$0) }
    }

    /// How far a motion is: consents so far, who is still awaited, and the command each runs.
    static func motionProgress(_ motion: Roster.MotionFact, _ roster: Roster, _ workspace: Workspace) -> Phrase {
        let consenting = roster.consenting(motion)
        let waiting = motion.voters.subtracting(consenting).map { workspace.memberName($0) }.sorted()
        let command = switch motion.action {
        case .revoke: "`entente device revoke \(motion.device?.short ?? "?")`"
        case .archive, .restore: "`entente member \(motion.action.rawValue) \(workspace.memberName(motion.target))`"
        }
        return Phrase("\(consenting.count) of \(motion.threshold) consents needed so far; waiting for \(waiting.joined(separator: ", ")) "
                        + "(each runs \(command) on their replica)",
                      fr: "\(French.count(consenting.count, "consentement", "consentements")) sur les \(motion.threshold) nécessaires pour l'instant ; en attente de "
                        + "\(waiting.joined(separator: ", ")) (chacun lance \(command) sur son réplica)")
    }
}
