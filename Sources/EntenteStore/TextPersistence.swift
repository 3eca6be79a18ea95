import EntenteCore
import EntenteLocking
import EntenteText
import Foundation
import GRDB

/// How a collaborative text field lives in SQLite: a snapshot of the CRDT state in `texts`,
/// plus the text operations applied since, in `text_edits` (`Protocol/STORE.md`).
///
/// Rewriting a whole document's state after every keystroke batch would cost O(document) per
/// change (hundreds of kilobytes for a long statement); appending the small operation and
/// taking a snapshot once enough edits piled up (``isSnapshotDue(edits:items:)``) keeps each
/// change cheap and a load bounded.
enum TextPersistence {
    /// Edits kept after a snapshot before a new snapshot is written, in a short text.
    static let snapshotEvery = 256
    /// In a long text, a new snapshot waits for as many edits as this share of its items: a
    /// snapshot sorts and encodes every item, so taken every 256 edits of a text of 100,000
    /// items it cost more than the edits themselves (a newcomer receiving 50,000 edits of the
    /// vision in 200 batches took 200 snapshots of 1.5 MB; BENCHMARKS.md, "The merge's own
    /// work per change"), while reading back a thirty-second of the items' edits stays cheap.
    static let snapshotShare = 32

    /// Whether a text with `items` items (``TextDocument/itemCount``) and `edits` edits since
    /// its snapshot gets a new snapshot at the end of the transaction.
    static func isSnapshotDue(edits: Int, items: Int) -> Bool {
        edits >= max(Self.snapshotEvery, items / Self.snapshotShare)
    }

    static func load(_ slot: SlotKey, from db: Database) throws -> (TextDocument, Int)? {
        guard let state = try Data.fetchOne(db, sql: "SELECT state FROM texts WHERE record = ? AND field = ?", arguments: [slot.record.data, slot.field]) else {
            return nil
        }
        do {
            var document = state.isEmpty ? TextDocument() : try TextDocument(decodingState: state.bytes)
            let edits = try Data.fetchAll(db, sql: "SELECT edit FROM text_edits WHERE record = ? AND field = ? ORDER BY number", arguments: [slot.record.data, slot.field])
            for edit in edits {
                try document.apply(try TextOperation(decoding: edit.bytes))
            }
            return (document, edits.count)
        } catch {
            throw StoreError.notAReplica(path: "replica.sqlite", reason: "the stored text of field \(slot.field) is damaged (\(error)); run `entente audit --rebuild`")
        }
    }

    /// Writes the field's visible text (what reading a record shows), at the end of a
    /// transaction that edited it.
    static func keepVisible(_ document: TextDocument, at slot: SlotKey, in db: Database) throws {
        var fast = FastStatement(try db.cachedStatement(sql: """
            INSERT INTO text_views (record, field, visible) VALUES (?, ?, ?)
            ON CONFLICT (record, field) DO UPDATE SET visible = excluded.visible
            """))
        fast.bind(slot.record)
        fast.bind(slot.field)
        fast.bind(document.text)
        try fast.run(db)
    }

    static func append(_ edit: TextOperation, number: Int, at slot: SlotKey, isNew: Bool, in db: Database) throws {
        if isNew {
            try db.execute(sql: "INSERT OR IGNORE INTO texts (record, field, state) VALUES (?, ?, x'')", arguments: [slot.record.data, slot.field])
        }
        var fast = FastStatement(try db.cachedStatement(sql: "INSERT INTO text_edits (record, field, number, edit) VALUES (?, ?, ?, ?)"))
        fast.bind(slot.record)
        fast.bind(slot.field)
        fast.bind(Int64(number))
        fast.bind(edit.encoded())
        try fast.run(db)
    }

    static func snapshot(_ document: TextDocument, at slot: SlotKey, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO texts (record, field, state) VALUES (?, ?, ?)", arguments: [slot.record.data, slot.field, Data(document.encodedState())])
        try db.execute(sql: "DELETE FROM text_edits WHERE record = ? AND field = ?", arguments: [slot.record.data, slot.field])
    }
}

/// Text documents decoded from the replica, kept between transactions so that a long text is
/// not decoded again for every change. Dropped whenever another connection (another
/// `entente` process) has changed the database, and after a failed transaction.
final class TextCache: Sendable {
    private struct State {
        var documents: [SlotKey: TextDocument] = [:]
        var editsSinceSnapshot: [SlotKey: Int] = [:]
        /// The roster after the last transaction of this replica (dropped like the texts).
        var roster: Roster?
        var dataVersion: Int?

        mutating func drop() {
            self.documents = [:]
            self.editsSinceSnapshot = [:]
            self.roster = nil
        }
    }

    /// Used by the replica's writer (one transaction at a time) and cleared after a failed
    /// one from the thread that ran it: every access holds the mutex.
    private let state = LockedValue(State())
    /// Causal facts keyed by change id: true in every replica, never dropped.
    let memo = CausalMemo()

    /// Clears the cache if the database changed under another connection since last seen.
    func validate(_ db: Database) {
        let version = try? Int.fetchOne(db, sql: "PRAGMA data_version")
        self.state.withLock { state in
            if version == nil || version != state.dataVersion { state.drop() }
            state.dataVersion = version
        }
    }

    func clear() {
        self.state.withLock { state in
            state.drop()
            state.dataVersion = nil
        }
    }

    /// The document of `slot`, if kept (shared with the cache: a change to it copies it).
    func document(_ slot: SlotKey) -> TextDocument? { self.state.withLock { $0.documents[slot] } }

    /// The document of `slot`, no longer kept: edited in place, then given back with ``keep(_:_:)``.
    func take(_ slot: SlotKey) -> TextDocument? { self.state.withLock { $0.documents.removeValue(forKey: slot) } }

    func keep(_ document: TextDocument, _ slot: SlotKey) { self.state.withLock { $0.documents[slot] = document } }

    func isKept(_ slot: SlotKey) -> Bool { self.state.withLock { $0.documents[slot] != nil } }

    /// The text operations stored for `slot` since its last snapshot.
    func edits(_ slot: SlotKey) -> Int { self.state.withLock { $0.editsSinceSnapshot[slot] ?? 0 } }

    func setEdits(_ edits: Int, _ slot: SlotKey) { self.state.withLock { $0.editsSinceSnapshot[slot] = edits } }

    var roster: Roster? {
        get { self.state.withLock { $0.roster } }
        set { self.state.withLock { $0.roster = newValue } }
    }
}
