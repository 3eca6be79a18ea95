import EntenteCore
import EntenteText
import Foundation
import GRDB

/// One line of `entente log`.
public struct LogLine: Hashable, Sendable {
    public var position: Int64
    public var id: ChangeID
    public var author: AuthorKey
    public var seq: UInt64
    public var timestamp: HybridTimestamp
    /// What the author typed with the change (empty for nothing): not what it did, which is
    /// told from its operations when shown.
    public var message: String
    /// What the change did, in words, when the log was read with a `describe` function.
    public var summary: String?
}

extension Replica {
    // MARK: - Log

    /// Every applied change, in the order they were applied here (a causal order).
    public func changes() throws -> [SignedChange] {
        try Self.wrap("reading changes") { try self.pool.read { try Self.loadChanges($0, missingFrom: HistorySummary()) } }
    }

    /// The newest `limit` applied changes, oldest first (what the board's log shows).
    public func latestChanges(limit: Int) throws -> [SignedChange] {
        try Self.wrap("reading the newest changes") {
            try self.pool.read { db in
                var result: [SignedChange] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT signed FROM changes ORDER BY position DESC LIMIT ?", arguments: [max(0, limit)])
                while let row = try rows.next() {
                    guard let data: Data = try row.storedIfPresent(0, "changes.signed"), let change = try? SignedChange(decoding: data.bytes) else {
                        throw StoreError.notAReplica(path: self.folder.database.path, reason: "a stored change is damaged; run `entente audit` on it")
                    }
                    result.append(change)
                }
                return result.reversed()
            }
        }
    }

    /// The log, newest last, optionally only one author's changes. With `describe`, each
    /// entry's ``LogLine/summary`` is what it makes of the change (decoded as stored: it was
    /// verified when it arrived; only what is kept is the words, not the change).
    public func log(author: AuthorKey? = nil, limit: Int? = nil, describe: ((Change) -> String)? = nil) throws -> [LogLine] {
        try Self.wrap("reading the log") {
            try self.pool.read { db in
                // The time and message are read from the signed bytes (STORE.md: the log keeps
                // no copy of them).
                var sql = """
                    SELECT c.position, c.id, a.key, c.seq, c.signed
                    FROM changes c JOIN authors a ON a.number = c.author
                    """
                if author != nil { sql += " WHERE a.key = ?" }
                sql += " ORDER BY c.position"
                if let limit {
                    sql = "SELECT * FROM (\(sql.replacingOccurrences(of: "ORDER BY c.position", with: "ORDER BY c.position DESC")) LIMIT \(max(0, limit))) ORDER BY 1"
                }
                // Read with the C API: this runs over every change of a large replica.
                var statement = FastStatement(try db.makeStatement(sql: sql))
                if let author { statement.bind(author) }
                var entries: [LogLine] = []
                try statement.forEachRow(db) { row in
                    guard let id = Column.fixed(row, 1, as: ChangeID.self), let key = Column.fixed(row, 2, as: AuthorKey.self) else {
                        throw StoreError.notAReplica(path: self.folder.database.path, reason: "a log entry has a malformed id or author; run `entente audit`")
                    }
                    var summary: String?
                    let signed = Column.bytes(row, 4)
                    let timestamp: HybridTimestamp, message: String
                    do {
                        guard signed.count > SignedChange.signatureByteCount else {
                            throw DecodingError.truncated(what: "signed change", offset: signed.count)
                        }
                        let unsigned = Array(signed[..<(signed.count - SignedChange.signatureByteCount)])
                        if let describe {
                            let change = try Change(decoding: unsigned, id: id)
                            (timestamp, message) = (change.timestamp, change.message)
                            summary = describe(change)
                        } else {
                            (timestamp, message) = try Change.timeAndMessage(of: unsigned)
                        }
                    } catch {
                        throw StoreError.notAReplica(path: self.folder.database.path, reason: "a stored change is damaged (\(error)); run `entente audit` on it")
                    }
                    entries.append(LogLine(
                        position: Column.int(row, 0), id: id, author: key, seq: UInt64(bitPattern: Column.int(row, 3)),
                        timestamp: timestamp, message: message, summary: summary))
                }
                return entries
            }
        }
    }


