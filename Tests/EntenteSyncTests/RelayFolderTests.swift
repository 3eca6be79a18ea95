import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteSync

/// Issue 23: members apart sync through a folder that an engine keeps in step.
@Suite struct RelayFolderTests {
    /// Alice and Bruno, each with a replica and a relay folder of their own, which `Engine`
    /// keeps in step as a folder engine would.
    final class Pair {
        let directory: TemporaryDirectory
        let alice: Replica
        let bruno: Replica
        let aliceFolder: URL
        let brunoFolder: URL

        init() throws {
            self.directory = try TemporaryDirectory("entente-relay")
            self.alice = try Replica.found(ReplicaFolder(self.directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
            self.bruno = try Replica.create(ReplicaFolder(self.directory.url.appendingPathComponent("bruno")), collective: self.alice.collective,
                                            secret: try self.alice.secretChain().current)
            let key = self.bruno.author, noise = try self.bruno.noisePublicKey()
            try self.alice.commit(message: "") { change in _ = Admission.admit(name: "Bruno", key: key, noiseKey: noise, into: &change) }
            // As a join leaves it: Bruno holds what admitted him.
            try self.bruno.merge(from: self.alice.folder.url)
            self.aliceFolder = self.directory.url.appendingPathComponent("sync-alice")
            self.brunoFolder = self.directory.url.appendingPathComponent("sync-bruno")
            for folder in [self.aliceFolder, self.brunoFolder] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try RelayFolders(replica: self.alice).add(self.aliceFolder.path)
            try RelayFolders(replica: self.bruno).add(self.brunoFolder.path)
        }

        deinit { self.directory.remove() }

        func relayFiles(_ folder: URL) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter(RelayFileName.isRelayFile).sorted()
        }

        func note(_ replica: Replica, _ title: String) throws {
            try replica.commit(message: "") { change in
                let id = change.create(RecordKind.risk)
                change.set(id, Risk.Field.description, .string(title))
            }
        }
    }

    /// Copies files from one folder to the other the way engines do, badly: each file first
    /// as an engine's temporary file, sometimes half-written under its final name, sometimes
    /// also as a conflict copy, in a shuffled order, some twice, and deletes some afterwards.
    struct Engine {
        var random: SeededRandom
        /// What was carried each way, so that a removal at the source is carried too.
        var carried: [String: Set<String>] = [:]

        static func ours(_ name: String) -> Bool { RelayFileName.isRelayFile(name) || RelayFileName.isReceipt(name) }

        /// A file carried one way and since removed where it came from is removed where it
        /// went, both ways, before anything is copied (so a removal is never undone).
        mutating func carryRemovals(from source: URL, to target: URL) throws {
            for (from, to) in [(source, target), (target, source)] {
                let key = from.path + ">" + to.path
                for name in self.carried[key, default: []] where !FileManager.default.fileExists(atPath: from.appendingPathComponent(name).path) {
                    try? FileManager.default.removeItem(at: to.appendingPathComponent(name))
                    self.carried[key]?.remove(name)
                }
            }
        }

        mutating func carry(from source: URL, to target: URL) throws {
            try self.carryRemovals(from: source, to: target)
            let here = Set(try FileManager.default.contentsOfDirectory(atPath: source.path))
            let names = here.filter(Self.ours).sorted().shuffled(using: &self.random)
            for name in names {
                let bytes = try Data(contentsOf: source.appendingPathComponent(name))
                let destination = target.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: destination.path) { continue }
                self.carried[source.path + ">" + target.path, default: []].insert(name)
                try bytes.write(to: target.appendingPathComponent(".syncthing.\(name).tmp"))
                switch Int.random(in: 0..<4, using: &self.random) {
                case 0:
                    // In place, half of it for now: the other side must wait for the rest.
                    try bytes.prefix(bytes.count / 2).write(to: destination)
                case 1:
                    try bytes.write(to: destination)
                    try bytes.write(to: target.appendingPathComponent(name.replacingOccurrences(of: ".entb", with: ".sync-conflict-20261206-101500-ABCDEFG.entb")))
                default:
                    try bytes.write(to: destination)
                }
            }
        }

