import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@Suite("The SQLite replica")
struct ReplicaStoreTests {
    func withReplicas<T>(_ count: Int, _ body: ([Replica], TemporaryDirectory) throws -> T) throws -> T {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r0")), collective: "Atelier", founder: "R0")
        let secret = try first.collectiveSecret()
        var replicas = [first]
        for index in 1..<count {
            let replica = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("r\(index)")), collective: first.collective, secret: secret)
            try first.commit(message: "") { change in
                Admission.admit(name: "R\(index)", key: replica.author, noiseKey: try replica.noisePublicKey(), into: &change)
            }
            replicas.append(replica)
        }
        for replica in replicas.dropFirst() { try replica.merge(from: first.folder.url) }
        return try body(replicas, directory)
    }

    @Test func sqliteAndMemoryReachTheSameStateForRandomHistories() throws {
        for seed in (0..<25).map({ UInt64(0x5709E + $0) }) {
            try self.withReplicas(3) { replicas, _ in
                var random = SeededRandom(seed: seed)
                var memory = MemoryReplica(collective: replicas[0].collective)
                for step in 0..<30 {
                    let replica = replicas[Int.random(in: 0..<3, using: &random)]
                    if random.chance(0.3) {
                        let other = replicas[Int.random(in: 0..<3, using: &random)]
                        try replica.merge(from: other.folder.url)
                        continue
                    }
                    let known = try replica.records().filter { $0.kind == "thing" }.map(\.id)
                    try replica.commit(message: "step \(step)") { change in
                        if known.isEmpty || random.chance(0.25) {
                            let id = change.create("thing")
                            change.set(id, "name", .string("t\(step)"))
                        } else {
                            let id = known[Int.random(in: 0..<known.count, using: &random)]
                            if random.chance(0.5) {
                                change.set(id, "due", .int(Int64(step)))
                            } else if random.chance(0.5) {
                                change.add(id, "tags", .int(Int64(step % 3)))
                            } else {
                                change.remove(id, "tags", .int(Int64(step % 3)))
                            }
                        }
                    }
                }
                for replica in replicas { for other in replicas { try replica.merge(from: other.folder.url) } }
                try memory.receive(try replicas[0].changes().shuffled(using: &random))
                let hashes = try replicas.map { try $0.stateHash() }
                #expect(Set(hashes).count == 1, "seed \(seed)")
                #expect(hashes[0] == (try memory.stateHash()), "seed \(seed): SQLite and memory differ")
                let audit = try replicas[1].audit(rebuild: true)
                #expect(audit.passed && audit.rebuildMatches == true, "seed \(seed)")
            }
        }
    }

    @Test func commitsAreDurableBeforeTheyAreAcknowledged() throws {
        let setting = try self.withReplicas(1) { replicas, _ in try replicas[0].synchronousSetting() }
        // FULL (2): every commit syncs the WAL, whatever the system library's default.
        #expect(setting == 2)
    }

    @Test func aTamperedByteInTheReplicaFileIsNamedByTheAudit() throws {
        try self.withReplicas(1) { replicas, _ in
            let replica = replicas[0]
            try replica.commit(message: "first") { let id = $0.create("member"); $0.set(id, "name", .string("Alice")) }
            let target = try replica.commit(message: "Promise-to-deliver-XYZ") { let id = $0.create("commitment"); $0.set(id, "what", .string("deliver")) }
            #expect(try replica.audit().passed)
            let path = replica.folder.database.path
            // Close every connection so the WAL is checkpointed into the file, then flip a byte.
            try replica.close()
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let needle = Data("Promise-to-deliver-XYZ".utf8)
            var ranges: [Range<Data.Index>] = []
            var searchStart = data.startIndex
            while let range = data.range(of: needle, in: searchStart..<data.endIndex) {
                ranges.append(range)
                searchStart = range.upperBound
            }
            #expect(ranges.count >= 1)
            for range in ranges { data[range.lowerBound] = UInt8(ascii: "p") }
            try data.write(to: URL(fileURLWithPath: path))
            let reopened = try Replica.open(replica.folder)
            let report = try reopened.audit()
            #expect(!report.passed)
            #expect(report.problems.contains { $0.change == target.id && $0.author == target.author })
        }
    }

    @Test func aLogRowOfTheWrongTypeIsReportedNotFatal() throws {
        try self.withReplicas(1) { replicas, _ in
            let replica = replicas[0]
            try replica.commit(message: "x") { let id = $0.create("member"); $0.set(id, "name", .string("Alice")) }
            let second = try replica.commit(message: "y") { $0.create("commitment") }
            // Someone with the file rewrites the log, column types included.
            try replica._executeForTesting("DROP TRIGGER changes_no_update")
            try replica._executeForTesting("PRAGMA ignore_check_constraints = ON")
            try replica._executeForTesting("UPDATE changes SET id = 42, signed = 'not a change' WHERE seq = 3")
            let report = try replica.audit()
            #expect(!report.passed)
            #expect(report.problems.contains { $0.seq == second.seq && $0.reason.contains("cannot be decoded") })
        }
    }

    @Test func alteredMaterialisedStateFailsTheRebuild() throws {
        try self.withReplicas(1) { replicas, _ in
            let replica = replicas[0]
            try replica.commit(message: "x") { let id = $0.create("member"); $0.set(id, "name", .string("Alice")) }
            try replica._executeForTesting("UPDATE writes SET value = CAST(x'0400000001' || x'41' AS BLOB) WHERE field = 'name'")
            let report = try replica.audit(rebuild: true)
            #expect(report.problems.isEmpty)
            #expect(report.rebuildMatches == false)
            #expect(!report.passed)
        }
    }

    @Test func theChangeLogIsAppendOnly() throws {
        try self.withReplicas(1) { replicas, _ in
            try replicas[0].commit(message: "x") { $0.create("member") }
            #expect(throws: StoreError.self) { try replicas[0]._executeForTesting("DELETE FROM changes") }
            #expect(throws: StoreError.self) { try replicas[0]._executeForTesting("UPDATE changes SET message = 'rewritten'") }
            #expect(try replicas[0].changeCount() == 2)
        }
    }

    @Test func keysMustBeOwnerOnlyAndPresent() throws {
        try self.withReplicas(1) { replicas, _ in
            let folder = replicas[0].folder
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.identityKey.path)
            #expect { try Replica.open(folder) } throws: { error in
                "\(error)".contains("chmod 600")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.identityKey.path)
            _ = try Replica.open(folder)
            try FileManager.default.removeItem(at: folder.identityKey)
            #expect { try Replica.open(folder) } throws: { error in
                "\(error)".contains("missing")
            }
        }
    }

    /// A creation killed before its database was in place (an `entente join` cut short) leaves
    /// only keys and a draft: the folder is no replica yet, and creating it again succeeds.
    @Test func aCreationCutShortLeavesNoHalfMadeReplica() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = ReplicaFolder(directory.url.appendingPathComponent("cut"))
        let first = try Replica.create(folder, collective: CollectiveID(unchecked: [UInt8](repeating: 7, count: 16)), secret: nil)
        let draft = folder.url.appendingPathComponent("replica.sqlite.new")
        #expect(!FileManager.default.fileExists(atPath: draft.path))
        #expect(try first.changeCount() == 0)
        try first.close()
        // What a kill mid-creation leaves: the keys, and a draft that names no collective.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.database.path + suffix) }
        try Data("not yet a database".utf8).write(to: draft)
        #expect(!folder.exists)
        #expect(throws: StoreError.self) { try Replica.open(folder) }
        let again = try Replica.create(folder, collective: CollectiveID(unchecked: [UInt8](repeating: 7, count: 16)), secret: nil)
        #expect(again.collective == CollectiveID(unchecked: [UInt8](repeating: 7, count: 16)))
        #expect(try Replica.open(folder).author == again.author)
        #expect(!FileManager.default.fileExists(atPath: draft.path))
    }

    @Test func aMissingReplicaIsAClearError() throws {
        let folder = ReplicaFolder(URL(fileURLWithPath: "/nonexistent/entente-\(UUID().uuidString)"))
        #expect { try Replica.open(folder) } throws: { error in
            "\(error)".contains("entente init")
        }
    }

    @Test func bundlesRoundTripAndForeignOrCorruptBundlesImportNothing() throws {
        try self.withReplicas(2) { replicas, directory in
            try replicas[0].commit(message: "a") { let id = $0.create("member"); $0.set(id, "name", .string("A")) }
            try replicas[0].commit(message: "b") { $0.create("commitment") }
            let bundle = directory.url.appendingPathComponent("all.entente")
            #expect(try replicas[0].exportBundle(to: bundle) == 4)  // the founding, R1's admission, a, b
            #expect(try replicas[1].importBundle(from: bundle).applied.count == 2)
            #expect(try replicas[1].stateHash() == replicas[0].stateHash())
            // Incremental: only what the other has not seen.
            try replicas[0].commit(message: "c") { $0.create("commitment") }
            #expect(try replicas[0].exportBundle(to: bundle, since: try replicas[1].summary()) == 1)

            // Corrupt: flip the last byte (inside the last signature).
            var corrupt = try Data(contentsOf: bundle)
            corrupt[corrupt.count - 1] ^= 0xFF
            let corruptURL = directory.url.appendingPathComponent("corrupt.entente")
            try corrupt.write(to: corruptURL)
            let before = try replicas[1].changeCount()
            #expect(throws: StoreError.self) { try replicas[1].importBundle(from: corruptURL) }
            // Truncated.
            try Data(corrupt.prefix(corrupt.count / 2)).write(to: corruptURL)
            #expect(throws: StoreError.self) { try replicas[1].importBundle(from: corruptURL) }
            #expect(try replicas[1].changeCount() == before)

            // Another collective.
            let stranger = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("stranger")), collective: "Other", founder: "S")
            let foreign = directory.url.appendingPathComponent("foreign.entente")
            try stranger.exportBundle(to: foreign)
            #expect { try replicas[1].importBundle(from: foreign) } throws: { error in
                "\(error)".contains("another collective")
            }
            #expect(try replicas[1].changeCount() == before)
        }
    }

    @Test func bundlesAreSealedWithTheCollectiveSecretAndRefusedWithoutIt() throws {
        try self.withReplicas(2) { replicas, directory in
            try replicas[0].commit(message: "price") { let id = $0.create("commitment"); $0.set(id, "what", .string("Secret tender price")) }
            let bundle = directory.url.appendingPathComponent("sealed.entente")
            try replicas[0].exportBundle(to: bundle)
            let sealed = try Data(contentsOf: bundle)
            #expect(sealed.prefix(5) == Data("ENTB".utf8) + [3])
            #expect(sealed.range(of: Data("Secret tender price".utf8)) == nil)
            #expect(sealed.range(of: Data("Atelier".utf8)) == nil)

            // A replica of the same collective id holding another secret cannot open it.
            let impostor = try Replica.create(
                ReplicaFolder(directory.url.appendingPathComponent("impostor")), collective: replicas[0].collective, secret: nil)
            #expect { try impostor.importBundle(from: bundle) } throws: { error in
                "\(error)".contains("damaged") && "\(error)".contains("another collective's secret")
            }
            #expect(try impostor.changeCount() == 0)

            let before = try replicas[1].changeCount()
            func refused(_ bytes: Data, saying text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
                let url = directory.url.appendingPathComponent("bad.entente")
                try bytes.write(to: url)
                #expect(sourceLocation: sourceLocation) { try replicas[1].importBundle(from: url) } throws: { error in
                    "\(error)".contains(text)
                }
            }
            // A flipped nonce or tag byte fails authentication; a flipped collective id byte names another collective.
            var nonce = sealed
            nonce[25] ^= 0x01
            try refused(nonce, saying: "damaged")
            var tag = sealed
            tag[tag.count - 1] ^= 0x01
            try refused(tag, saying: "damaged")
            var collective = sealed
            collective[5] ^= 0x01
            try refused(collective, saying: "another collective")
            try refused(sealed.prefix(40), saying: "truncated")
            // A version-1 (plaintext) bundle.
            try refused(Data("ENTB".utf8) + [1] + replicas[0].collective.bytes + [0, 0, 0, 0], saying: "made by an earlier Entente")
            #expect(try replicas[1].changeCount() == before)
            #expect(try replicas[1].importBundle(from: bundle).applied.count == 1)
        }
    }

    @Test func aBundleFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        try self.withReplicas(1) { replicas, directory in
            // A sparse file: one byte over the limit, without writing a gigabyte.
            let url = directory.url.appendingPathComponent("huge.entente")
            #expect(FileManager.default.createFile(atPath: url.path, contents: Data("ENTB".utf8) + [3]))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(ChangeBundle.maximumBytes + 1))
            try handle.close()
            let before = try replicas[0].changeCount()
            #expect { try replicas[0].importBundle(from: url) } throws: { error in
                "\(error)".contains("over the limit of \(ChangeBundle.maximumBytes)")
            }
            #expect(try replicas[0].changeCount() == before)
        }
    }
}

