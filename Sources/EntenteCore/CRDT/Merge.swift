import EntenteText

/// The merge algorithm: how a verified change enters a replica.
///
/// Changes are applied in causal order only. A change waits (is *pending*) until the replica
/// holds its author's previous change and everything in its causal context. Because every
/// replica applies a linear extension of the same causal order, and each operation's effect
/// depends only on the change's causal past, every replica that holds the same set of changes
/// has the same state, whatever order they arrived in (see `Protocol/CHANGES.md`, "Merge").
public enum Merge {
    /// What happened to one change offered to a replica.
    public enum Outcome: Equatable, Sendable {
        case applied
        case duplicate
        case pending
        case fork
        /// By a key that no member admitted in the change's causal past: not stored.
        case stranger
    }

    /// What happened to a batch.
    public struct Report: Equatable, Sendable {
        public var applied: [ChangeID] = []
        public var duplicates = 0
        /// Changes still waiting for their causal dependencies after the batch.
        public var pending = 0
        public var forks: [ForkEvidence] = []
        /// Operations of applied changes that had no effect (`Authority`).
        public var refusals: [OperationRefusal] = []
        /// Changes by keys that no member admitted in their causal past (and not the founding
        /// change): they speak for nobody, so no replica stores them.
        public var strangers: [ChangeID] = []
        public init() {}
    }

    /// Offers changes (signatures already verified) to `storage`: applies what is ready in
    /// causal order, keeps the rest pending, keeps forks as evidence.
    public static func receive(
        _ changes: [SignedChange], into storage: inout some ReplicaStorage, now: UInt64
    ) throws -> Report {
        var report = Report()
        // A linear extension of causality: a change's causal weight is larger than that of
        // every change it has seen.
        let ordered = changes.sorted {
            let lw = $0.change.context.totalChanges.addingReportingOverflow($0.seq)
            let rw = $1.change.context.totalChanges.addingReportingOverflow($1.seq)
            let (l, r) = (lw.overflow ? UInt64.max : lw.partialValue, rw.overflow ? UInt64.max : rw.partialValue)
            return l != r ? l < r : $0.id < $1.id
        }
        var roster = try storage.roster()
        var appliedAny = false
        for change in ordered {
            let outcome = try self.offer(change, into: &storage, roster: &roster, now: now, report: &report)
            if outcome == .applied { appliedAny = true }
        }
        if appliedAny { try self.drainPending(into: &storage, roster: &roster, now: now, report: &report) }
        report.pending = try storage.pendingCount()
        try storage.keepRoster(roster)
        try storage.finish()
        return report
    }

    /// Retries pending changes until none becomes ready.
    static func drainPending(into storage: inout some ReplicaStorage, roster: inout Roster, now: UInt64, report: inout Report) throws {
        var progress = true
        while progress {
            progress = false
            for change in try storage.pendingChanges() {
                var scratch = Report()
                let outcome = try self.readiness(of: change, in: storage, report: &scratch)
                switch outcome {
                case .ready:
                    try storage.removePending(change.id)
                    guard Self.isAdmitted(change, roster) else {
                        report.strangers.append(change.id)
                        continue
                    }
                    report.refusals += try self.apply(change, to: &storage, roster: &roster, now: now)
                    report.applied.append(change.id)
                    progress = true
                case .duplicate:
                    try storage.removePending(change.id)
                case .fork:
                    try storage.removePending(change.id)
                    report.forks.append(contentsOf: scratch.forks)
                    for fork in scratch.forks { try storage.recordFork(fork) }
                case .waiting:
                    break
                }
            }
        }
    }

    enum Readiness { case ready, duplicate, fork, waiting }

    static func readiness(of signed: SignedChange, in storage: some ReplicaStorage, report: inout Report) throws -> Readiness {
        let change = signed.change
        let head = try storage.head(of: change.author)
        let headSeq = head?.seq ?? 0
        if change.seq <= headSeq {
            // Already applied, or a second history for this place in the chain.
            let kept = try storage.changeID(author: change.author, seq: change.seq) ?? .none
            if kept == signed.id { return .duplicate }
            report.forks.append(ForkEvidence(author: change.author, seq: change.seq, kept: kept, rejected: signed))
            return .fork
        }
        if change.seq > headSeq + 1 {
            // A later change of a branch already kept as fork evidence is evidence too: it
            // can never be applied here, and must not wait forever.
            if try storage.isForkEvidence(change.previous) {
                report.forks.append(ForkEvidence(author: change.author, seq: change.seq - 1, kept: try storage.changeID(author: change.author, seq: change.seq - 1) ?? .none, rejected: signed))
                return .fork
            }
            return .waiting
        }
        let expectedPrevious = head?.id ?? .none
        guard change.previous == expectedPrevious else {
            report.forks.append(ForkEvidence(author: change.author, seq: change.seq - 1, kept: expectedPrevious, rejected: signed))
            return .fork
        }
        guard try storage.versionVector().dominates(change.context) else { return .waiting }
        return .ready
    }

