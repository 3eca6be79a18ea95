import GRDB

/// The statements the merge runs for every change or operation it applies.
///
/// A storage keeps each one it prepared for its transaction (``SQLiteStorage``): GRDB's
/// `cachedStatement(sql:)` finds a statement by hashing its whole SQL text, about a thousand
/// instructions a call, and applying one change made some ten such calls (BENCHMARKS.md,
/// "The merge's own work per change").
enum HotStatement: Int, CaseIterable {
    case positionByID
    case appendChange
    case unfrontier
    case frontier
    case untip
    case tip
    case prefetch
    case createRecord
    case deleteWrite
    case insertWrite

    var sql: String {
        switch self {
        case .positionByID: "SELECT position FROM changes WHERE substr(id, 1, 8) = ? AND id = ?"
        case .appendChange: "INSERT INTO changes (position, id, author, seq, heads, past, signed) VALUES (?, ?, ?, ?, ?, ?, ?)"
        case .unfrontier: "DELETE FROM frontier WHERE position = ?"
        case .frontier: "INSERT INTO frontier (position) VALUES (?)"
        case .untip: "DELETE FROM tips WHERE author = ? AND position = ?"
        case .tip: "INSERT INTO tips (author, position) VALUES (?, ?)"
        case .prefetch:
            """
            SELECT w.position, w.op, w.wall, w.counter, w.value, c.id, c.author, w.field, w.element
            FROM writes w LEFT JOIN changes c ON c.position = w.position WHERE w.record = ?
            """
        case .createRecord: "INSERT OR IGNORE INTO records (id, kind, position, op, wall, counter) VALUES (?, ?, ?, ?, ?, ?)"
        case .deleteWrite: "DELETE FROM writes WHERE record = ? AND field = ? AND element = ? AND position = ? AND op = ?"
        case .insertWrite:
            """
            INSERT OR REPLACE INTO writes (record, field, element, position, op, wall, counter, value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        }
    }
}