@Suite("A damaged replica does not grow")
struct DamagedReplicaTests {
    @Test func quickCheckStopsSigningOnADamagedPageNoCommandReadsAndRepairKeepsTheRest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = ReplicaFolder(directory.url.appendingPathComponent("r"))
        var replica = try Replica.found(folder, collective: "Atelier", founder: "Alice")
        for index in 0..<300 {
            try replica.commit(message: String(repeating: "m", count: 200) + "\(index)") { $0.create("thing") }
        }
        try replica.close()
        // A leaf page in the middle of the log (found with the sqlite3 shell): no commit reads it.
        let pages = try SQLiteShell.run(folder.database.path, "SELECT pageno FROM dbstat WHERE name = 'changes' AND pagetype = 'leaf' ORDER BY pageno")
            .split(separator: "\n").compactMap { Int($0) }
        try #require(pages.count > 10)
        let page = try SQLiteShell.pageSize(folder.database.path), middle = pages[pages.count / 2] - 1
        let handle = try #require(FileHandle(forUpdatingAtPath: folder.database.path))
        try handle.seek(toOffset: UInt64(middle * page + 8))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 3000))
        try handle.close()
        replica = try Replica.open(folder)
        #expect { try replica.commit(message: "") { $0.create("thing") } } throws: { error in
            guard case StoreError.damaged = error else { return false }
            return "\(error)".contains("entente repair")
        }
        try replica.close()
        let report = try Replica.repair(folder)
        #expect(report.recovered < 301)  // the damaged page held some of the log
        replica = try Replica.open(folder)
        try replica.commit(message: "") { $0.create("thing") }
        #expect(try replica.audit(rebuild: true).problems.isEmpty)
    }
}

