import EntenteCore
import Foundation
import GRDB

/// What `entente audit` found.
public struct AuditReport: Sendable {
    /// One problem, tied to the change and author it concerns where they are known.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var position: Int64?
        public var change: ChangeID?
        public var author: AuthorKey?
        public var seq: UInt64?
        public var reason: String

        public var description: String {
            var parts: [String] = []
            if let position { parts.append("log entry \(position)") }
            if let change { parts.append("change \(change.short)") }
            if let author { parts.append("author \(author.short)" + (self.seq.map { " #\($0)" } ?? "")) }
            return (parts.isEmpty ? "" : parts.joined(separator: ", ") + ": ") + self.reason
        }
    }

    public var checkedChanges = 0
    public var authors = 0
    public var problems: [Problem] = []
    /// Authors that signed changes that did not see each other: the log holds both sides.
    public var forks: [Fork] = []
    /// Operations that had no effect: signed evidence of someone doing what they may not.
    /// They do not fail the audit; a refusals table that disagrees with a replay does.
    public var refusals: [OperationRefusal] = []
    public var pending = 0
    /// Set by a rebuild: the stored state hash and the hash of a replay of the log.
    public var storedStateHash: String?
    public var replayedStateHash: String?

    public var rebuildMatches: Bool? {
        guard let stored = self.storedStateHash, let replayed = self.replayedStateHash else { return nil }
        return stored == replayed
    }

    public var passed: Bool { self.problems.isEmpty && self.forks.isEmpty && self.rebuildMatches != false }
}

extension Replica {
    /// Verifies every change in the log: its encoding, id, signature, collective, heads and
    /// `seq`. With `rebuild`, also replays the whole log into a fresh state and compares hashes.
    public func audit(rebuild: Bool = false) throws -> AuditReport {
        try Self.wrap("auditing the replica") {
            try self.pool.read { db in
                var report = AuditReport()
                let numbers = try AuthorNumbers(db)
                var ids: [Int64: ChangeID] = [:]
                var entries: [ChangeID: (author: AuthorKey, seq: UInt64)] = [:]
                var authors = Set<AuthorKey>()
                var replay = MemoryStorage()
                var decoded: [SignedChange] = []
                // Read with the C API, which converts whatever a damaged file holds instead of
                // trapping on an unexpected column type.
                let statement = FastStatement(try db.makeStatement(sql: "SELECT position, id, author, seq, heads, signed FROM changes ORDER BY position"))
                try statement.forEachRow(db) { row in
                    report.checkedChanges += 1
                    let position = Column.int(row, 0)
                    let storedID = Column.fixed(row, 1, as: ChangeID.self)
                    let storedAuthor = try? numbers.key(for: Column.int(row, 2))
                    let storedSeq = UInt64(bitPattern: Column.int(row, 3))
                    func problem(_ reason: String) {
                        report.problems.append(.init(position: position, change: storedID, author: storedAuthor, seq: storedSeq, reason: reason))
                    }
                    let signed: SignedChange
                    do {
                        signed = try SignedChange(decoding: Column.bytes(row, 5))
                    } catch {
                        problem("the stored change cannot be decoded (\(error)): the replica file was altered")
                        return
                    }
                    if signed.id != storedID { problem("the stored bytes do not hash to the change's id: the change was altered") }
                    if signed.author != storedAuthor || signed.seq != storedSeq {
                        problem("the log's author or sequence column does not match the signed change")
                    }
                    if !signed.verifySignature() {
                        problem("the signature does not verify: the change was forged or altered after signing")
                    }
                    if signed.change.collective != self.collective {
                        problem("the change belongs to another collective (\(signed.change.collective.short))")
                    }
                    let storedHeads = (try? StoredHistory.decodeHeads(Column.bytes(row, 4), "changes.heads")) ?? []
                    if Set(storedHeads.compactMap { ids[Int64($0)] }) != Set(signed.change.heads) || storedHeads.count != signed.change.heads.count {
                        problem("the log is out of causal order, or its heads column was altered: the change's heads are not all earlier in the log")
                    }
                    let own = signed.change.heads.compactMap { entries[$0] }.filter { $0.author == signed.author }.map(\.seq).max() ?? 0
                    if signed.seq != own &+ 1 {
                        problem("the change is numbered #\(signed.seq) though its author's latest change among its heads is #\(own)")
                    }
                    ids[position] = signed.id
                    entries[signed.id] = (signed.author, signed.seq)
                    authors.insert(signed.author)
                    if rebuild { decoded.append(signed) }
                }
                report.authors = authors.count
                report.pending = try SQLiteStorage(db).pendingCount()
                report.refusals = try SQLiteStorage.loadRefusals(db)
                report.forks = try Self.loadForks(db)
                if rebuild {
                    do {
                        report.storedStateHash = try StateHash.compute(SQLiteStorage(db))
                    } catch let error as StoreError {
                        // Damaged materialised rows: the rebuild cannot match, and the audit says why.
                        report.storedStateHash = "unreadable"
                        var detail = "\(error)"
                        if case .damaged(_, let what) = error { detail = what }
                        report.problems.append(.init(position: nil, change: nil, author: nil, seq: nil, reason: "the materialised state cannot be read (\(detail)): the replica file was altered"))
                    }
                    _ = try Merge.receive(decoded, into: &replay, now: 0)
                    report.replayedStateHash = try StateHash.compute(replay)
                    let replayed = Set(try replay.refusals().map { "\($0.change.hex)/\($0.operation)/\($0.rule.rawValue)" })
                    let stored = Set(report.refusals.map { "\($0.change.hex)/\($0.operation)/\($0.rule.rawValue)" })
                    if replayed != stored {
                        report.problems.append(.init(position: nil, change: nil, author: nil, seq: nil, reason: "the refused operations on record (\(stored.count)) differ from a replay of the log (\(replayed.count)): the refusals table was altered"))
                    }
                    // The names acts are told under: a table that disagrees with a replay would
                    // tell an act under a name its author never had.
                    let names = Set(try SQLiteStorage.loadNames(db))
                    let replayedNames = Set(try replay.memberNames())
                    if names != replayedNames {
                        report.problems.append(.init(position: nil, change: nil, author: nil, seq: nil, reason: "the member names on record (\(names.count)) differ from a replay of the log (\(replayedNames.count)): the names table was altered"))
                    }
                    // The text each field shows (kept beside its snapshot, STORE.md) is the replay's.
                    let views = """
                        SELECT t.record, t.field, v.visible FROM texts t LEFT JOIN text_views v ON v.record = t.record AND v.field = t.field
                        UNION ALL SELECT v.record, v.field, v.visible FROM text_views v WHERE NOT EXISTS (SELECT 1 FROM texts t WHERE t.record = v.record AND t.field = v.field)
                        """
                    for row in try Row.fetchAll(db, sql: views) {
                        let record = try row.stored(RecordID.self, 0, "text_views.record")
                        let field: String = try row.stored(1, "text_views.field"), visible: String? = try row.storedIfPresent(2, "text_views.visible")
                        if visible != (try replay.textDocument(record: record, field: field)?.text) {
                            report.problems.append(.init(position: nil, change: nil, author: nil, seq: nil, reason: "the text shown for field \(field) of record \(record.short) differs from a replay of the log: the text_views table was altered"))
                        }
                    }
                }
                return report
            }
        }
    }
}
