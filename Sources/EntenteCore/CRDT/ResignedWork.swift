import EntenteText

/// The work a forked device key signed that the collective did not take, re-signed under a
/// fresh key of the same member (Protocol/CHANGES.md, "Recovering a fork").
///
/// The source changes are the forked key's changes that the accepted history lacks, in
/// ascending `seq`. They are grouped into chunks; chunk `c` becomes the new key's change
/// `firstSeq + c`, its operations those of the chunk's sources in order, rewritten:
/// - a `create` gets the id ``RecordID/derive(author:seq:opIndex:)`` of its new place, and every
///   reference to the old id (operation targets, `record` values) follows it;
/// - a text operation gets the new key as its agent and the new key's next counter in that
///   text; every item id it inserted under the old key, wherever an origin or a deletion of a
///   later source names it, follows it.
/// Items, records and values the sources did not create keep their ids. Dropped operations (the
/// core refused them when re-signed) leave no trace; operations on a record whose creation was
/// dropped are dropped with it. Pure: the same sources give the same operations everywhere.
public struct ResignedWork: Sendable {
    /// One operation of one source change.
    public struct Piece: Hashable, Sendable {
        public var source: Int
        public var operation: Int
        public init(source: Int, operation: Int) {
            self.source = source
            self.operation = operation
        }
    }

    /// A chunk's rewritten operations, and the source operation each one comes from.
    public struct Chunk: Sendable {
        public var operations: [ChangeOperation]
        public var pieces: [Piece]
    }

    public let sources: [Change]
    public let from: AuthorKey
    public let to: AuthorKey
    /// Indices into ``sources``, one array per new change.
    public let chunks: [[Int]]

    /// Sources are grouped so that a chunk holds at most `maximumOperations` operations and
    /// about `maximumBytes` of source changes (a source larger than that is a chunk alone).
    public init(sources: [Change], from: AuthorKey, to: AuthorKey,
                maximumOperations: Int = ChangeLimits.maximumOperations, maximumBytes: Int = ChangeLimits.maximumChangeBytes / 2) {
        self.sources = sources
        self.from = from
        self.to = to
        var chunks: [[Int]] = []
        var current: [Int] = []
        var operations = 0
        var bytes = 0
        for (index, source) in sources.enumerated() {
            let size = source.encoded().count
            if !current.isEmpty, operations + source.operations.count > maximumOperations || bytes + size > maximumBytes {
                chunks.append(current)
                current = []
                operations = 0
                bytes = 0
            }
            current.append(index)
            operations += source.operations.count
            bytes += size
        }
        if !current.isEmpty { chunks.append(current) }
        self.chunks = chunks
    }

    /// Chunk `chunk` rewritten as the new key's change `firstSeq + chunk`, without `dropped`.
    ///
    /// Earlier chunks are rewritten again (not signed) to know the ids and counters they gave.
    public func chunk(_ chunk: Int, firstSeq: UInt64, dropped: Set<Piece> = []) -> Chunk {
        var rewriter = Rewriter(from: self.from, to: self.to)
        var result = Chunk(operations: [], pieces: [])
        guard self.chunks.indices.contains(chunk) else { return result }
        for index in 0...chunk {
            let (seq, overflow) = firstSeq.addingReportingOverflow(UInt64(index))
            guard !overflow else { return result }
            var built = Chunk(operations: [], pieces: [])
            for source in self.chunks[index] {
                for (position, operation) in self.sources[source].operations.enumerated() {
                    let piece = Piece(source: source, operation: position)
                    if dropped.contains(piece) {
                        if case .create(let record, _) = operation { rewriter.droppedRecords.insert(record) }
                        continue
                    }
                    guard let rewritten = rewriter.rewrite(operation, seq: seq, opIndex: built.operations.count) else { continue }
                    built.operations.append(rewritten)
                    built.pieces.append(piece)
                }
            }
            if index == chunk { result = built }
        }
        return result
    }

