import EntenteCore
import Foundation
import GRDB

extension Replica {
    /// What this replica holds: every author's tips (``HistorySummary``).
    public func summary() throws -> HistorySummary {
        try Self.wrap("reading what this replica holds") { try self.pool.read { try Self.loadSummary($0) } }
    }

    static func loadSummary(_ db: Database) throws -> HistorySummary {
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.key, c.seq, c.id FROM tips t JOIN changes c ON c.position = t.position JOIN authors a ON a.number = t.author
            """)
        return HistorySummary.holding(try rows.map { row in
            HistorySummary.Tip(author: try row.stored(AuthorKey.self, 0, "authors.key").bytes, seq: try row.storedSeq(1, "changes.seq"),
                               head: try row.stored(ChangeID.self, 2, "changes.id").bytes)
        })
    }

    /// Where this device's next change goes: its heads (the frontier and this device's own
    /// latest changes) and its `seq`, as ``commit(message:_:)`` computes them.
    public func nextPlace() throws -> (heads: [ChangeID], seq: UInt64) {
        try Self.wrap("reading the frontier") {
            try self.pool.read { db in
                let storage = SQLiteStorage(db)
                let tips = try storage.tips(of: self.author)
                return (Array(Set(try storage.frontier() + tips.map(\.id))).sorted(), Merge.expectedSeq(author: self.author, heads: tips))
            }
        }
    }

    /// Each author's highest `seq` among the changes this replica holds (after a fork, the
    /// longer branch's): how many changes each has signed, as a meeting records it.
    public func authorClock() throws -> VersionVector {
        var clock = VersionVector()
        for tip in try self.summary().tips {
            guard let author = AuthorKey(validating: tip.author) else { continue }
            clock[author] = max(clock[author], tip.seq)
        }
        return clock
    }

    /// The applied changes a replica summarised by `peer` lacks, in the order this replica
    /// applied them (a causal order), ready to be sent (`Protocol/SYNC.md` §5).
    public func changes(missingFrom peer: HistorySummary) throws -> [SignedChange] {
        try Self.wrap("reading the changes a peer lacks") { try self.pool.read { try Self.loadChanges($0, missingFrom: peer) } }
    }

    /// ``changes(missingFrom:)`` as their signed bytes, not decoded: what a sync sends. Each
    /// one's bytes are checked against the id stored beside them (a SHA-256, a microsecond),
    /// where decoding them all held a newcomer's first sync up by seconds before the first
    /// batch (BENCHMARKS.md, "Signatures checked beside the merge; the first batch sooner").
    public func encodedChanges(missingFrom peer: HistorySummary) throws -> [[UInt8]] {
        try Self.wrap("reading the changes a peer lacks") {
            try self.pool.read { db in
                try Self.selectMissing(db, missingFrom: peer) { id, signed in
                    guard signed.count > SignedChange.signatureByteCount,
                          SHA256Digest.hash(signed[..<(signed.count - SignedChange.signatureByteCount)]) == id else {
                        throw StoredValue.damaged("changes.signed", holds: "a change whose bytes do not give its id")
                    }
                    return signed
                }
            }
        }
    }

    /// The applied changes of `db` that a replica summarised by `peer` lacks, in log order.
    ///
    /// The peer holds its tips and their pasts. The tips this replica knows give that set
    /// exactly (the past of a change with those heads). A tip it does not know, with a `seq`
    /// beyond this replica's own for that author, is taken to continue this replica's changes
    /// of that author, which are then not sent (unless this replica knows that author forked);
    /// a tip it does not know at a `seq` it holds is another branch, and that author's changes
    /// outside the known past are sent (a duplicate is harmless). If the peer's longer branch
    /// turns out to be a fork, the changes it brings reveal it here, and the next session sends
    /// this replica's branch.
    static func loadChanges(_ db: Database, missingFrom peer: HistorySummary) throws -> [SignedChange] {
        try Self.selectMissing(db, missingFrom: peer) { _, signed in
            do {
                return try SignedChange(decoding: signed)
            } catch {
                throw StoredValue.damaged("changes.signed", holds: "a change that does not decode (\(error))")
            }
        }
    }

    /// The rule of ``loadChanges(_:missingFrom:)``: `take` is given each change to send, in
    /// log order, as its stored id and signed bytes.
    static func selectMissing<T>(_ db: Database, missingFrom peer: HistorySummary, _ take: (_ id: [UInt8], _ signed: [UInt8]) throws -> T) throws -> [T] {
        let storage = SQLiteStorage(db)
        var known: [LogEntry] = []
        var beyond: [Int64: UInt64] = [:]
        let forked = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT author FROM forks"))
        let keys = try Row.fetchAll(db, sql: "SELECT number, key FROM authors").map { row in
            (number: try row.stored(0, "authors.number") as Int64, key: try row.stored(AuthorKey.self, 1, "authors.key"))
        }
        var highest: [Int64: UInt64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT t.author, max(c.seq) FROM tips t JOIN changes c ON c.position = t.position GROUP BY t.author") {
            highest[try row.stored(0, "tips.author")] = try row.storedSeq(1, "changes.seq")
        }
        for tip in peer.tips {
            let matches = try Self.positions(db, idPrefix: tip.head)
            if matches.count == 1, let entry = try? storage.entry(at: matches[0]), tip.names(author: entry.author), entry.seq == tip.seq {
                known.append(entry)
                continue
            }
            // A tip this replica does not hold: of the author its prefix names, if only one.
            let named = keys.filter { tip.names(author: $0.key) }
            if named.count == 1, !forked.contains(named[0].number), tip.seq > (highest[named[0].number] ?? 0) {
                beyond[named[0].number] = max(beyond[named[0].number] ?? 0, tip.seq)
            }
        }
        let next = try storage.nextPosition()
        let heads = Array(Set(known.map(\.position))).sorted()
        let entries = try heads.map { try storage.entry(at: $0) }
        let summary = PastSummary(position: next, heads: entries)
        let past = CausalPast(position: next, author: nil, seq: nil, heads: heads, summary: summary, in: try storage.causalIndex())
        // Outside the peer's known past: the unseen intervals, and everything above the floor.
        var ranges = summary.unseen
        if summary.floor + 1 <= next - 1 { ranges.append((summary.floor + 1)...(next - 1)) }
        var result: [T] = []
        let statement = try db.cachedStatement(sql: "SELECT position, author, seq, signed, id FROM changes WHERE position BETWEEN ? AND ? ORDER BY position")
        for range in ranges {
            let rows = try Row.fetchCursor(statement, arguments: [range.lowerBound, range.upperBound])
            while let row = try rows.next() {
                let position = try row.storedPosition(0, "changes.position")
                if position > summary.floor, try past.contains(position) || heads.contains(position) { continue }
                let author: Int64 = try row.stored(1, "changes.author")
                if let seq = beyond[author], try row.storedSeq(2, "changes.seq") <= seq { continue }
                result.append(try take(try row.storedBytes(4, "changes.id"), try row.storedBytes(3, "changes.signed")))
            }
        }
        return result
    }

    /// The positions of the applied changes whose id starts with `prefix`.
    static func positions(_ db: Database, idPrefix prefix: [UInt8]) throws -> [Int] {
        guard !prefix.isEmpty, prefix.count <= ChangeID.byteCount else { return [] }
        let low = prefix + [UInt8](repeating: 0, count: ChangeID.byteCount - prefix.count)
        let high = prefix + [UInt8](repeating: 0xff, count: ChangeID.byteCount - prefix.count)
        // Through `changes_by_id`, between the keys of the lowest and highest ids.
        let statement = try db.cachedStatement(sql: """
            SELECT position FROM changes WHERE substr(id, 1, 8) BETWEEN ? AND ? AND id BETWEEN ? AND ? LIMIT 2
            """)
        return try Int.fetchAll(statement, arguments: [SQLiteStorage.idKey(low), SQLiteStorage.idKey(high), Data(low), Data(high)])
    }
}