@Suite("Replicas of another format")
struct ReplicaFormatTests {
    /// A replica made by Entente of format 2 (its tables as `v1-replica` made them): refused by
    /// its format before any migration touches it, with what to do; one of a later format too.
    @Test(arguments: [(Int64(2), "earlier Entente"), (Int64(6), "later Entente")])
    func aReplicaOfAnotherFormatIsRefusedUntouched(format: Int64, saying: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let made = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r")), collective: "Atelier", founder: "Alice")
        let folder = made.folder
        try made.close()
        // Swap the database for one of another format: its meta table names that format.
        try FileManager.default.removeItem(at: folder.database)
        _ = try SQLiteShell.run(folder.database.path, """
            CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
            INSERT INTO meta VALUES ('collective', x'\(made.collective.hex)'), ('format', \(format));
            CREATE TABLE heads (author BLOB PRIMARY KEY NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL) WITHOUT ROWID;
            """)
        #expect { try Replica.open(folder) } throws: { error in
            guard case StoreError.oldFormat(_, let found) = error else { return false }
            return found == format && "\(error)".contains(saying)
        }
        // Nothing was migrated: no table of this format was added.
        let count = try SQLiteShell.run(folder.database.path, "SELECT count(*) FROM sqlite_master WHERE name IN ('frontier', 'tips', 'grdb_migrations')")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(count == "0")
    }

    /// A new replica whose vision text was written with each of `texts` in turn.
    func replicaWithAVision(in directory: TemporaryDirectory, texts: [String]) throws -> Replica {
        let made = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r")), collective: "Atelier", founder: "Alice")
        let collective = try #require(try made.records(kind: RecordKind.collective).first).id
        for text in texts { try made.commit(message: "") { try Collective.setVision(text, on: collective, in: &$0) } }
        return made
    }

    /// A replica of format 4 (its texts without their visible text) opens: the migration adds
    /// and fills `text_views`, and the replica reads as format 5 from then on.
    @Test func aReplicaOfFormat4IsBroughtToFormat5InPlace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let made = try self.replicaWithAVision(in: directory, texts: ["Nous partageons le travail.", "Nous partageons le travail et la valeur."])
        let folder = made.folder, hash = try made.stateHash()
        try made.close()
        // The database as format 4 left it: no `text_views`, the last migration not run.
        _ = try SQLiteShell.run(folder.database.path, """
            DROP TABLE text_views;
            DELETE FROM grdb_migrations WHERE identifier = 'v6-visible-text';
            UPDATE meta SET value = 4 WHERE key = 'format';
            """)
        let opened = try Replica.open(folder)
        defer { try? opened.close() }
        #expect(try #require(try opened.records(kind: RecordKind.collective).first).texts[Collective.Field.vision] == "Nous partageons le travail et la valeur.")
        #expect(try opened.stateHash() == hash)
        #expect(try opened.audit(rebuild: true).problems.isEmpty)
        let format = try SQLiteShell.run(folder.database.path, "SELECT value FROM meta WHERE key = 'format'")
        #expect(format.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    /// The visible text kept beside a snapshot is checked against a replay by the audit.
    @Test func anAlteredVisibleTextIsNamedByTheAudit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let made = try self.replicaWithAVision(in: directory, texts: ["Nous partageons le travail."])
        #expect(try made.audit(rebuild: true).problems.isEmpty)
        let folder = made.folder
        try made.close()
        _ = try SQLiteShell.run(folder.database.path, "UPDATE text_views SET visible = 'Tout est à moi.'")
        let opened = try Replica.open(folder)
        defer { try? opened.close() }
        let problems = try opened.audit(rebuild: true).problems.map(\.reason)
        #expect(problems.contains { $0.contains("the text shown for field vision") }, "\(problems)")
    }

    /// A replica of format 3 (the same changes, their log with more columns): refused with the
    /// advice to run `entente repair`, which rebuilds it in this format from its log, every
    /// change kept.
    @Test func aReplicaOfFormat3IsRebuiltByRepair() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let made = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r")), collective: "Atelier", founder: "Alice")
        for index in 0..<5 { try made.commit(message: "change \(index)") { $0.create("thing") } }
        let folder = made.folder, changes = try made.changes(), hash = try made.stateHash()
        try made.close()
        // The database as format 3 made it: its log kept the time and message beside `signed`.
        try FileManager.default.removeItem(at: folder.database)
        let rows = changes.enumerated().map { index, signed in
            "(\(index + 1), x'\(signed.id.hex)', 1, \(signed.change.seq), \(signed.change.timestamp.wallMillis), 0, '', x'', x'', x'\(Hex.encode(signed.encoded))')"
        }
        _ = try SQLiteShell.run(folder.database.path, """
            CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
            INSERT INTO meta VALUES ('collective', x'\(made.collective.hex)'), ('format', 3);
            CREATE TABLE changes (position INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, author INTEGER NOT NULL, seq INTEGER NOT NULL,
                wall INTEGER NOT NULL, counter INTEGER NOT NULL, message TEXT NOT NULL, heads BLOB NOT NULL, past BLOB NOT NULL, signed BLOB NOT NULL);
            CREATE TABLE frontier (position INTEGER PRIMARY KEY);
            CREATE TABLE pending (id BLOB PRIMARY KEY NOT NULL, signed BLOB NOT NULL) WITHOUT ROWID;
            INSERT INTO changes VALUES \(rows.joined(separator: ", "));
            """)
        #expect { try Replica.open(folder) } throws: { error in
            guard case StoreError.oldFormat(_, let found) = error else { return false }
            return found == 3 && "\(error)".contains("entente repair")
        }
        let report = try Replica.repair(folder)
        #expect(report.recovered == changes.count && report.lost == 0)
        let rebuilt = try Replica.open(folder)
        defer { try? rebuilt.close() }
        #expect(try rebuilt.changes().map(\.id) == changes.map(\.id))
        #expect(try rebuilt.stateHash() == hash)
        #expect(try rebuilt.log().map(\.message) == changes.map(\.change.message))
    }
}