        /// Finishes what was half-written (from the complete copies), carries removals, and
        /// removes the engine's temporary files.
        mutating func settle(from source: URL, to target: URL) throws {
            try self.carryRemovals(from: source, to: target)
            let here = Set(try FileManager.default.contentsOfDirectory(atPath: source.path))
            for name in here.filter(Self.ours) {
                let bytes = try Data(contentsOf: source.appendingPathComponent(name))
                let complete = RelayFileName.isRelayFile(name) ? RelayFileName.name(for: [UInt8](bytes)) == name : RelayFileName.receiptName(for: [UInt8](bytes)) == name
                guard complete else { continue }
                let destination = target.appendingPathComponent(name)
                if !FileManager.default.fileExists(atPath: destination.path) { self.carried[source.path + ">" + target.path, default: []].insert(name) }
                try bytes.write(to: destination)
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: target.path) where name.hasPrefix(".syncthing.") {
                try FileManager.default.removeItem(at: target.appendingPathComponent(name))
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func twoReplicasConvergeThroughAnUnrulyEngine(seed: UInt64) throws {
        let pair = try Pair()
        var engine = Engine(random: SeededRandom(seed: seed))
        let alice = RelayFolders(replica: pair.alice), bruno = RelayFolders(replica: pair.bruno)
        for round in 0..<6 {
            try pair.note(pair.alice, "Alice's risk \(round)")
            if round > 0 { try pair.note(pair.bruno, "Bruno's risk \(round)") }
            _ = try alice.exchange(pair.aliceFolder.path)
            _ = try bruno.exchange(pair.brunoFolder.path)
            try engine.carry(from: pair.aliceFolder, to: pair.brunoFolder)
            try engine.carry(from: pair.brunoFolder, to: pair.aliceFolder)
            _ = try alice.exchange(pair.aliceFolder.path)
            _ = try bruno.exchange(pair.brunoFolder.path)
            if round == 3 {
                // The engine loses (or a member tidies) some files already read on both sides.
                for name in try pair.relayFiles(pair.aliceFolder).prefix(2) {
                    try? FileManager.default.removeItem(at: pair.aliceFolder.appendingPathComponent(name))
                    try? FileManager.default.removeItem(at: pair.brunoFolder.appendingPathComponent(name))
                }
            }
        }
        // The engine catches up; one more pass on each side, then the last writes cross.
        for _ in 0..<2 {
            try engine.settle(from: pair.aliceFolder, to: pair.brunoFolder)
            try engine.settle(from: pair.brunoFolder, to: pair.aliceFolder)
            _ = try alice.exchange(pair.aliceFolder.path)
            _ = try bruno.exchange(pair.brunoFolder.path)
        }
        try engine.settle(from: pair.aliceFolder, to: pair.brunoFolder)
        try engine.settle(from: pair.brunoFolder, to: pair.aliceFolder)
        _ = try alice.exchange(pair.aliceFolder.path)
        _ = try bruno.exchange(pair.brunoFolder.path)
        #expect(try pair.alice.stateHash() == pair.bruno.stateHash())
        #expect(try pair.alice.changeCount() == pair.bruno.changeCount())
        #expect(try pair.alice.changeCount() == 1 + 1 + 6 + 5, "founding, admission and every risk")
        #expect(try pair.bruno.pendingCount() == 0)
        // Nothing of the engine's own files was taken for a relay file, nor refused.
        #expect(try alice.list().first?.refusals.isEmpty == true && bruno.list().first?.refusals.isEmpty == true)
        #expect(try alice.list().first?.lastArrival != nil && bruno.list().first?.lastArrival != nil)
        // Quiet rounds: each side's receipts let the other remove what both hold.
        for _ in 0..<4 {
            try engine.settle(from: pair.aliceFolder, to: pair.brunoFolder)
            try engine.settle(from: pair.brunoFolder, to: pair.aliceFolder)
            _ = try alice.exchange(pair.aliceFolder.path)
            _ = try bruno.exchange(pair.brunoFolder.path)
        }
        #expect(try pair.alice.stateHash() == pair.bruno.stateHash())
        let left = try pair.relayFiles(pair.aliceFolder)
        #expect(left.count <= 2, "compacted down to at most each side's last file: \(left)")
    }

    @Test func aPassWritesOnlyWhatTheFolderLacks() throws {
        let pair = try Pair()
        let alice = RelayFolders(replica: pair.alice), bruno = RelayFolders(replica: pair.bruno)
        let first = try alice.exchange(pair.aliceFolder.path)
        #expect(first.changesWritten == 2 && first.written != nil)
        #expect(try alice.exchange(pair.aliceFolder.path).written == nil, "nothing new: nothing written")
        try pair.note(pair.alice, "One more")
        #expect(try alice.exchange(pair.aliceFolder.path).changesWritten == 1)
        // Bruno reads Alice's files from his folder: he writes none of them back.
        for name in try pair.relayFiles(pair.aliceFolder) {
            try FileManager.default.copyItem(at: pair.aliceFolder.appendingPathComponent(name), to: pair.brunoFolder.appendingPathComponent(name))
        }
        let read = try bruno.exchange(pair.brunoFolder.path)
        #expect(read.filesImported == 2 && read.changesApplied == 1, "Bruno held what admitted him")
        #expect(read.written == nil, "\(read)")
        // Every file is named after its bytes.
        for name in try pair.relayFiles(pair.aliceFolder) {
            let bytes = try [UInt8](Data(contentsOf: pair.aliceFolder.appendingPathComponent(name)))
            #expect(RelayFileName.name(for: bytes) == name)
        }
    }

    @Test func hostileFilesAreRefusedAndTheHonestOneIsRead() throws {
        let pair = try Pair()
        let bruno = RelayFolders(replica: pair.bruno)
        _ = try RelayFolders(replica: pair.alice).exchange(pair.aliceFolder.path)
        let honest = try #require(try pair.relayFiles(pair.aliceFolder).first)
        let honestBytes = try [UInt8](Data(contentsOf: pair.aliceFolder.appendingPathComponent(honest)))
        func drop(_ bytes: [UInt8]) throws -> String {
            let name = RelayFileName.name(for: bytes)
            try Data(bytes).write(to: pair.brunoFolder.appendingPathComponent(name))
            return name
        }
        // Garbage, a truncated bundle (renamed after its bytes), another collective's bundle,
        // a bundle sealed with another secret, a bundle with a forged signature.
        let garbage = try drop(Array("not a bundle at all".utf8))
        let truncated = try drop(Array(honestBytes.prefix(honestBytes.count - 7)))
        let other = try Replica.found(ReplicaFolder(pair.directory.url.appendingPathComponent("other")), collective: "Autre", founder: "Eve")
        let foreign = try drop(try ChangeBundle(collective: other.collective, changes: try other.changes(missingFrom: HistorySummary()))
            .sealed(secret: try other.secretChain().current))
        let changes = try pair.alice.changes(missingFrom: HistorySummary())
        let wrongSecret = try drop(try ChangeBundle(collective: pair.alice.collective, changes: changes).sealed(secret: [UInt8](repeating: 7, count: 32)))
        let last = try #require(changes.last)
        let forgedChange = try SignedChange(decoding: last.unsignedBytes + [UInt8](repeating: 1, count: SignedChange.signatureByteCount))
        let forged = try drop(try ChangeBundle(collective: pair.alice.collective, changes: [forgedChange]).sealed(secret: try pair.alice.secretChain().current))
        // A file too large is refused by its size, unread (a sparse file).
        let huge = "ent-" + String(repeating: "0", count: 32) + ".entb"
        let hugeURL = pair.brunoFolder.appendingPathComponent(huge)
        #expect(FileManager.default.createFile(atPath: hugeURL.path, contents: nil))
        let handle = try FileHandle(forWritingTo: hugeURL)
        try handle.truncate(atOffset: UInt64(RelayLimits.maximumFileBytes + 1))
        try handle.close()
        try FileManager.default.copyItem(at: pair.aliceFolder.appendingPathComponent(honest), to: pair.brunoFolder.appendingPathComponent(honest))

        let report = try bruno.exchange(pair.brunoFolder.path)
        #expect(report.filesImported == 1 && report.changesApplied == 0, "\(report)")
        let reasons = Dictionary(report.refused.map { ($0.file, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons[garbage] == .notABundle && reasons[truncated] == .sealed && reasons[foreign] == .foreign)
        #expect(reasons[wrongSecret] == .sealed && reasons[forged] == .invalidChange && reasons[huge] == .tooLarge, "\(reasons)")
        #expect(try pair.bruno.changeCount() == 2)
        // Refused files are not read again at the next pass; the refusals are remembered.
        let again = try bruno.exchange(pair.brunoFolder.path)
        #expect(again.refused.isEmpty && again.filesImported == 0)
        #expect(try bruno.list().first?.refusals.count == 6)
    }

    /// RELAY.md §4 step 6, both sides: a file that brings only a revoked device's new changes
    /// is refused; one that also brings a live device's new work is read whole.
    @Test func aRevokedDevicesFileIsRefusedAndOneThatAlsoBringsLiveWorkIsRead() throws {
        let pair = try Pair()
        let laptop = try Replica.create(ReplicaFolder(pair.directory.url.appendingPathComponent("laptop")), collective: pair.alice.collective,
                                        secret: try pair.alice.secretChain().current)
        let bruno = try #require(try pair.bruno.directory().member(for: pair.bruno.author)).id
        let key = laptop.author, noise = try laptop.noisePublicKey()
        try pair.bruno.commit(message: "") { Admission.addDevice(key: key, noiseKey: noise, for: bruno, into: &$0) }
        try laptop.merge(from: pair.bruno.folder.url)
        try pair.note(laptop, "Written on the stolen laptop")
        let device = try #require(try pair.bruno.directory().members.first { $0.id == bruno }?.devices.first { $0.key == key }).record
        let roster = try pair.bruno.directory().roster
        try pair.bruno.commit(message: "") { Admission.revoke(device, of: bruno, by: bruno, roster: roster, into: &$0) }
        try pair.alice.merge(from: pair.bruno.folder.url)
        func drop(_ changes: [SignedChange]) throws -> String {
            let bytes = try ChangeBundle(collective: pair.alice.collective, changes: changes).sealed(secret: try laptop.secretChain().current)
            let name = RelayFileName.name(for: bytes)
            try Data(bytes).write(to: pair.aliceFolder.appendingPathComponent(name))
            return name
        }
        let alice = RelayFolders(replica: pair.alice)
        let stolen = try drop(try laptop.changes(missingFrom: try pair.alice.summary()))
        let refused = try alice.exchange(pair.aliceFolder.path)
        #expect(refused.refused.map(\.file) == [stolen] && refused.refused.first?.reason == .revoked, "\(refused)")
        #expect(try pair.alice.changes(missingFrom: HistorySummary()).allSatisfy { $0.author != key })
        // Bruno received the laptop's work before (concurrent with the revocation) and passes
        // it on with his own: read whole, and the laptop's change keeps its effect.
        try pair.bruno.merge(from: laptop.folder.url)
        try pair.note(pair.bruno, "Bruno's own")
        _ = try drop(try pair.bruno.changes(missingFrom: try pair.alice.summary()))
        let read = try alice.exchange(pair.aliceFolder.path)
        #expect(read.refused.isEmpty && read.filesImported == 1, "\(read)")
        let risks = try pair.alice.records(kind: RecordKind.risk).compactMap { $0.string(Risk.Field.description) }
        #expect(Set(risks) == ["Written on the stolen laptop", "Bruno's own"])
    }

    /// RELAY.md §4 step 6: a member the collective archived writes on; their file is refused.
    @Test func anArchivedMembersFileIsRefused() throws {
        let pair = try Pair()
        try pair.note(pair.bruno, "Bruno, before he knows")
        let bruno = try #require(try pair.alice.directory().member(for: pair.bruno.author)).id
        let alice = try #require(try pair.alice.directory().member(for: pair.alice.author)).id
        let roster = try pair.alice.directory().roster
        try pair.alice.commit(message: "") { Admission.propose(.archive, on: bruno, by: alice, roster: roster, into: &$0) }
        #expect(try pair.alice.directory().members.first { $0.id == bruno }?.isArchived == true)
        let bytes = try ChangeBundle(collective: pair.alice.collective, changes: try pair.bruno.changes(missingFrom: try pair.alice.summary()))
            .sealed(secret: try pair.bruno.secretChain().current, padded: true)
        let name = RelayFileName.name(for: bytes)
        try Data(bytes).write(to: pair.aliceFolder.appendingPathComponent(name))
        let report = try RelayFolders(replica: pair.alice).exchange(pair.aliceFolder.path)
        #expect(report.refused.map(\.file) == [name] && report.refused.first?.reason == .archived, "\(report)")
        #expect(try pair.alice.records(kind: RecordKind.risk).isEmpty)
    }

    @Test func aFileAtTheSizeLimitIsReadAndWaitsWhileItsBytesDoNotMatch() throws {
        let pair = try Pair()
        let bruno = RelayFolders(replica: pair.bruno)
        let name = "ent-" + String(repeating: "1", count: 32) + ".entb"
        let url = pair.brunoFolder.appendingPathComponent(name)
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(RelayLimits.maximumFileBytes))
        try handle.close()
        // Read (not refused by its size); its bytes do not match its name and it was just
        // written: taken as still arriving, read again next pass.
        let now = Date()
        let report = try bruno.exchange(pair.brunoFolder.path, now: now)
        #expect(report.refused.isEmpty, "\(report.refused)")
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-RelayLimits.settleSeconds - 1)], ofItemAtPath: url.path)
        let later = try bruno.exchange(pair.brunoFolder.path, now: now)
        #expect(later.refused.map(\.reason) == [.damaged])
    }

