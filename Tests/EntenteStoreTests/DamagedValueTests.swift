import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// A damaged file can hold anything where a column should be. Before these checks, GRDB's
/// forced row reads (`row[i] as Data`) and `UInt64(Int64)` conversions trapped on such values:
/// any command reading the replica died ("Fatal error" or an overflow trap), found by fuzzing
/// and by random bytes over pages. Each damage below is written with SQL (triggers dropped,
/// CHECK constraints ignored), the replica reopened, and every reader asked: each must either
/// work or throw a `StoreError`, and the readers of the damaged column must say `damaged`,
/// name the column and point to `entente repair`. (A commit on a replica whose roster rows
/// are damaged may instead be refused as from an unknown author: typed, and nothing signed.)
@Suite("Damaged values in the replica are errors, not crashes")
struct DamagedValueTests {
    struct Damage: CustomTestStringConvertible, Sendable {
        let column: String
        let sql: String
        var testDescription: String { "\(self.column): \(self.sql)" }
    }

    static let damages: [Damage] = [
        Damage(column: "writes.position", sql: "UPDATE writes SET position = -1"),
        // A position of no change in the log: who made the write or record is read apart.
        Damage(column: "writes.position", sql: "UPDATE writes SET position = 9999 WHERE element = x''"),
        Damage(column: "writes.position", sql: "UPDATE writes SET position = 9999 WHERE element != x''"),
        Damage(column: "records.position", sql: "UPDATE records SET position = 9999 WHERE kind = 'commitment'"),
        Damage(column: "writes.op", sql: "UPDATE writes SET op = 5000000000"),
        Damage(column: "writes.counter", sql: "UPDATE writes SET counter = -7"),
        Damage(column: "writes.field", sql: "UPDATE writes SET field = x'ff00ff'"),
        Damage(column: "writes.element", sql: "UPDATE writes SET element = 7"),
        Damage(column: "writes.value", sql: "UPDATE writes SET value = 'plain text'"),
        Damage(column: "writes.record", sql: "UPDATE writes SET record = x'0102'"),
        Damage(column: "records.kind", sql: "UPDATE records SET kind = x'ff'"),
        Damage(column: "records.position", sql: "UPDATE records SET position = 0"),
        Damage(column: "records.counter", sql: "UPDATE records SET counter = 'x'"),
        Damage(column: "records.id", sql: "UPDATE records SET id = 3 WHERE kind = 'commitment'"),
        // The latest change: the next commit reads it as a head.
        Damage(column: "changes.heads", sql: "UPDATE changes SET heads = x'ff' WHERE position = (SELECT max(position) FROM changes)"),
        Damage(column: "changes.past", sql: "UPDATE changes SET past = 'abc' WHERE position = (SELECT max(position) FROM changes)"),
        Damage(column: "changes.id", sql: "UPDATE changes SET id = x'01' WHERE seq = 2"),
        // Cut short: a sync sends the stored bytes without decoding them, and checks their id.
        Damage(column: "changes.signed", sql: "UPDATE changes SET signed = substr(signed, 1, 80) WHERE seq = 2"),
        Damage(column: "tips.author", sql: "UPDATE tips SET author = 'x'"),
        Damage(column: "authors.key", sql: "UPDATE authors SET key = 5"),
        Damage(column: "changes.seq", sql: "UPDATE changes SET seq = -4 WHERE position = (SELECT max(position) FROM changes)"),
        Damage(column: "changes.author", sql: "UPDATE changes SET author = 9 WHERE seq = 2"),
        Damage(column: "texts.field", sql: "UPDATE texts SET field = x'ff'"),
        Damage(column: "texts.record", sql: "UPDATE texts SET record = 1.5"),
        Damage(column: "text_views.visible", sql: "UPDATE text_views SET visible = x'ff00'"),
        Damage(column: "text_views.field", sql: "UPDATE text_views SET field = x'ff'"),
        Damage(column: "text_views.record", sql: "UPDATE text_views SET record = 'x'"),
        Damage(column: "refusals.change", sql: "INSERT INTO refusals (change, op, author, rule, record) VALUES (x'00', 1, x'00', 'removed', x'00')"),
        Damage(column: "refusals.op", sql: "INSERT INTO refusals (change, op, author, rule, record) VALUES (zeroblob(32), 'x', zeroblob(32), 'removed', zeroblob(16))"),
    ]

    @Test(arguments: Self.damages)
    func everyReaderFailsCleanly(_ damage: Damage) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = ReplicaFolder(directory.url.appendingPathComponent("r"))
        var replica = try Replica.found(folder, collective: "Atelier", founder: "Alice")
        var created: RecordID?
        let made = try replica.commit(message: "") { change in
            let commitment = change.create("commitment")
            change.set(commitment, "what", .string("deliver the mock-ups"))
            change.add(commitment, "tags", .string("design"))
            try change.setText(commitment, "notes", to: "Two rounds of review.")
            created = commitment
        }
        let commitment = made.resolve(try #require(created))
        try replica.commit(message: "") { $0.set(commitment, "due", .string("2027-01-15")) }
        for statement in ["DROP TRIGGER IF EXISTS changes_no_update", "DROP TRIGGER IF EXISTS changes_no_delete",
                          "PRAGMA ignore_check_constraints = ON", "PRAGMA foreign_keys = OFF", damage.sql] {
            try replica._executeForTesting(statement)
        }
        try replica.close()
        replica = try Replica.open(folder)

        var damagedColumns: [String] = []
        func read(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
            } catch let error as StoreError {
                if case .damaged = error {
                    #expect("\(error)".contains("entente repair"), "\(what): \(error)")
                    if "\(error)".contains(damage.column) { damagedColumns.append(what) }
                }
            } catch is AuthorityError where what == "commit" {
                // Damage to the roster's records can leave the author unknown: refused, typed.
            } catch {
                Issue.record("\(what) threw \(type(of: error)), not a StoreError: \(error)")
            }
        }
        read("records") { _ = try replica.records() }
        read("record") { _ = try replica.record(commitment) }
        read("history") { _ = try replica.history(of: commitment) }
        read("changes") { _ = try replica.changes() }
        read("log") { _ = try replica.log() }
        read("summary") { _ = try replica.summary() }
        read("changes missing") { _ = try replica.changes(missingFrom: HistorySummary()) }
        read("changes missing, as bytes") { _ = try replica.encodedChanges(missingFrom: HistorySummary()) }
        read("state hash") { _ = try replica.stateHash() }
        read("refusals") { _ = try replica.refusals() }
        read("forks") { _ = try replica.forks() }
        read("audit") { _ = try replica.audit(rebuild: true) }
        read("commit") { try replica.commit(message: "") { $0.set(commitment, "what", .string("deliver the final files")) } }
        #expect(!damagedColumns.isEmpty, "no reader named \(damage.column) as damaged")
        try replica.close()
    }
}