    static func offer(_ signed: SignedChange, into storage: inout some ReplicaStorage, roster: inout Roster, now: UInt64, report: inout Report) throws -> Outcome {
        switch try self.readiness(of: signed, in: storage, report: &report) {
        case .duplicate:
            report.duplicates += 1
            return .duplicate
        case .fork:
            if let fork = report.forks.last { try storage.recordFork(fork) }
            return .fork
        case .waiting:
            try storage.addPending(signed)
            report.pending += 1
            return .pending
        case .ready:
            guard Self.isAdmitted(signed, roster) else {
                report.strangers.append(signed.id)
                return .stranger
            }
            report.refusals += try self.apply(signed, to: &storage, roster: &roster, now: now)
            report.applied.append(signed.id)
            return .applied
        }
    }

    /// Whether a ready change's author is the key of a device in its causal past, or the
    /// change founds the collective. Decided from the past alone, so every replica stores
    /// or drops a change alike (`Protocol/CHANGES.md` §5).
    static func isAdmitted(_ signed: SignedChange, _ roster: Roster) -> Bool {
        roster.isDeviceKey(signed.author, in: CausalPast(of: signed.change)) || Founding.isFounding(signed.change)
    }

    /// Applies a ready change's authorised operations, appends it to the log and advances the
    /// clock. The refused operations stay in the log, have no effect, and are recorded.
    @discardableResult
    static func apply(_ signed: SignedChange, to storage: inout some ReplicaStorage, roster: inout Roster, now: UInt64) throws -> [OperationRefusal] {
        let review = try Authority.review(signed, roster: roster, storage: storage)
        try self.apply(signed, review: review, to: &storage, now: now)
        roster.absorb(signed.change, review: review)
        return review.refusals
    }

    static func apply(_ signed: SignedChange, review: Authority.Review, to storage: inout some ReplicaStorage, now: UInt64) throws {
        let change = signed.change
        if !review.refusals.isEmpty { try storage.recordRefusals(review.refusals) }
        var created = Set<RecordID>()
        var touched: [RecordID] = []
        for (index, operation) in change.operations.enumerated() where review.allows(index) {
            if case .create(let record, _) = operation {
                created.insert(record)
            } else if !created.contains(operation.record), !touched.contains(operation.record) {
                touched.append(operation.record)
            }
        }
        if !touched.isEmpty { try storage.prefetch(records: touched) }
        for (index, operation) in change.operations.enumerated() where review.allows(index) {
            let tag = change.tag(index)
            switch operation {
            case .create(let record, let kind):
                try storage.createRecord(RecordHeader(id: record, kind: kind, createdBy: tag, createdAt: change.timestamp))
            case .set(let record, let field, let value):
                let slot = SlotKey(record: record, field: field)
                try self.supersede(at: slot, by: change, index: index, in: &storage)
                try storage.insertWrite(FieldWrite(tag: tag, timestamp: change.timestamp, value: value), at: slot)
            case .add(let record, let field, let element):
                let slot = SlotKey(record: record, field: field, element: element.encoded)
                try self.supersede(at: slot, by: change, index: index, in: &storage)
                try storage.insertWrite(FieldWrite(tag: tag, timestamp: change.timestamp, value: element), at: slot)
            case .remove(let record, let field, let element):
                let slot = SlotKey(record: record, field: field, element: element.encoded)
                try self.supersede(at: slot, by: change, index: index, in: &storage)
            case .text(let record, let field, let edit):
                // Text operations merge inside the sequence CRDT. One that does not apply (it
                // refers to text its author never saw) fails identically on every replica,
                // which holds the same causal past, so it is skipped everywhere alike.
                var document = try storage.textDocument(record: record, field: field) ?? TextDocument()
                if (try? document.apply(edit)) != nil {
                    try storage.setTextDocument(document, after: edit, record: record, field: field)
                }
            }
        }
        try storage.appendChange(signed)
        var clock = try storage.clock()
        clock.observe(change.timestamp, now: now)
        try storage.setClock(clock)
    }

    /// Removes the writes at `slot` that operation `index` of `change` had seen: the earlier
    /// operations of the same change, and every write inside its causal context.
    static func supersede(at slot: SlotKey, by change: Change, index: Int, in storage: inout some ReplicaStorage) throws {
        let seen = try storage.writes(at: slot).map(\.tag).filter { tag in
            tag.author == change.author
                ? (tag.seq < change.seq || (tag.seq == change.seq && Int(tag.op) < index))
                : change.context.includes(author: tag.author, seq: tag.seq)
        }
        if !seen.isEmpty { try storage.deleteWrites(at: slot, tags: seen) }
    }
}