    @Test func tenThousandTinyFilesAreReadInBoundedPasses() throws {
        let pair = try Pair()
        _ = try RelayFolders(replica: pair.alice).exchange(pair.aliceFolder.path)
        let honest = try #require(try pair.relayFiles(pair.aliceFolder).first)
        try FileManager.default.copyItem(at: pair.aliceFolder.appendingPathComponent(honest), to: pair.brunoFolder.appendingPathComponent(honest))
        for index in 0..<10_000 {
            let bytes = Array("junk \(index)".utf8)
            try Data(bytes).write(to: pair.brunoFolder.appendingPathComponent(RelayFileName.name(for: bytes)))
        }
        // At most 4,000 a pass: three passes read everything, the honest file among them.
        let bruno = RelayFolders(replica: pair.bruno, filesPerPass: 4_000)
        let first = try bruno.exchange(pair.brunoFolder.path)
        #expect(first.deferred == 6_001 && first.refused.count + first.filesImported == 4_000)
        _ = try bruno.exchange(pair.brunoFolder.path)
        let third = try bruno.exchange(pair.brunoFolder.path)
        #expect(third.deferred == 0)
        #expect(try pair.bruno.changeCount() == 2)
        #expect(try bruno.list().first?.refusals.count == RelayLimits.maximumRefusals, "only the newest refusals are kept")
        let fourth = try bruno.exchange(pair.brunoFolder.path)
        #expect(fourth.filesImported == 0 && fourth.refused.isEmpty)
    }

