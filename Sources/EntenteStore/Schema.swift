import EntenteCore
import GRDB

/// The replica's SQLite schema, as an append-only list of named migrations
/// (`Protocol/STORE.md` describes every table). Replica format 4 starts at `v5-compact-log`, and
/// `v6-visible-text` makes it format 5 in place; a replica of another format is refused before
/// any migration runs (``Replica``), and `entente repair` rebuilds one of format 3 in this one
/// from its changes.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v5-compact-log") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                );
                -- Authors by a small local number, to keep rows short.
                CREATE TABLE authors (
                    number INTEGER PRIMARY KEY,
                    key BLOB NOT NULL UNIQUE CHECK (length(key) = 32)
                );
                -- The append-only change log, in the order changes were applied (a causal
                -- order): each change with the positions of its heads and a summary of its past.
                -- What else a change holds (its time, its message) is read from `signed`.
                CREATE TABLE changes (
                    position INTEGER PRIMARY KEY,
                    id BLOB NOT NULL CHECK (length(id) = 32),
                    author INTEGER NOT NULL REFERENCES authors(number),
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    heads BLOB NOT NULL,
                    past BLOB NOT NULL,
                    signed BLOB NOT NULL
                );
                -- Changes found by id through its first 8 bytes (a quarter of the id, and
                -- of the index, that a full-id index would keep a second time); every lookup
                -- also compares the whole id, and a change is appended only when no change
                -- of its id is in the log.
                CREATE INDEX changes_by_id ON changes(substr(id, 1, 8));
                CREATE INDEX changes_by_author ON changes(author, seq);
                CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
                CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
                -- The applied changes no other applied change has seen.
                CREATE TABLE frontier (
                    position INTEGER PRIMARY KEY
                );
                -- Per author, the applied changes none of their other changes has seen.
                CREATE TABLE tips (
                    author INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (author, position)
                ) WITHOUT ROWID;
                -- Verified changes waiting for their heads.
                CREATE TABLE pending (
                    id BLOB PRIMARY KEY NOT NULL,
                    signed BLOB NOT NULL
                ) WITHOUT ROWID;
                -- Authors that signed changes that did not see each other: every change at
                -- such a place. All are applied; this is the evidence.
                CREATE TABLE forks (
                    author INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    id BLOB NOT NULL,
                    PRIMARY KEY (author, seq, id)
                ) WITHOUT ROWID;
                -- Materialised state: records and the surviving writes, each naming the log
                -- position of the change that made it.
                CREATE TABLE records (
                    id BLOB PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    op INTEGER NOT NULL,
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL
                ) WITHOUT ROWID;
                -- No index by kind: the few reads by kind (the roster) go through every
                -- record, a small table, rather than keep an index of every record.
                CREATE TABLE writes (
                    record BLOB NOT NULL,
                    field TEXT NOT NULL,
                    element BLOB NOT NULL,
                    position INTEGER NOT NULL,
                    op INTEGER NOT NULL,
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (record, field, element, position, op)
                ) WITHOUT ROWID;
                -- Collaborative text fields: a snapshot of the sequence CRDT's state...
                CREATE TABLE texts (
                    record BLOB NOT NULL,
                    field TEXT NOT NULL,
                    state BLOB NOT NULL,
                    PRIMARY KEY (record, field)
                ) WITHOUT ROWID;
                -- ...and the text operations applied since that snapshot, in order.
                CREATE TABLE text_edits (
                    record BLOB NOT NULL,
                    field TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    edit BLOB NOT NULL,
                    PRIMARY KEY (record, field, number)
                ) WITHOUT ROWID;
                -- Every member name an applied operation wrote (the surviving one is also in
                -- writes): acts are told under the name their author had then.
                CREATE TABLE names (
                    member BLOB NOT NULL,
                    position INTEGER NOT NULL,
                    op INTEGER NOT NULL,
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (member, position, op)
                ) WITHOUT ROWID;
                -- Operations of applied changes that the authority rules refused: signed
                -- evidence with no effect on the state (Protocol/VISION.md, "Authority").
                CREATE TABLE refusals (
                    position INTEGER PRIMARY KEY,
                    change BLOB NOT NULL,
                    op INTEGER NOT NULL,
                    author BLOB NOT NULL,
                    rule TEXT NOT NULL,
                    record BLOB NOT NULL,
                    kind TEXT,
                    field TEXT,
                    owner BLOB,
                    UNIQUE (change, op)
                );
                """)
        }
        // Format 5: each text field keeps its visible text, written at the end of every
        // transaction that edits the field, so that reading a record never decodes its text's
        // history (BENCHMARKS.md, "The visible text kept"). It has a table of its own: in the
        // snapshot's row, each update would rewrite the whole snapshot. A replica of format 4
        // gets the table here, filled from its documents.
        migrator.registerMigration("v6-visible-text") { db in
            try db.execute(sql: """
                CREATE TABLE text_views (
                    record BLOB NOT NULL,
                    field TEXT NOT NULL,
                    visible TEXT NOT NULL,
                    UNIQUE (record, field)
                );
                """)
            for row in try Row.fetchAll(db, sql: "SELECT record, field FROM texts") {
                let slot = SlotKey(record: try row.stored(RecordID.self, 0, "texts.record"), field: try row.stored(1, "texts.field"))
                guard let (document, _) = try TextPersistence.load(slot, from: db) else { continue }
                try TextPersistence.keepVisible(document, at: slot, in: db)
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'format'", arguments: [Schema.format])
        }
        return migrator
    }

    /// Formats opened and brought to this one in place by the migrations above.
    static let upgradable: Set<Int64> = [4]

    /// The replica format this build writes and reads (`meta.format`); replicas of another
    /// format are refused with a message saying which Entente made them.
    static let format: Int64 = 5

    /// The size of the replica file's pages, set before its first table is made: a change of
    /// about 280 bytes leaves less of a larger page unused (BENCHMARKS.md, "The replica file").
    static let pageSize = 8192
    /// The most page cache a connection keeps, in KiB (SQLite's `cache_size`, negative: KiB).
    static let cacheKiB = 32 * 1024
}
