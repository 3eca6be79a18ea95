import EntenteCore
import Foundation
import GRDB

extension Replica {
    /// The `meta` key of the fork of this device's key already settled by `entente recover`:
    /// 32 bytes of the key, then a `seq` (8 bytes, big-endian). STORE.md, "Own changes elsewhere".
    static let settledOwnForkKey = "settled_own_fork"

    /// The highest `seq` of a change signed by this device's key that this replica keeps as
    /// fork evidence, when it is beyond this replica's own head (and not settled): another
    /// copy of this replica (a restored backup, a copied folder) went on signing, and this one
    /// would fork the key's history further by signing. Nil otherwise.
    public func ownForkAhead() throws -> UInt64? {
        try Self.wrap("reading this device's fork evidence") {
            try self.pool.read { db in try Self.ownForkAhead(db, author: self.author) }
        }
    }

    /// Lets this replica sign again though it keeps evidence of its key ahead of it: a peer's
    /// accepted history holds every change of this replica (`entente recover` found nothing of
    /// this device to re-sign), so the other copy's changes are the ones that peer refused.
    public func settleOwnFork() throws {
        try Self.wrap("settling this device's fork") {
            try self.pool.write { db in
                guard let highest = try Self.highestOwnEvidence(db, author: self.author) else { return }
                var value = self.author.bytes
                value += withUnsafeBytes(of: highest.bigEndian) { Array($0) }
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.settledOwnForkKey, Data(value)])
            }
        }
    }

    /// Refuses to sign while another copy of this key is known to have signed further.
    func checkOwnHead(_ db: Database) throws {
        guard let elsewhere = try Self.ownForkAhead(db, author: self.author) else { return }
        throw StoreError.behindOwnKey(head: try Self.ownHead(db, author: self.author), elsewhere: elsewhere)
    }

    static func ownForkAhead(_ db: Database, author: AuthorKey) throws -> UInt64? {
        guard let highest = try Self.highestOwnEvidence(db, author: author) else { return nil }
        let head = try Self.ownHead(db, author: author)
        let settled = try Self.settledOwnFork(db, author: author) ?? 0
        return highest > max(head, settled) ? highest : nil
    }

    /// The highest `seq` among the fork evidence signed by `author` (the `seq` column of
    /// `forks` names where the histories part, so the changes themselves are read).
    static func highestOwnEvidence(_ db: Database, author: AuthorKey) throws -> UInt64? {
        var highest: UInt64?
        for raw in try Data.fetchAll(db, sql: "SELECT signed FROM forks WHERE author = ?", arguments: [author.data]) {
            guard let signed = try? SignedChange(decoding: raw.bytes), signed.change.author == author else { continue }
            highest = max(highest ?? 0, signed.change.seq)
        }
        return highest
    }

    static func ownHead(_ db: Database, author: AuthorKey) throws -> UInt64 {
        let seq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM changes WHERE author = ?", arguments: [author.data]) ?? 0
        return UInt64(clamping: seq)
    }

    static func settledOwnFork(_ db: Database, author: AuthorKey) throws -> UInt64? {
        guard let raw = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.settledOwnForkKey]) else { return nil }
        let bytes = raw.bytes
        guard bytes.count == 40, Array(bytes.prefix(32)) == author.bytes else { return nil }
        return bytes.suffix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }
}
