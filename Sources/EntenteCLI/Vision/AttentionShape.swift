import EntenteActions
import EntenteCore

/// The JSON shape of `entente status --json`: what needs attention on `today`.
struct AttentionShape: Encodable {
    struct Unacknowledged: Encodable {
        var expectation: String
        var type: String
        var text: String
        var statedByName: String
        var notYetAcknowledgedBy: [String]
    }
    struct Deadline: Encodable {
        var commitment: String
        var what: String
        var byName: String
        var due: String
        var overdue: Bool
    }
    struct Conflict: Encodable {
        var record: String
        var kind: String
        var label: String
        var field: String
        var values: [String]
        /// For people: each value in words (not in JSON).
        var words: [Phrase] = []

        enum CodingKeys: String, CodingKey { case record, kind, label, field, values }
    }
    /// A motion on a member waiting for consents.
    struct Motion: Encodable {
        var motion: String
        var action: String
        var member: String
        var memberName: String
        /// For a revoke: the device record it revokes.
        var device: String?
        var needed: Int
        var consenting: [String]
        var waitingFor: [String]
    }
    /// An operation that had no effect: someone signed what they may not do.
    struct Refused: Encodable {
        var change: String
        var operation: Int
        var authorName: String
        var rule: String
        @Nullable var kind: String?
        @Nullable var field: String?
        @Nullable var ownerName: String?
    }
    /// An author key that signed two histories (a replica restored from a backup, or copied).
    struct Fork: Encodable {
        var author: String
        var authorName: String
        var seq: UInt64
        var thisDevice: Bool
    }
    /// A decision waiting for stances, stopped by a block, or due for review.
    struct DecisionItem: Encodable {
        var decision: String
        var text: String
        var status: String
        var waitingFor: [String]
        var blocked: Bool
        var reviewDue: Bool
        @Nullable var reviewOn: String?
    }
    struct ValueDisagreement: Encodable {
        var contribution: String
        var what: String
        var lowest: Int64
        var highest: Int64
        var divergence: Double
        var suggestion: String
    }

    var today: String
    var count: Int
    var unacknowledged: [Unacknowledged]
    var deadlines: [Deadline]
    var conflicts: [Conflict]
    var phaseDisagreement: Bool
    var phases: PhaseReportShape
    var highRisks: [RiskShape]
    var valueDisagreements: [ValueDisagreement]
    var motions: [Motion]
    var refused: [Refused]
    var forks: [Fork]
    var decisions: [DecisionItem]
    var renewals: [Renewal]
    var reviews: [ReviewItem]
    var archived: [ArchivedItem]
    var rewrites: [EntenteCommand.Conflicts.RewriteShape]

    /// A record archived by one member while another edited it (``ArchiveConflict``).
    struct ArchivedItem: Encodable {
        var record: String
        var kind: String
        var label: String
        var archivedBy: String
        var editedBy: [String]
        var fields: [String]
    }

    /// A stage or exit terms whose review date has come.
    struct ReviewItem: Encodable {
        var record: String
        var kind: String
        var label: String
        var reviewOn: String
    }

    /// An engagement to renew (Enspiral's opt-in that lapses unless renewed).
    struct Renewal: Encodable {
        var engagement: String
        var memberName: String
        var stageTitle: String
        var renewOn: String
        var lapsed: Bool
    }