    @Test func onlyRelayNamesAreRead() {
        #expect(RelayFileName.isRelayFile("ent-0123456789abcdef0123456789abcdef.entb"))
        for name in ["ent-0123456789abcdef0123456789abcdef.sync-conflict-20261206-101500-ABCDEFG.entb",
                     ".syncthing.ent-0123456789abcdef0123456789abcdef.entb.tmp", "~ent-0123456789abcdef0123456789abcdef.entb.part",
                     "ent-0123456789abcdef0123456789abcdef (conflicted copy).entb", "ent-0123456789ABCDEF0123456789abcdef.entb",
                     "ent-0123456789abcdef0123456789abcde.entb", "notes.txt"] {
            #expect(!RelayFileName.isRelayFile(name), "\(name)")
        }
    }

    @Test func foldersAreAddedOnceAndWithinTheLimit() throws {
        let pair = try Pair()
        let folders = RelayFolders(replica: pair.alice)
        try folders.add(pair.aliceFolder.path + "/")
        #expect(try folders.list().count == 1, "the same folder, typed differently, is added once")
        for index in 1..<RelayLimits.maximumFolders {
            let url = pair.directory.url.appendingPathComponent("more-\(index)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try folders.add(url.path)
        }
        #expect(try folders.list().count == RelayLimits.maximumFolders)
        let extra = pair.directory.url.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        #expect(throws: RelayError.tooMany) { try folders.add(extra.path) }
        #expect(throws: RelayError.notAFolder(pair.directory.url.appendingPathComponent("missing").path)) {
            try folders.add(pair.directory.url.appendingPathComponent("missing").path)
        }
        try folders.remove(pair.aliceFolder.path)
        #expect(try folders.list().count == RelayLimits.maximumFolders - 1)
    }
}

@Suite struct RelayHalfFileTests {
    @Test func aHalfWrittenFileIsReadOnceComplete() throws {
        let pair = try RelayFolderTests.Pair()
        try pair.note(pair.alice, "A risk")
        _ = try RelayFolders(replica: pair.alice).exchange(pair.aliceFolder.path)
        let bruno = RelayFolders(replica: pair.bruno)
        for name in try pair.relayFiles(pair.aliceFolder) {
            let bytes = try Data(contentsOf: pair.aliceFolder.appendingPathComponent(name))
            try bytes.prefix(bytes.count / 2).write(to: pair.brunoFolder.appendingPathComponent(name))
        }
        let first = try bruno.exchange(pair.brunoFolder.path)
        #expect(first.filesImported == 0 && first.refused.isEmpty, "\(first)")
        for name in try pair.relayFiles(pair.aliceFolder) {
            try Data(contentsOf: pair.aliceFolder.appendingPathComponent(name)).write(to: pair.brunoFolder.appendingPathComponent(name))
        }
        let second = try bruno.exchange(pair.brunoFolder.path)
        let state = try bruno.list()
        #expect(second.filesImported == 1 && second.changesApplied == 1, "\(second) \(state)")
    }
}

/// `Protocol/vectors/relay.json`: the relay file name of the golden bundle, and names that are
/// not relay files (computed with Python's hashlib).
@Suite struct RelayVectorTests {
    struct Vector: Decodable {
        var name: String
        var not_relay_names: [String]
    }