    /// The ids and counters given so far.
    struct Rewriter {
        let from: AuthorKey
        let to: AuthorKey
        let oldAgent: TextAgent
        let newAgent: TextAgent
        var records: [RecordID: RecordID] = [:]
        var droppedRecords: Set<RecordID> = []
        /// Per text (source record id, field): the runs the old key inserted, in order.
        var runs: [TextKey: [Run]] = [:]
        /// Per text (new record id, field): the new key's next counter.
        var counters: [TextKey: Int] = [:]

        struct TextKey: Hashable {
            var record: RecordID
            var field: String
        }

        struct Run {
            var start: Int
            var count: Int
            var newStart: Int
        }

        init(from: AuthorKey, to: AuthorKey) {
            self.from = from
            self.to = to
            self.oldAgent = TextAgent(from.bytes)
            self.newAgent = TextAgent(to.bytes)
        }

        mutating func rewrite(_ operation: ChangeOperation, seq: UInt64, opIndex: Int) -> ChangeOperation? {
            guard !self.droppedRecords.contains(operation.record) else {
                if case .create(let record, _) = operation { self.droppedRecords.insert(record) }
                return nil
            }
            switch operation {
            case .create(let record, let kind):
                let id = RecordID.derive(author: self.to, seq: seq, opIndex: UInt32(clamping: opIndex))
                self.records[record] = id
                return .create(record: id, kind: kind)
            case .set(let record, let field, let value):
                return .set(record: self.map(record), field: field, value: self.map(value))
            case .add(let record, let field, let element):
                return .add(record: self.map(record), field: field, element: self.map(element))
            case .remove(let record, let field, let element):
                return .remove(record: self.map(record), field: field, element: self.map(element))
            case .text(let record, let field, let edit):
                return .text(record: self.map(record), field: field, edit: self.map(edit, in: TextKey(record: record, field: field), newRecord: self.map(record)))
            }
        }

        func map(_ record: RecordID) -> RecordID { self.records[record] ?? record }

        func map(_ value: Value) -> Value {
            if case .record(let id) = value { return .record(self.map(id)) }
            return value
        }

        mutating func map(_ edit: TextOperation, in source: TextKey, newRecord: RecordID) -> TextOperation {
            let target = TextKey(record: newRecord, field: source.field)
            let newStart = self.counters[target] ?? 0
            let inserted = edit.insertedScalarCount
            if edit.author == self.oldAgent, inserted > 0 {
                self.runs[source, default: []].append(Run(start: edit.startCounter, count: inserted, newStart: newStart))
            }
            self.counters[target] = newStart + inserted
            let insertions = edit.insertions.map { insertion in
                TextOperation.Insertion(originLeft: insertion.originLeft.map { self.map($0, in: source) },
                                        originRight: insertion.originRight.map { self.map($0, in: source) },
                                        content: insertion.content)
            }
            var deletions: [TextOperation.Deletion] = []
            for deletion in edit.deletions {
                var runStart: TextItemID?
                var runCount = 0
                for offset in 0..<max(0, deletion.count) {
                    let item = self.map(TextItemID(agent: deletion.start.agent, counter: deletion.start.counter + offset), in: source)
                    if let start = runStart, start.agent == item.agent, start.counter + runCount == item.counter {
                        runCount += 1
                    } else {
                        if let start = runStart { deletions.append(TextOperation.Deletion(start: start, count: runCount)) }
                        runStart = item
                        runCount = 1
                    }
                }
                if let start = runStart { deletions.append(TextOperation.Deletion(start: start, count: runCount)) }
            }
            return TextOperation(author: self.newAgent, startCounter: newStart, insertions: insertions, deletions: deletions)
        }

        /// An item the old key inserted in one of the sources follows it; any other keeps its id.
        func map(_ item: TextItemID, in source: TextKey) -> TextItemID {
            guard item.agent == self.oldAgent, let runs = self.runs[source] else { return item }
            for run in runs where item.counter >= run.start && item.counter - run.start < run.count {
                return TextItemID(agent: self.newAgent, counter: run.newStart + (item.counter - run.start))
            }
            return item
        }
    }
}