@Suite("The replica file's layout")
struct ReplicaLayoutTests {
    /// STORE.md: pages of 8 KiB, set when the file is made; changes found by id through the
    /// index on its first 8 bytes, by the same statements Entente runs, not by reading the log.
    @Test func pagesAreOf8KiBAndChangesAreFoundByTheirIdsIndex() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let replica = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r")), collective: "Atelier", founder: "Alice")
        let signed = try replica.commit(message: "") { $0.create("thing") }
        let path = replica.folder.database.path
        try replica.close()
        #expect(try SQLiteShell.pageSize(path) == 8192)
        let id = signed.id.hex, prefix = String(id.prefix(16))
        let plan = try SQLiteShell.run(path, "EXPLAIN QUERY PLAN SELECT position FROM changes WHERE substr(id, 1, 8) = x'\(prefix)' AND id = x'\(id)'")
        #expect(plan.contains("USING INDEX changes_by_id"), "\(plan)")
        let range = try SQLiteShell.run(path, """
            EXPLAIN QUERY PLAN SELECT position FROM changes WHERE substr(id, 1, 8) BETWEEN x'\(prefix.prefix(4))000000000000' AND x'\(prefix.prefix(4))ffffffffffff'
            AND id BETWEEN x'\(id.prefix(4))' AND x'\(id.prefix(4))ff' LIMIT 2
            """)
        #expect(range.contains("USING INDEX changes_by_id"), "\(range)")
        // The log holds no copy of a change's time or message: they are read from its bytes.
        let columns = try SQLiteShell.run(path, "SELECT group_concat(name, ',') FROM pragma_table_info('changes')")
        #expect(columns.trimmingCharacters(in: .whitespacesAndNewlines) == "position,id,author,seq,heads,past,signed")
    }
}