    init(_ attention: Attention, _ vision: Vision, refusals: [OperationRefusal] = [], forks: [EntenteCore.Fork] = [], device: AuthorKey? = nil,
         archived: [ArchiveConflict] = [], rewrites: [EntenteCommand.Conflicts.RewriteShape] = []) {
        let byID = Dictionary(vision.records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let resolver = RecordResolver(records: vision.records)
        self.today = attention.today
        let roster = vision.roster
        self.motions = roster.openMotions().map { motion in
            let consenting = roster.consenting(motion)
            return Motion(motion: motion.record.hex, action: motion.action.rawValue, member: motion.target.hex, memberName: vision.name(motion.target),
                          device: motion.device?.hex, needed: motion.threshold, consenting: consenting.map { vision.name($0) }.sorted(),
                          waitingFor: motion.voters.subtracting(consenting).map { vision.name($0) }.sorted())
        }
        let directory = Directory(records: vision.records)
        self.refused = refusals.map { refusal in
            Refused(change: refusal.change.hex, operation: refusal.operation, authorName: directory.name(of: refusal.author), rule: refusal.rule.rawValue,
                    kind: refusal.kind, field: refusal.field, ownerName: refusal.owner.map { vision.name($0) })
        }
        var seen = Set<AuthorKey>()
        self.forks = forks.filter { seen.insert($0.author).inserted }.map { fork in
            Fork(author: fork.author.hex, authorName: directory.name(of: fork.author), seq: fork.seq, thisDevice: fork.author == device)
        }
        self.archived = archived.map { conflict in
            ArchivedItem(record: conflict.record.hex, kind: conflict.kind, label: byID[conflict.record].map(resolver.label) ?? conflict.kind,
                         archivedBy: directory.name(of: conflict.archive.tag.author),
                         editedBy: Array(Set(conflict.edits.map { directory.name(of: $0.write.tag.author) })).sorted(),
                         fields: Array(Set(conflict.edits.map(\.field))).sorted())
        }
        self.rewrites = rewrites
        self.count = attention.count + self.motions.count + self.refused.count + self.forks.count + self.archived.count + rewrites.count
        self.renewals = attention.renewals.compactMap { item in
            guard let engagement = byID[item.engagement].flatMap(Engagement.init) else { return nil }
            return Renewal(engagement: item.engagement.hex, memberName: vision.name(engagement.member),
                           stageTitle: Names.stage(engagement.stage, vision), renewOn: item.renewOn, lapsed: item.lapsed)
        }
        self.reviews = attention.reviews.map { item in
            let terms = byID[item.record].flatMap(ExitTerms.init)
            let label = terms.map { "\($0.kind?.rawValue ?? "?") \($0.id.short)" } ?? byID[item.record].map(resolver.label) ?? item.kind
            return ReviewItem(record: item.record.hex, kind: item.kind, label: label, reviewOn: item.reviewOn)
        }
        let titles = DecisionTitles(vision)
        self.decisions = attention.decisions.compactMap { item in
            guard let decision = byID[item.decision].flatMap(Decision.init) else { return nil }
            return DecisionItem(decision: item.decision.hex, text: titles.title(decision).localized, status: decision.status.rawValue,
                                waitingFor: item.waitingFor.map { vision.name($0) }, blocked: item.blocked, reviewDue: item.reviewDue,
                                reviewOn: decision.reviewOn)
        }
        self.unacknowledged = attention.unacknowledged.compactMap { item in
            guard let expectation = byID[item.expectation].flatMap(Expectation.init) else { return nil }
            return Unacknowledged(expectation: item.expectation.hex, type: expectation.kind.rawValue, text: expectation.text,
                                  statedByName: vision.name(expectation.statedBy), notYetAcknowledgedBy: item.missing.map { vision.name($0) })
        }
        self.deadlines = attention.deadlines.items.compactMap { item in
            guard let commitment = byID[item.commitment].flatMap(Commitment.init) else { return nil }
            return Deadline(commitment: item.commitment.hex, what: commitment.what, byName: vision.name(commitment.by),
                            due: item.due, overdue: item.overdue)
        }
        let words = attention.conflicts.isEmpty ? nil : ChangeWords(records: vision.records, directory: Directory(records: vision.records))
        self.conflicts = attention.conflicts.map { conflict in
            Conflict(record: conflict.record.hex, kind: conflict.kind, label: byID[conflict.record].map(resolver.label) ?? conflict.kind,
                     field: conflict.field, values: conflict.values.map(\.description),
                     words: conflict.values.map { words?.valueInWords(kind: conflict.kind, field: conflict.field, $0) ?? Phrase($0.description, fr: $0.description) })
        }
        self.phaseDisagreement = attention.phases.disagreement
        self.phases = PhaseReportShape(attention.phases, vision)
        self.highRisks = attention.highRisks.compactMap { byID[$0].flatMap(Risk.init) }.map { RiskShape($0, vision) }
        self.valueDisagreements = attention.valueDisagreements.flagged.map { item in
            let what = byID[item.contribution].flatMap(Contribution.init)?.what ?? item.contribution.short
            return ValueDisagreement(
                contribution: item.contribution.hex, what: what, lowest: item.lowest, highest: item.highest,
                divergence: (item.divergence * 1000).rounded() / 1000,
                suggestion: tr("entente risk add \"Disagreement on the value of: \(what)\" --zone value-of-work --likelihood 3 --impact 4",
                               "entente risk add \"Désaccord sur la valeur de : \(what)\" --zone valeur --likelihood 3 --impact 4"))
        }
    }
}
