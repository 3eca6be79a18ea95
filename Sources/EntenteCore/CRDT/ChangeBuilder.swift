import EntenteText

/// Collects the operations of one local change: one user command, one change.
///
/// A record it creates is named, until the change is signed, by a placeholder id that the
/// change's other operations use; signing gives it its real id (derived from the change id)
/// everywhere, and ``SignedChange/resolve(_:)`` maps a placeholder kept by the caller:
/// ```swift
/// var alice: RecordID?
/// let change = try replica.commit(message: "Alice joins") { change in
///     alice = change.create("member")
///     change.set(alice!, "name", .string("Alice"))
/// }
/// let id = change.resolve(alice!)
/// ```
public struct ChangeBuilder {
    public let author: AuthorKey
    public private(set) var operations: [ChangeOperation] = []
    /// Reads the current text of a field, for ``setText(_:_:to:)``.
    private let textSource: (RecordID, String) throws -> TextDocument?
    /// Texts already edited by this change.
    private var editedTexts: [SlotKey: TextDocument] = [:]

    public init(author: AuthorKey, textSource: @escaping (RecordID, String) throws -> TextDocument? = { _, _ in nil }) {
        self.author = author
        self.textSource = textSource
    }

    /// Creates a record of `kind` and returns the id this change names it by (a placeholder
    /// until the change is signed).
    @discardableResult
    public mutating func create(_ kind: String) -> RecordID {
        let id = RecordID.placeholder(self.operations.count)
        self.operations.append(.create(record: id, kind: kind))
        return id
    }

    public mutating func set(_ record: RecordID, _ field: String, _ value: Value) {
        self.operations.append(.set(record: record, field: field, value: value))
    }

    public mutating func add(_ record: RecordID, _ field: String, _ element: Value) {
        self.operations.append(.add(record: record, field: field, element: element))
    }

    public mutating func remove(_ record: RecordID, _ field: String, _ element: Value) {
        self.operations.append(.remove(record: record, field: field, element: element))
    }

    /// Edits a collaborative text field so that it reads `text`, recording the words that
    /// differ from its current content as whole-word inserts and deletes (not a replace-all;
    /// `TextDiff`, TEXT.md §3). Does nothing when
    /// the text is unchanged.
    /// - Throws: ``TextError`` if the edit breaks a text limit.
    public mutating func setText(_ record: RecordID, _ field: String, to text: String) throws {
        let current = try self.currentText(record, field)
        try self.editText(record, field, patches: TextDiff.patches(from: current, to: text))
    }

    /// Applies `patches` (each on the result of the previous, positions in Unicode scalars) to
    /// a collaborative text field, as one text operation.
    /// - Throws: ``TextError`` for an out-of-range patch or a broken text limit.
    public mutating func editText(_ record: RecordID, _ field: String, patches: [TextPatch]) throws {
        guard !patches.isEmpty else { return }
        let slot = SlotKey(record: record, field: field)
        var document = try self.editedTexts[slot] ?? self.textSource(record, field) ?? TextDocument()
        // The change's own agent (TEXT.md §9): the replica applies it under the change id.
        let edit = try document.applyLocal(patches, by: .thisChange)
        self.editedTexts[slot] = document
        self.operations.append(.text(record: record, field: field, edit: edit))
    }

    /// The text a field will read once this change applies.
    public func currentText(_ record: RecordID, _ field: String) throws -> String {
        try (self.editedTexts[SlotKey(record: record, field: field)] ?? self.textSource(record, field))?.text ?? ""
    }
}