    public func changeCount() throws -> Int {
        try Self.wrap("counting changes") { try self.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") ?? 0 } }
    }

    public func pendingCount() throws -> Int {
        try Self.wrap("counting pending changes") { try self.pool.read { try SQLiteStorage($0).pendingCount() } }
    }

    // MARK: - State

    public func stateHash() throws -> String {
        try Self.wrap("hashing the state") { try self.pool.read { try StateHash.compute(SQLiteStorage($0)) } }
    }

    /// Every record of `kind` (or all), oldest first.
    ///
    /// Headers and writes are both read in record-id order (the order of their tables' keys)
    /// and paired as they come, without a lookup per write; the records are then put in
    /// creation order by sorting positions, not records (this runs over every record of a
    /// large replica for most commands: BENCHMARKS.md, "A long-lived collective").
    public func records(kind: String? = nil) throws -> [RecordState] {
        try Self.wrap("reading records") {
            try self.reentrantRead { db in try Self.loadRecords(db, kind.map(RecordFilter.kind) ?? .all) }
        }
    }

    /// The record `id`, or nil when this replica has none. Read alone (the commands that tell
    /// a few changes of a large replica, `log --limit`, name a few records of thousands);
    /// callable while another read of this replica is under way on this thread.
    public func record(_ id: RecordID) throws -> RecordState? {
        try Self.wrap("reading a record") {
            try self.reentrantRead { db in try Self.loadRecords(db, .id(id)).first }
        }
    }

    /// A read that may run inside another read of this replica on this thread (``ChangeWords``
    /// reads records while the log is read): it joins that read's transaction, else opens its
    /// own, so its statements see one state either way.
    func reentrantRead<T>(_ body: (Database) throws -> T) throws -> T {
        try self.pool.unsafeReentrantRead { db in
            if db.isInsideTransaction { return try body(db) }
            try db.beginTransaction(.deferred)
            defer { try? db.rollback() }  // a read has nothing to commit
            return try body(db)
        }
    }

    /// Which records ``loadRecords(_:_:)`` reads.
    enum RecordFilter {
        case all
        case kind(String)
        case id(RecordID)

        /// The condition on table `table`'s record column `column`, after a join with
        /// `records r` when filtering by kind (none needed on `records r` itself).
        func condition(_ table: String, _ column: String) -> String {
            switch self {
            case .all: ""
            case .kind: table == "r" ? " WHERE r.kind = ?" : " JOIN records r ON r.id = \(table).\(column) WHERE r.kind = ?"
            case .id: " WHERE \(table).\(column) = ?"
            }
        }

        func bind(_ statement: inout FastStatement) {
            switch self {
            case .all: break
            case .kind(let kind): statement.bind(kind)
            case .id(let id): statement.bind(id)
            }
        }
    }

    static func loadRecords(_ db: Database, _ filter: RecordFilter) throws -> [RecordState] {
        let authors = try AuthorNumbers(db)
        // Headers and writes are read without their changes; who made them is read after, once
        // per position and in log order (``ChangeWriters``), then put in their tags.
        var headers: [RecordHeader] = []
        var positions: [Int] = []
        let headerSQL = "SELECT r.id, r.kind, r.position, r.op, r.wall, r.counter FROM records r" + filter.condition("r", "id") + " ORDER BY r.id"
        var headerRows = FastStatement(try db.makeStatement(sql: headerSQL))
        filter.bind(&headerRows)
        try headerRows.forEachRow(db) { row in
            let header = try SQLiteStorage.header(from: row, createdBy: Self.unknownWriter)
            positions.append(header.position)
            headers.append(header)
        }
        // Each header's fields, filled as its writes come (in the same order as the headers:
        // `next` is the header the rows are reaching), without a slot built for each write.
        var fields = [RecordFields](repeating: RecordFields(), count: headers.count)
        var next = 0
        let writeSQL = "SELECT w.position, w.op, w.wall, w.counter, w.value, w.record, w.field, w.element FROM writes w"
            + filter.condition("w", "record") + " ORDER BY w.record, w.field, w.element, w.position, w.op"
        var writeRows = FastStatement(try db.makeStatement(sql: writeSQL))
        filter.bind(&writeRows)
        try writeRows.forEachRow(db) { row in
            // Rows of records before `next` cannot come (both are in id order); rows of a
            // record with no header are skipped, as before.
            while next < headers.count, Column.compare(row, 5, headers[next].id) > 0 { next += 1 }
            guard next < headers.count, Column.compare(row, 5, headers[next].id) == 0 else {
                guard Column.fixed(row, 5, as: RecordID.self) != nil else {
                    throw StoredValue.damaged("writes.record", holds: "a value that is not a record id")
                }
                return
            }
            let write = try SQLiteStorage.write(from: row, writtenBy: Self.unknownWriter)
            positions.append(write.position)
            fields[next].add(write, field: try Column.storedText(row, 6, "writes.field"), element: Column.bytes(row, 7))
        }
        let writers = try ChangeWriters(db, positions: positions, authors: authors)
        for index in headers.indices {
            let header = headers[index]
            guard let tag = writers.tag(at: header.position, op: header.createdBy.op) else {
                throw StoredValue.damaged("records.position", holds: "the position \(header.position), of no change in the log")
            }
            headers[index].createdBy = tag
            try fields[index].name(writers)
        }
        // Each text field's visible text, kept beside its snapshot (STORE.md): no history decoded.
        var texts = [[String: String]](repeating: [:], count: headers.count)
        var textRows = FastStatement(try db.makeStatement(sql: "SELECT v.record, v.field, v.visible FROM text_views v" + filter.condition("v", "record")))
        filter.bind(&textRows)
        var index: [RecordID: Int]?
        try textRows.forEachRow(db) { row in
            guard let record = Column.fixed(row, 0, as: RecordID.self) else {
                throw StoredValue.damaged("text_views.record", holds: "a value that is not a record id")
            }
            if index == nil { index = Dictionary(headers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }) }
            guard let at = index?[record] else { return }
            texts[at][try Column.storedText(row, 1, "text_views.field")] = try Column.storedText(row, 2, "text_views.visible")
        }
        // Creation order, ties by id: the headers are in id order, so their index breaks ties.
        let order = headers.indices.sorted {
            (headers[$0].createdAt.wallMillis, headers[$0].createdAt.counter, $0) < (headers[$1].createdAt.wallMillis, headers[$1].createdAt.counter, $1)
        }
        return order.map { RecordState(header: headers[$0], registers: fields[$0].registers, sets: fields[$0].sets, texts: texts[$0]) }
    }