    struct Sealed: Decodable {
        var sealed: String
    }

    @Test func theGoldenBundlesNameAndTheNamesLeftAlone() throws {
        let vector = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: GoldenChanges.protocolFile("relay.json")))
        let bundle = try JSONDecoder().decode(Sealed.self, from: Data(contentsOf: GoldenChanges.protocolFile("bundle.json")))
        let bytes = try #require(Hex.decode(bundle.sealed))
        #expect(RelayFileName.name(for: bytes) == vector.name)
        #expect(RelayFileName.isRelayFile(vector.name))
        for name in vector.not_relay_names {
            #expect(!RelayFileName.isRelayFile(name), "\(name)")
        }
    }
}

/// Each device's last arrival through a relay folder, for the members view.
@Suite struct RelayArrivalTests {
    @Test func eachDevicesLastArrivalIsRemembered() throws {
        let pair = try RelayFolderTests.Pair()
        try pair.note(pair.alice, "From Alice")
        _ = try RelayFolders(replica: pair.alice).exchange(pair.aliceFolder.path)
        for name in try pair.relayFiles(pair.aliceFolder) {
            try FileManager.default.copyItem(at: pair.aliceFolder.appendingPathComponent(name), to: pair.brunoFolder.appendingPathComponent(name))
        }
        let bruno = RelayFolders(replica: pair.bruno)
        #expect(bruno.arrivals().isEmpty)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try bruno.exchange(pair.brunoFolder.path, now: now)
        #expect(bruno.arrivals() == [pair.alice.author: now], "Alice's changes came through the folder; Bruno's own are not counted")
    }
}

