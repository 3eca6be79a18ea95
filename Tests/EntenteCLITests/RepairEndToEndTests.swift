import EntenteTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue "Hold up", failure 4: a damaged replica does not grow; `entente repair` rebuilds it.
@Suite("Damaged replica, end to end")
struct RepairEndToEndTests {
    /// Runs the `sqlite3` shell on a database (installed by `.ci/run`).
    func sqlite(_ database: String, _ sql: String) throws -> String {
        try SQLiteShell.run(database, sql)
    }

    @Test func aDamagedReplicaSignsNothingAndRepairRebuildsItFromItsChanges() throws {
        try CommandFixture.with("entente-repair") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            for index in 0..<120 {
                try f.ok(["commitment", "add", "Commitment number \(index) with a title long enough to fill pages", "--replica", alice])
            }
            let before = try f.ok(["show", "--json", "--replica", alice])
            let database = alice + "/replica.sqlite"
            _ = try self.sqlite(database, "PRAGMA wal_checkpoint(TRUNCATE)")
            // Random bytes over two pages of the materialised state (not the log).
            let pages = try self.sqlite(database, "SELECT pageno FROM dbstat WHERE name = 'writes' AND pagetype = 'leaf' ORDER BY pageno")
                .split(separator: "\n").compactMap { Int($0) }
            try #require(pages.count >= 4)
            let size = try SQLiteShell.pageSize(database)
            let handle = try #require(FileHandle(forUpdatingAtPath: database))
            var generator = SystemRandomNumberGenerator()
            for page in [pages[1], pages[pages.count / 2]] {
                try handle.seek(toOffset: UInt64((page - 1) * size + 64))
                try handle.write(contentsOf: Data((0..<2000).map { _ in UInt8.random(in: 0...255, using: &generator) }))
            }
            try handle.close()
            let refused = try f.fails(["commitment", "add", "One more", "--replica", alice])
            #expect(refused.contains("is damaged") && refused.contains("entente repair"), "\(refused)")
            #expect(try self.sqlite(database, "SELECT count(*) FROM changes").trimmingCharacters(in: .whitespacesAndNewlines) == "121")
            let repaired = try f.ok(["repair", "--replica", alice])
            #expect(repaired.contains("Rebuilt the replica from 121 verified change(s)"), "\(repaired)")
            #expect(try f.ok(["show", "--json", "--replica", alice]) == before)
            #expect(try f.ok(["audit", "--rebuild", "--replica", alice]).contains("Audit passed."))
            try f.ok(["commitment", "add", "One more", "--replica", alice])
            let files = try FileManager.default.contentsOfDirectory(atPath: alice)
            #expect(files.contains { $0.hasPrefix("replica.sqlite.damaged-") })
        }
    }

    /// Issue "Hold up, second round", item 2: a repair never moves a file another entente is
    /// writing, and nobody writes while it runs; each side says so, in the reader's language.
    @Test func repairAndWritersTakeTurns() throws {
        try CommandFixture.with("entente-repair-lock") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            let server = try RunningEntente(f.binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
            let busy = try f.fails(["repair", "--replica", alice])
            #expect(busy.contains("busy: the replica at") && busy.contains("stop it, then run `entente repair` again"), "\(busy)")
            server.stop()
            // A repair running (its lock held here): a command is told to wait for it.
            let descriptor = open(alice + "/replica.lock", O_RDWR | O_CREAT, 0o600)
            #expect(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
            let waiting = try f.fails(["commitment", "add", "During the repair", "--replica", alice])
            #expect(waiting.contains("busy: `entente repair` is running"), "\(waiting)")
            let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["status", "--replica", alice])
            #expect(french.stderr.contains("occupé\u{00A0}: `entente repair` est en cours"), "\(french.stderr)")
            close(descriptor)
            #expect(try f.ok(["repair", "--replica", alice]).contains("Rebuilt the replica from 1 verified change(s)"))
            try f.ok(["commitment", "add", "After the repair", "--replica", alice])
        }
    }

    /// Values of the wrong type or range in the materialised rows used to crash every reading
    /// command (GRDB's forced reads trap; `UInt64(-1)` traps): now each says what to do, in
    /// the reader's language, exits 1 (a crash would end on a signal), and repair fixes it.
    @Test(arguments: ["UPDATE writes SET position = -1", "DROP TRIGGER changes_no_update; UPDATE changes SET heads = x'ff' WHERE position = (SELECT max(position) FROM changes)",
                      "UPDATE records SET kind = x'ff'"])
    func aWrongValueInAColumnIsReportedAsDamageNotACrash(_ damage: String) throws {
        try CommandFixture.with("entente-damaged-value") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            try f.ok(["commitment", "add", "deliver the mock-ups", "--replica", alice])
            let before = try f.ok(["show", "--json", "--replica", alice])
            _ = try self.sqlite(alice + "/replica.sqlite", damage)
            // The heads are read by writes only; the materialised rows by every command.
            let reads = damage.contains("heads") ? [] : [["status"], ["commitment", "list"], ["show"]]
            _ = before
            for command in reads + [["commitment", "add", "one more"]] {
                let english = try f.binary.run(command + ["--replica", alice])
                #expect(english.status == 1, "\(command) ended with \(english.status): \(english.output)")
                #expect(english.output.contains("is damaged") && english.output.contains("entente repair"), "\(command): \(english.output)")
                let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(command + ["--replica", alice])
                #expect(french.status == 1, "\(command) ended with \(french.status): \(french.output)")
                #expect(french.output.contains("est abîmé") && french.output.contains("entente repair"), "\(command): \(french.output)")
            }
            // At 80 columns the message wraps at words, as the rest of the output does.
            let narrow = try EntenteBinary(environment: ["COLUMNS": "80"]).run(["commitment", "add", "one more", "--replica", alice]).stderr
            #expect(narrow.split(separator: "\n").count > 1 && narrow.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(narrow)")
            try f.ok(["repair", "--replica", alice])
            #expect(try f.ok(["show", "--json", "--replica", alice]) == before)
            #expect(try f.ok(["audit", "--rebuild", "--replica", alice]).contains("Audit passed."))
        }
    }
}