    /// The tag a header or write holds until ``ChangeWriters`` names who made it.
    private static let unknownWriter = WriteTag(author: AuthorKey(storage: InlineBytes32()), change: .none, op: 0)
}

// MARK: - Archived while edited

extension Replica {
    /// The archived records among `records` that someone edited without having seen the
    /// archive (``ArchiveConflict``): one change read per archived record.
    public func archiveConflicts(in records: [RecordState]) throws -> [ArchiveConflict] {
        try Self.wrap("reading archived records") {
            try self.pool.read { db in
                let storage = SQLiteStorage(db)
                return try records.compactMap { record in
                    guard let archive = ArchiveConflict.archiveWrite(of: record), let entry = try storage.entry(of: archive.tag.change),
                          let signed = try Self.loadChange(db, position: entry.position) else { return nil }
                    return try ArchiveConflict.find(record, archiving: signed, past: CausalPast(of: entry, in: try storage.causalIndex()))
                }
            }
        }
    }

    /// The applied change at a log position.
    static func loadChange(_ db: Database, position: Int) throws -> SignedChange? {
        guard let data = try Data.fetchOne(db, sql: "SELECT signed FROM changes WHERE position = ?", arguments: [position]) else { return nil }
        do {
            return try SignedChange(decoding: data.bytes)
        } catch {
            throw StoredValue.damaged("changes.signed", holds: "a change that does not decode (\(error))")
        }
    }
}