/// Receipts, compaction and catch-up (`Protocol/RELAY.md` §7): the folder keeps only what some
/// device that reads it still lacks.
@Suite struct RelayCompactionTests {
    /// Alice, Bruno and Chloé in one collective, all reading one folder (as an engine keeps it
    /// identical for each, here literally one folder).
    final class Trio {
        let directory: TemporaryDirectory
        let alice: Replica, bruno: Replica, chloe: Replica
        let shared: URL

        init() throws {
            self.directory = try TemporaryDirectory("entente-relay-trio")
            self.alice = try Replica.found(ReplicaFolder(self.directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
            var others: [Replica] = []
            for name in ["Bruno", "Chloé"] {
                let replica = try Replica.create(ReplicaFolder(self.directory.url.appendingPathComponent(name)), collective: self.alice.collective,
                                                 secret: try self.alice.secretChain().current)
                let key = replica.author, noise = try replica.noisePublicKey()
                try self.alice.commit(message: "") { change in _ = Admission.admit(name: name, key: key, noiseKey: noise, into: &change) }
                others.append(replica)
            }
            for replica in others { try replica.merge(from: self.alice.folder.url) }
            (self.bruno, self.chloe) = (others[0], others[1])
            self.shared = self.directory.url.appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: self.shared, withIntermediateDirectories: true)
        }

        deinit { self.directory.remove() }

        func files(_ prefix: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: self.shared.path).filter { $0.hasPrefix(prefix) }.sorted()
        }

