import EntenteCore

/// Engaging in a stage, on one's own entry and exit terms.
extension Workspace {
    public func engage(stage query: String, engaged: Bool = true, entryTerms rawEntry: String? = nil, exitTerms rawExit: String? = nil,
                       member rawMember: String? = nil, renewOn rawRenew: String? = nil) throws -> ActionOutcome {
        let renewOn = try Self.optional(rawRenew).map { try self.reviewDate($0, option: "--renew-on") }
        let stage = try self.stage(query)
        let member = try self.member(orMe: rawMember)
        let entry = Self.optional(rawEntry), exit = Self.optional(rawExit)
        let existing = self.vision.engagements.first { $0.stage == stage.id && $0.member == member.id }
        let change = try self.commit { change in
            let record: RecordID
            if let existing {
                record = existing.id
            } else {
                record = change.create(RecordKind.engagement)
                change.set(record, Engagement.Field.stage, .record(stage.id))
                change.set(record, Engagement.Field.member, .record(member.id))
            }
            change.set(record, Engagement.Field.engaged, .bool(engaged))
            if let entry { change.set(record, Engagement.Field.entryTerms, .string(entry)) }
            if let exit { change.set(record, Engagement.Field.exitTerms, .string(exit)) }
            if let renewOn { change.set(record, Engagement.Field.renewOn, .string(renewOn)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) \(engaged ? "engages in" : "does not engage in") stage \(stage.title).",
            fr: "\(member.name) \(engaged ? "s'engage dans" : "ne s'engage pas dans") l'étape « \(stage.title) »."))
    }
}

/// Where a stage goes in the plan.
public enum StagePlace: Sendable, Hashable {
    /// After every other stage.
    case last
    case first
    /// Right after the stage named (title or id prefix).
    case after(String)
    /// Right before the stage named (title or id prefix).
    case before(String)
}