// MARK: - Collaborative text

extension Replica {
    /// A text field's visible text as runs, each with the id of the change that inserted it
    /// (each agent is a change id, TEXT.md §9; `nil` for another agent).
    public func textRuns(record: RecordID, field: String) throws -> [(change: ChangeID?, text: String)] {
        try Self.wrap("reading the text") {
            try self.pool.read { db in
                guard let document = try SQLiteStorage(db).textDocument(record: record, field: field) else { return [] }
                return document.authorship().map { (ChangeID(validating: $0.agent.bytes), $0.text) }
            }
        }
    }

    /// Who wrote which part of a text field: its visible text as runs, each with its author.
    public func textAuthorship(record: RecordID, field: String) throws -> [(author: AuthorKey?, text: String)] {
        try Self.wrap("reading the text's authors") {
            try self.pool.read { db in
                guard let document = try SQLiteStorage(db).textDocument(record: record, field: field) else { return [] }
                // Each agent is a change id (TEXT.md §9): its author wrote the run.
                var authors: [TextAgent: AuthorKey?] = [:]
                let statement = try db.cachedStatement(sql: """
                    SELECT a.key FROM changes c JOIN authors a ON a.number = c.author WHERE substr(c.id, 1, 8) = ? AND c.id = ?
                    """)
                return try document.authorship().map { run in
                    if authors[run.agent] == nil {
                        let arguments: StatementArguments = [SQLiteStorage.idKey(run.agent.bytes), Data(run.agent.bytes)]
                        authors[run.agent] = try Data.fetchOne(statement, arguments: arguments).flatMap { AuthorKey(validating: $0.bytes) }
                    }
                    return (authors[run.agent] ?? nil, run.text)
                }
            }
        }
    }
}

extension Replica {
    // MARK: - Authority

    /// Who belongs to the collective: members with their devices and standing, read from the
    /// authority records only (cheap on a large replica), as of `today` (YYYY-MM-DD; see
    /// ``Member/today``).
    /// The collective's name as this replica holds it (nil when unreadable or unnamed).
    public func collectiveName() -> String? {
        (try? self.records(kind: RecordKind.collective).first?.string(Collective.Field.name)) ?? nil
    }

    public func directory(today: String? = nil) throws -> Directory {
        Directory(records: try self.rosterRecords(), today: today)
    }

    /// The records the authority rules read (members, devices, motions, consents: Roster.kinds),
    /// oldest first: who is who, without the rest of a large replica.
    public func rosterRecords() throws -> [RecordState] {
        try Self.wrap("reading the roster") {
            try self.pool.read { db in try SQLiteStorage(db, textCache: TextCache()).authorityRecords() }
        }.inCreationOrder
    }

    /// The names every member has had, to tell each act under its author's name at the time.
    public func nameHistory() throws -> NameHistory {
        try Self.wrap("reading member names") { NameHistory(try self.pool.read { try SQLiteStorage.loadNames($0) }) }
    }

    /// Every operation that the authority rules refused, in the order its change was applied.
    public func refusals() throws -> [OperationRefusal] {
        try Self.wrap("reading refused operations") { try self.pool.read { try SQLiteStorage.loadRefusals($0) } }
    }
}

extension Replica {
    /// The authors that signed changes that did not see each other (a copied folder, a
    /// restored backup, a stolen key): every place where they did, by author then `seq`.
    public func forks() throws -> [Fork] {
        try Self.wrap("reading forks") { try self.pool.read { try Self.loadForks($0) } }
    }