        func note(_ replica: Replica, _ title: String) throws {
            try replica.commit(message: "") { change in
                let id = change.create(RecordKind.risk)
                change.set(id, Risk.Field.description, .string(title))
            }
        }
    }

    @Test func aFileEveryReaderHoldsIsRemovedByItsWriter() throws {
        let trio = try Trio()
        let alice = RelayFolders(replica: trio.alice), bruno = RelayFolders(replica: trio.bruno)
        try alice.add(trio.shared.path)
        try bruno.add(trio.shared.path)
        try trio.note(trio.alice, "Alice's first")
        let first = try alice.exchange(trio.shared.path)
        let written = try #require(first.written)
        #expect(first.receiptWritten && first.compacted == 0, "no other reader yet: nothing is removed")
        // Bruno reads it and leaves his receipt; Alice sees that he holds it and removes it.
        let read = try bruno.exchange(trio.shared.path)
        #expect(read.filesImported >= 1 && read.receiptWritten)
        let compacting = try alice.exchange(trio.shared.path)
        #expect(compacting.receiptsRead == 1 && compacting.compacted >= 1, "\(compacting)")
        #expect(!(try trio.files("ent-")).contains(written))
        #expect(try trio.files("rct-").count == 2, "one receipt per device, the older ones removed")
        // Nothing was lost: both hold the same state, and a new change still crosses.
        #expect(try trio.alice.stateHash() == trio.bruno.stateHash())
        try trio.note(trio.alice, "Alice's second")
        _ = try alice.exchange(trio.shared.path)
        _ = try bruno.exchange(trio.shared.path)
        #expect(try trio.alice.stateHash() == trio.bruno.stateHash())
        // After a few rounds with nothing new, the folder holds no relay file of Alice's that
        // Bruno lacks, and only the two receipts (and Bruno's last file until Alice's receipt covers it).
        for _ in 0..<3 {
            _ = try alice.exchange(trio.shared.path)
            _ = try bruno.exchange(trio.shared.path)
        }
        let remaining = try trio.files("ent-")
        #expect(remaining.isEmpty, "\(remaining)")
        #expect(try trio.files("rct-").count == 2)
    }

