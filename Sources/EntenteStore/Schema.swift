import GRDB

/// The replica's SQLite schema, as an append-only list of named migrations
/// (`Protocol/STORE.md` describes every table).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-replica") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                );
                -- The append-only change log, in the order changes were applied.
                CREATE TABLE changes (
                    position INTEGER PRIMARY KEY,
                    id BLOB NOT NULL UNIQUE CHECK (length(id) = 32),
                    author BLOB NOT NULL CHECK (length(author) = 32),
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    message TEXT NOT NULL,
                    signed BLOB NOT NULL,
                    UNIQUE (author, seq)
                );
                CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
                CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
                -- Each author's latest applied change: the version vector.
                CREATE TABLE heads (
                    author BLOB PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    id BLOB NOT NULL
                ) WITHOUT ROWID;
                -- Verified changes waiting for their causal dependencies.
                CREATE TABLE pending (
                    id BLOB PRIMARY KEY NOT NULL,
                    signed BLOB NOT NULL
                ) WITHOUT ROWID;
                -- Evidence of forked histories: never applied, always reported.
                CREATE TABLE forks (
                    rejected_id BLOB PRIMARY KEY NOT NULL,
                    author BLOB NOT NULL,
                    seq INTEGER NOT NULL,
                    kept_id BLOB NOT NULL,
                    signed BLOB NOT NULL
                ) WITHOUT ROWID;
                -- Authors by a small local number, to keep materialised rows short.
                CREATE TABLE authors (
                    number INTEGER PRIMARY KEY,
                    key BLOB NOT NULL UNIQUE CHECK (length(key) = 32)
                );
                -- Materialised state.
                CREATE TABLE records (
                    id BLOB PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    author INTEGER NOT NULL REFERENCES authors(number),
                    seq INTEGER NOT NULL,
                    op INTEGER NOT NULL,
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX records_by_kind ON records(kind);
                CREATE TABLE writes (
                    record BLOB NOT NULL,
                    field TEXT NOT NULL,
                    element BLOB NOT NULL,
                    author INTEGER NOT NULL REFERENCES authors(number),
                    seq INTEGER NOT NULL,
                    op INTEGER NOT NULL,
                    wall INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (record, field, element, author, seq, op)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-texts") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("v3-authority") { db in
            try db.execute(sql: """
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
        return migrator
    }

    /// The replica format this build writes and reads (`meta.format`); replicas made before
    /// it have no such row and are refused.
    static let format: Int64 = 2
}