    static func loadForks(_ db: Database) throws -> [Fork] {
        let authors = try AuthorNumbers(db)
        var places: [(author: AuthorKey, seq: UInt64, ids: [ChangeID])] = []
        for row in try Row.fetchAll(db, sql: "SELECT author, seq, id FROM forks ORDER BY author, seq, id") {
            let author = try authors.key(for: try row.stored(0, "forks.author"), "forks.author")
            let seq = try row.storedSeq(1, "forks.seq")
            let id = try row.stored(ChangeID.self, 2, "forks.id")
            if let last = places.last, last.author == author, last.seq == seq {
                places[places.count - 1].ids.append(id)
            } else {
                places.append((author, seq, [id]))
            }
        }
        return places.map { Fork(author: $0.author, seq: $0.seq, changes: $0.ids) }.sorted { ($0.author, $0.seq) < ($1.author, $1.seq) }
    }
}

// MARK: - Rewritten at the same time

extension Replica {
    /// The passages of text fields two members rewrote at the same time (``TextRewrite``).
    /// Only the changes whose bytes hold a text operation on a record with text are decoded
    /// (``ChangeOperation/textTag`` then the record id, found by SQLite's `instr`).
    public func textRewrites() throws -> [TextRewrite] {
        try Self.wrap("reading the text edits") {
            try self.pool.read { db in
                let storage = SQLiteStorage(db)
                let index = try storage.causalIndex()
                // Most fields need no search: see `settledByTheLastEdit`.
                var records = Set<Data>()
                for row in try Row.fetchAll(db, sql: "SELECT record, field FROM texts") {
                    let record = try row.stored(RecordID.self, 0, "texts.record")
                    let field: String = try row.stored(1, "texts.field")
                    if try !self.settledByTheLastEdit(db, record: record, field: field, storage: storage, index: index) {
                        records.insert(Data(record.bytes))
                    }
                }
                guard !records.isEmpty else { return [] }
                let edits = try self.textEdits(db, of: records.sorted { $0.lexicographicallyPrecedes($1) })
                return try TextRewrite.find(edits) { CausalPast(of: $0, in: index) }
            }
        }
    }

    /// ``textRewrites()`` without the shortcut: every text field searched through every edit
    /// of it (what tests compare the shortcut with).
    func textRewritesSearchingEveryEdit() throws -> [TextRewrite] {
        try self.pool.read { db in
            let index = try SQLiteStorage(db).causalIndex()
            let records = try Data.fetchAll(db, sql: "SELECT DISTINCT record FROM texts ORDER BY record")
            guard !records.isEmpty else { return [] }
            return try TextRewrite.find(try self.textEdits(db, of: records)) { CausalPast(of: $0, in: index) }
        }
    }