    @Test func aDeviceThatStartsReadingLateIsCaughtUp() throws {
        let trio = try Trio()
        let alice = RelayFolders(replica: trio.alice), bruno = RelayFolders(replica: trio.bruno)
        try alice.add(trio.shared.path)
        try bruno.add(trio.shared.path)
        for round in 0..<3 {
            try trio.note(trio.alice, "Alice \(round)")
            try trio.note(trio.bruno, "Bruno \(round)")
            _ = try alice.exchange(trio.shared.path)
            _ = try bruno.exchange(trio.shared.path)
        }
        for _ in 0..<3 {
            _ = try alice.exchange(trio.shared.path)
            _ = try bruno.exchange(trio.shared.path)
        }
        #expect(try trio.files("ent-").isEmpty, "compacted: Alice and Bruno hold everything")
        // Chloé starts using the folder now: everything written so far is gone from it.
        let chloe = RelayFolders(replica: trio.chloe)
        try chloe.add(trio.shared.path)
        let start = try chloe.exchange(trio.shared.path)
        #expect(start.receiptWritten && start.changesApplied == 0)
        // Her receipt shows what she lacks; the others write it for her, then remove it once
        // her next receipt says she holds it.
        let caughtByAlice = try alice.exchange(trio.shared.path).caughtUp
        let caught = caughtByAlice + (try bruno.exchange(trio.shared.path)).caughtUp
        #expect(caught >= 6, "each member's three notes")
        _ = try chloe.exchange(trio.shared.path)
        #expect(try trio.chloe.stateHash() == trio.alice.stateHash())
        #expect(try trio.chloe.pendingCount() == 0)
        for _ in 0..<3 {
            _ = try alice.exchange(trio.shared.path)
            _ = try bruno.exchange(trio.shared.path)
            _ = try chloe.exchange(trio.shared.path)
        }
        let remaining = try trio.files("ent-")
        #expect(remaining.isEmpty, "\(remaining)")
        #expect(try trio.files("rct-").count == 3)
        #expect(Set(try [trio.alice, trio.bruno, trio.chloe].map { try $0.stateHash() }).count == 1)
    }

    @Test func aDepartedDevicesReceiptNoLongerHoldsFilesBack() throws {
        let trio = try Trio()
        let alice = RelayFolders(replica: trio.alice), bruno = RelayFolders(replica: trio.bruno), chloe = RelayFolders(replica: trio.chloe)
        for relay in [alice, bruno, chloe] { try relay.add(trio.shared.path) }
        _ = try chloe.exchange(trio.shared.path)   // Chloé's receipt: she holds the admissions only
        _ = try bruno.exchange(trio.shared.path)
        try trio.note(trio.alice, "Alice's")
        let written = try #require(try alice.exchange(trio.shared.path).written)
        _ = try bruno.exchange(trio.shared.path)
        _ = try alice.exchange(trio.shared.path)
        #expect(try trio.files("ent-").contains(written), "Chloé has not read it: it stays")
        // Chloé leaves the collective; once Alice knows, Chloé's receipt no longer counts.
        let me = try #require(try trio.chloe.directory().member(for: trio.chloe.author)?.id)
        try trio.chloe.commit(message: "") { change in change.set(me, Member.Field.leftOn, .string("2026-12-06")) }
        try trio.alice.merge(from: trio.chloe.folder.url)
        _ = try bruno.exchange(trio.shared.path)
        let after = try alice.exchange(trio.shared.path)
        let left = try trio.files("ent-")
        #expect(after.compacted >= 1 && !left.contains(written), "\(after) \(left)")
    }
}