/// The plan: stages, their conditions, dates, status and order.
extension Workspace {
    /// Adds a stage with `title` to the plan, `place`d as asked (last by default); its status is
    /// `planned` unless `status` says otherwise.
    public func addStage(_ rawTitle: String, goal: String? = nil, entryConditions: String? = nil, exitConditions: String? = nil,
                         start: String? = nil, end: String? = nil, status: String? = nil, reviewOn: String? = nil,
                         place: StagePlace = .last) throws -> ActionOutcome {
        let title = try Input.text(rawTitle, Phrase("the stage's title", fr: "le titre de l'étape"), example: "Pilot")
        var writes = try Self.stageWrites(goal: goal, entryConditions: entryConditions, exitConditions: exitConditions,
                                          start: start, end: end, status: status)
        if let review = try self.stageReview(reviewOn) { writes.append(review) }
        let vision = self.vision
        if vision.stages.contains(where: { NameMatching.fold($0.title) == NameMatching.fold(title) }) {
            throw ActionError(Phrase(
                "a stage titled '\(title)' already exists; choose a distinct title so it can be named",
                fr: "une étape intitulée « \(title) » existe déjà ; choisissez un titre distinct pour pouvoir la désigner"))
        }
        let position = try self.position(place, in: vision.stages)
        var created: RecordID?
        let change = try self.commit { change in
            let stage = change.create(RecordKind.stage)
            change.set(stage, Stage.Field.title, .string(title))
            change.set(stage, Stage.Field.position, .string(position))
            if !writes.contains(where: { $0.field == Stage.Field.status }) {
                change.set(stage, Stage.Field.status, .string(Stage.Status.planned.rawValue))
            }
            for write in writes { change.set(stage, write.field, write.value) }
            created = stage
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Added stage \(title) (\(short)).",
            fr: "Étape « \(title) » ajoutée (\(short))."))
    }

    /// Changes a stage's title, goal, conditions, dates or status; at least one must be given.
    public func updateStage(_ query: String, title rawTitle: String? = nil, goal: String? = nil, entryConditions: String? = nil,
                            exitConditions: String? = nil, start: String? = nil, end: String? = nil, status: String? = nil,
                            reviewOn: String? = nil) throws -> ActionOutcome {
        var writes = try Self.stageWrites(goal: goal, entryConditions: entryConditions, exitConditions: exitConditions,
                                          start: start, end: end, status: status)
        if let review = try self.stageReview(reviewOn) { writes.append(review) }
        if let rawTitle {
            let title = try Input.text(rawTitle, Phrase("'--title'", fr: "« --title »"), example: "--title Pilot")
            writes.append(StageWrite(field: Stage.Field.title, value: .string(title), french: "titre"))
        }
        guard !writes.isEmpty else {
            throw ActionError(Phrase(
                "give at least one of '--title', '--goal', '--entry', '--exit', '--start', '--end', '--status' or '--review-on'",
                fr: "donnez au moins un de « --title », « --goal », « --entry », « --exit », « --start », « --end », « --status » ou « --review-on »"))
        }
        let stage = try self.stage(query)
        let fields = writes.map(\.field).joined(separator: ", ")
        let change = try self.commit { change in
            for write in writes { change.set(stage.id, write.field, write.value) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated stage \(stage.title): \(fields).",
            fr: "Étape « \(stage.title) » modifiée : \(writes.map(\.french).joined(separator: ", "))."))
    }

    /// Moves a stage to `place` in the plan.
    public func moveStage(_ query: String, to place: StagePlace) throws -> ActionOutcome {
        let stage = try self.stage(query)
        let others = self.vision.stages.filter { $0.id != stage.id }
        let position = try self.position(place, in: others)
        let change = try self.commit { change in
            change.set(stage.id, Stage.Field.position, .string(position))
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Moved stage \(stage.title).",
            fr: "Étape « \(stage.title) » déplacée."))
    }

    /// Archives a stage (nothing is deleted).
    public func archiveStage(_ query: String) throws -> ActionOutcome {
        let stage = try self.stage(query)
        return try self.archive(stage.id, summary: Phrase(
            "Archived stage \(stage.title).",
            fr: "Étape « \(stage.title) » archivée."))
    }

    /// The position key for a stage placed as asked in `plan` (which excludes the stage moved).
    func position(_ place: StagePlace, in plan: [Stage]) throws -> String {
        let index: Int
        switch place {
        case .last:
            index = plan.count
        case .first:
            index = 0
        case .after(let query):
            let stage = try self.stage(query)
            // Not in `plan` only when it is the stage being moved: it then goes last.
            index = plan.firstIndex { $0.id == stage.id }.map { $0 + 1 } ?? plan.count
        case .before(let query):
            let stage = try self.stage(query)
            index = plan.firstIndex { $0.id == stage.id } ?? 0
        }
        return Stage.position(inserting: index, into: plan)
    }

    /// One field a stage action writes, with its name for French readers.
    struct StageWrite {
        var field: String
        var value: Value
        var french: String
    }

    /// The review date of a stage: today or later. An empty text clears it (the review was held).
    func stageReview(_ raw: String?) throws -> StageWrite? {
        guard let raw else { return nil }
        guard let date = Self.optional(raw) else {
            return StageWrite(field: Stage.Field.reviewOn, value: .null, french: "date de révision effacée")
        }
        return StageWrite(field: Stage.Field.reviewOn, value: .string(try self.reviewDate(date, option: "--review-on")), french: "date de révision")
    }

    /// The writes the stage options ask for, checked before anything is written.
    /// - Throws: ``ActionError`` on a bad date or status, or an end before the start.
    static func stageWrites(goal: String?, entryConditions: String?, exitConditions: String?,
                            start rawStart: String?, end rawEnd: String?, status rawStatus: String?) throws -> [StageWrite] {
        var writes: [StageWrite] = []
        if let goal { writes.append(StageWrite(field: Stage.Field.goal, value: .string(goal), french: "objectif")) }
        if let entryConditions {
            writes.append(StageWrite(field: Stage.Field.entryConditions, value: .string(entryConditions), french: "conditions d'entrée"))
        }
        if let exitConditions {
            writes.append(StageWrite(field: Stage.Field.exitConditions, value: .string(exitConditions), french: "conditions de sortie"))
        }
        let start = try rawStart.map { try Dates.validate($0, option: "--start") }
        let end = try rawEnd.map { try Dates.validate($0, option: "--end") }
        if let start, let end, end < start {
            throw ActionError(Phrase(
                "--end \(end) is before --start \(start); a stage must end on or after its start",
                fr: "--end \(end) précède --start \(start) ; une étape doit finir le jour de son début ou après"))
        }
        if let start { writes.append(StageWrite(field: Stage.Field.start, value: .string(start), french: "début")) }
        if let end { writes.append(StageWrite(field: Stage.Field.end, value: .string(end), french: "fin")) }
        if let status = try rawStatus.map({ try Input.choice($0, Stage.Status.self, option: "--status") }) {
            writes.append(StageWrite(field: Stage.Field.status, value: .string(status.rawValue), french: "statut"))
        }
        return writes
    }
}