    /// Whether the last applied change that edits `field` of `record` had every earlier edit
    /// of it in its causal past: then no rewrite of the field is unsettled (that edit settles
    /// every earlier pair, and it has no concurrent earlier edit itself), which is the everyday
    /// case and spares decoding every edit of a long history. Finds the edits by their bytes
    /// (the operation's tag, the record, the field: CHANGES.md §3); a change that only holds
    /// those bytes elsewhere makes the answer `false`, and the full search decides.
    ///
    /// The last edit is found without reading the log: it is the last operation the replica
    /// kept since the field's snapshot, whose author is the change that made it (TEXT.md §9).
    /// Then only the changes its past's summary does not hold (its unseen intervals and the
    /// positions above its floor) and those after it are searched, not the whole log (which
    /// was a fifth of `entente status` on a long history: BENCHMARKS.md, "Ids held inline").
    private func settledByTheLastEdit(_ db: Database, record: RecordID, field: String, storage: SQLiteStorage, index: CausalIndex) throws -> Bool {
        var pattern = ByteWriter(capacity: 20 + field.utf8.count)
        pattern.write(ChangeOperation.textTag)
        pattern.write(UInt8(1))  // a global reference: the record exists before the change
        pattern.writeRaw(record)
        pattern.writeShortString(field)
        let bytes = Data(pattern.bytes)
        let last: Int
        if let kept = try Data.fetchOne(db, sql: "SELECT edit FROM text_edits WHERE record = ? AND field = ? ORDER BY number DESC LIMIT 1",
                                        arguments: [record.data, field]),
           let operation = try? TextOperation(decoding: kept.bytes), let id = ChangeID(validating: operation.author.bytes),
           let position = try storage.position(of: id) {
            // No later change may hold such an operation (one whose operation was refused).
            let later = try Int64.fetchOne(db, sql: "SELECT position FROM changes WHERE position > ? AND instr(signed, ?) > 0 LIMIT 1",
                                           arguments: [position, bytes])
            guard later == nil else { return false }
            last = position
        } else {
            // Just after a snapshot: the last edit is found by reading the log from its end.
            guard let found = try Int64.fetchOne(db, sql: "SELECT position FROM changes WHERE instr(signed, ?) > 0 ORDER BY position DESC LIMIT 1",
                                                 arguments: [bytes]) else { return true }
            guard let position = Int(exactly: found) else { return false }
            last = position
        }
        guard last >= 1 else { return true }
        // The last one must really edit the field.
        let signed = try Data.fetchOne(db, sql: "SELECT signed FROM changes WHERE position = ?", arguments: [last])
        guard let signed, let change = try? SignedChange(decoding: signed.bytes),
              change.change.operations.contains(where: { operation in
                  if case .text(let edited, let edit, let text) = operation { return edited == record && edit == field && !text.isEmpty }
                  return false
              }) else { return false }
        let entry = try storage.entry(at: last)
        let past = CausalPast(of: entry, in: index)
        // Earlier changes the summary does not place in the past.
        var ranges = entry.past.unseen
        if entry.past.floor + 1 <= last - 1 { ranges.append((entry.past.floor + 1)...(last - 1)) }
        for range in ranges {
            let positions = try Int64.fetchAll(db, sql: "SELECT position FROM changes WHERE position BETWEEN ? AND ? AND instr(signed, ?) > 0",
                                               arguments: [range.lowerBound, range.upperBound, bytes])
            for position in positions {
                guard let earlier = Int(exactly: position), try past.contains(earlier) else { return false }
            }
        }
        return true
    }

    /// The applied changes that edit the text of `record`, in the order applied (a causal order).
    public func textEdits(of record: RecordID) throws -> [TextRewrite.Edit] {
        try Self.wrap("reading the text edits") {
            try self.pool.read { db in try self.textEdits(db, of: [Data(record.bytes)]) }
        }
    }

    /// The applied changes holding a text operation on one of `records` (ids as stored).
    /// Only their bytes are searched (``ChangeOperation/textTag`` then the record id, found by
    /// SQLite's `instr`), then those are decoded.
    private func textEdits(_ db: Database, of records: [Data]) throws -> [TextRewrite.Edit] {
        // A text operation on an existing record: its tag, the global reference form, the id.
        let patterns = records.map { Data([ChangeOperation.textTag, 1]) + $0 }
        let condition = patterns.map { _ in "instr(signed, ?) > 0" }.joined(separator: " OR ")
        var edits: [TextRewrite.Edit] = []
        let storage = SQLiteStorage(db)
        let rows = try Row.fetchCursor(db, sql: "SELECT position, signed FROM changes WHERE \(condition) ORDER BY position",
                                       arguments: StatementArguments(patterns))
        while let row = try rows.next() {
            guard let data: Data = try row.storedIfPresent(1, "changes.signed"), let signed = try? SignedChange(decoding: data.bytes) else {
                throw StoreError.notAReplica(path: self.folder.database.path, reason: "a stored change is damaged; run `entente audit` on it")
            }
            edits.append(TextRewrite.Edit(change: signed, entry: try storage.entry(at: try row.storedPosition(0, "changes.position"))))
        }
        return edits
    }
}
