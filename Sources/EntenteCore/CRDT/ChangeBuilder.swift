import EntenteText

/// Collects the operations of one local change: one user command, one change.
///
/// It knows the sequence number the change will get, so records it creates get their final
/// ids at once:
/// ```swift
/// let change = try replica.commit(message: "Alice joins") { change in
///     let alice = change.create("member")
///     change.set(alice, "name", .string("Alice"))
/// }
/// ```
public struct ChangeBuilder {
    public let author: AuthorKey
    public let seq: UInt64
    public private(set) var operations: [ChangeOperation] = []
    /// Reads the current text of a field, for ``setText(_:_:to:)``.
    private let textSource: (RecordID, String) throws -> TextDocument?
    /// Texts already edited by this change.
    private var editedTexts: [SlotKey: TextDocument] = [:]

    public init(author: AuthorKey, seq: UInt64, textSource: @escaping (RecordID, String) throws -> TextDocument? = { _, _ in nil }) {
        self.author = author
        self.seq = seq
        self.textSource = textSource
    }

    /// Creates a record of `kind` and returns its id.
    @discardableResult
    public mutating func create(_ kind: String) -> RecordID {
        let id = RecordID.derive(author: self.author, seq: self.seq, opIndex: UInt32(self.operations.count))
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

    /// Appends operations built elsewhere, as they are: for ``ResignedWork``, whose creates
    /// already carry the ids this change gives them and whose text operations already carry
    /// this author's counters. Not for ordinary commands (use the methods above).
    public mutating func replay(_ operations: [ChangeOperation]) {
        self.operations.append(contentsOf: operations)
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
        let edit = try document.applyLocal(patches, by: TextAgent(self.author.bytes))
        self.editedTexts[slot] = document
        self.operations.append(.text(record: record, field: field, edit: edit))
    }

    /// The text a field will read once this change applies.
    public func currentText(_ record: RecordID, _ field: String) throws -> String {
        try (self.editedTexts[SlotKey(record: record, field: field)] ?? self.textSource(record, field))?.text ?? ""
    }
}

extension Merge {
    /// Builds, signs and applies a local change on top of everything `storage` holds.
    ///
    /// - Throws: ``ChangeError`` if the operations break a rule (nothing is written), or the
    ///   storage's errors.
    public static func commit(
        collective: CollectiveID, identity: SigningIdentity, message: String, now: UInt64,
        into storage: inout some ReplicaStorage, _ build: (inout ChangeBuilder) throws -> Void
    ) throws -> SignedChange {
        let author = identity.author
        let head = try storage.head(of: author)
        let seq = (head?.seq ?? 0) + 1
        let operations: [ChangeOperation]
        do {
            // The builder reads texts from a copy of the storage; it must be gone before the
            // storage is mutated, or a value-type storage would copy itself whole.
            let reader = storage
            var builder = ChangeBuilder(author: author, seq: seq) { record, field in
                try reader.textDocument(record: record, field: field)
            }
            try build(&builder)
            operations = builder.operations
        }
        var clock = try storage.clock()
        let timestamp = clock.tick(now: now)
        try storage.setClock(clock)
        let change = Change(
            collective: collective, author: author, seq: seq, previous: head?.id ?? .none,
            timestamp: timestamp, context: try storage.versionVector(), message: message,
            operations: operations)
        let signed = try SignedChange(signing: change, with: identity)
        var roster = try storage.roster()
        let review = try Authority.review(signed, roster: roster, storage: storage)
        // The core decides, before anything is written: a local change that would be refused
        // is never signed into the log.
        if let refusal = review.refusals.first { throw AuthorityError(refusal: refusal) }
        try self.apply(signed, review: review, to: &storage, now: now)
        roster.absorb(change, review: review)
        try storage.keepRoster(roster)
        try storage.finish()
        return signed
    }
}