extension Merge {
    /// Builds, signs and applies a local change on top of everything `storage` holds: its
    /// heads are the replica's frontier and its author's own latest changes.
    ///
    /// - Throws: ``ChangeError`` if the operations break a rule (nothing is written), or the
    ///   storage's errors.
    public static func commit(
        collective: CollectiveID, identity: SigningIdentity, message: String, now: UInt64,
        into storage: inout some ReplicaStorage, _ build: (inout ChangeBuilder) throws -> Void
    ) throws -> SignedChange {
        let local = try self.prepare(collective: collective, identity: identity, message: message, now: now, storage: storage, build)
        try storage.setClock(local.clock)
        let (signed, past, position, heads) = (local.signed, local.past, local.position, local.heads)
        var roster = try storage.roster()
        let review = try Authority.review(signed, roster: roster, storage: storage, past: past)
        // The core decides, before anything is written: a local change that would be refused
        // is never signed into the log.
        if let refusal = review.refusals.first { throw AuthorityError(refusal: refusal) }
        var report = Report()
        try self.apply(signed, review: review, past: past, position: position, heads: heads, to: &storage, now: now, report: &report)
        roster.absorb(signed, review: review, position: position)
        try storage.keepRoster(roster)
        try storage.finish()
        return signed
    }

    /// What the authority rules would refuse in the change `build` makes on top of
    /// `storage`, without writing anything: how a front end offers only what the core would
    /// accept (`Protocol/VISION.md`, "Authority"), by the very rules that judge the change.
    public static func refusals(
        collective: CollectiveID, identity: SigningIdentity, now: UInt64, in storage: some ReplicaStorage,
        _ build: (inout ChangeBuilder) throws -> Void
    ) throws -> [OperationRefusal] {
        let local = try self.prepare(collective: collective, identity: identity, message: "", now: now, storage: storage, build)
        return try Authority.review(local.signed, roster: try storage.roster(), storage: storage, past: local.past).refusals
    }

    /// A local change built, timed and signed on top of `storage`, with its causal past;
    /// nothing is written (the new clock is returned for the caller to keep).
    static func prepare(
        collective: CollectiveID, identity: SigningIdentity, message: String, now: UInt64, storage: some ReplicaStorage,
        _ build: (inout ChangeBuilder) throws -> Void
    ) throws -> (signed: SignedChange, past: CausalPast, position: Int, heads: [LogEntry], clock: HybridClock) {
        let author = identity.author
        // Its own latest changes (more than a change may name only if this key forked that often
        // here: the highest are named, the `seq` stays one more than the highest).
        let tips = Array(try storage.tips(of: author).sorted { $0.seq > $1.seq }.prefix(ChangeLimits.maximumHeads))
        let frontier = try storage.frontier()
        var headIDs = Set(frontier)
        // A writer in view of more branches than a change may name follows the newest ones
        // (and its own latest); the next change merges more.
        if headIDs.count + tips.count > ChangeLimits.maximumHeads {
            let newest = try headIDs.compactMap { try storage.entry(of: $0) }.sorted { $0.position > $1.position }
            headIDs = Set(newest.prefix(max(0, ChangeLimits.maximumHeads - tips.count)).map(\.id))
        }
        let sawEverything = headIDs.count == frontier.count
        headIDs.formUnion(tips.map(\.id))
        let heads = try headIDs.sorted().map { id -> LogEntry in
            guard let entry = try storage.entry(of: id) else { throw MergeError.missingHead(id) }
            return entry
        }
        var builder = ChangeBuilder(author: author) { record, field in
            try storage.textDocument(record: record, field: field)
        }
        try build(&builder)
        let operations = builder.operations
        var clock = try storage.clock()
        let timestamp = clock.tick(now: now)
        let change = Change(
            collective: collective, author: author, seq: self.expectedSeq(author: author, heads: heads), heads: heads.map(\.id),
            timestamp: timestamp, message: message, operations: operations)
        let signed = try SignedChange(signing: change, with: identity)
        let position = try storage.nextPosition()
        let summary = sawEverything ? PastSummary.everything(below: position) : PastSummary(position: position, heads: heads)
        let past = CausalPast(position: position, author: author, seq: change.seq, heads: heads.map(\.position), summary: summary,
                              in: try storage.causalIndex())
        return (signed, past, position, heads, clock)
    }
}
