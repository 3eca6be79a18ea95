import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteStore

#if canImport(Glibc)
import Glibc
#endif

/// Issue "Hold up, second round", item 2: `repair` lost work. It now holds the replica alone,
/// salvages every readable row whatever pages are damaged, and a repair cut short anywhere
/// leaves the folder with its database, finished or rolled back by the next command.
@Suite("Repair") struct RepairTests {
    /// A replica of 1 + `count` changes, closed.
    func replica(_ directory: TemporaryDirectory, count: Int) throws -> ReplicaFolder {
        let folder = ReplicaFolder(directory.url.appendingPathComponent("r"))
        let replica = try Replica.found(folder, collective: "Atelier", founder: "Alice")
        for index in 0..<count {
            try replica.commit(message: String(repeating: "m", count: 200) + "\(index)") { $0.create("thing") }
        }
        try replica.close()
        return folder
    }

    @Test func aRepairWaitsForNobodyAndNobodyWritesDuringIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = try self.replica(directory, count: 3)
        // Open elsewhere (a `serve`, the board, a command): the repair is refused, nothing moves.
        let open = try Replica.open(folder)
        #expect { try Replica.repair(folder) } throws: { error in
            guard case StoreError.busy(_, repairing: false) = error else { return false }
            return "\(error)".contains("stop it, then run `entente repair` again")
        }
        #expect(!FileManager.default.fileExists(atPath: Replica.repairDraft(folder).url.path))
        try open.commit(message: "") { $0.create("thing") }
        try open.close()
        // A repair running: opening the replica to write is refused until it ends.
        let repairing = try ReplicaLock.acquire(folder, .exclusive)
        #expect { try Replica.open(folder) } throws: { error in
            guard case StoreError.busy(_, repairing: true) = error else { return false }
            return "\(error)".contains("`entente repair` is running")
        }
        repairing.release()
        let report = try Replica.repair(folder)
        #expect(report.recovered == 5 && report.lost == 0)
        #expect(try Replica.open(folder).changeCount() == 5)
    }

    @Test func aRepairOverSeveralDamagedPagesKeepsEveryReadableRow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let total = 601
        let folder = try self.replica(directory, count: total - 1)
        // Three leaf pages of the log, early, middle and late, with how many rows each holds.
        let leaves = try SQLiteShell.run(folder.database.path, "SELECT pageno, ncell FROM dbstat WHERE name = 'changes' AND pagetype = 'leaf' ORDER BY pageno")
            .split(separator: "\n").compactMap { line -> (page: Int, cells: Int)? in
                let parts = line.split(separator: "|").compactMap { Int($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        try #require(leaves.count > 20)
        let damaged = [leaves[leaves.count / 10], leaves[leaves.count / 2], leaves[leaves.count * 9 / 10]]
        let size = try SQLiteShell.pageSize(folder.database.path)
        let handle = try #require(FileHandle(forUpdatingAtPath: folder.database.path))
        for leaf in damaged {
            try handle.seek(toOffset: UInt64((leaf.page - 1) * size + 8))
            try handle.write(contentsOf: Data(repeating: 0xA5, count: 3000))
        }
        try handle.close()
        let report = try Replica.repair(folder)
        // Every row is counted, kept or lost; only rows of the damaged pages are lost (a
        // read that stopped at the first one would keep about a tenth).
        let onDamaged = damaged.map(\.cells).reduce(0, +)
        #expect(report.recovered + report.lost == total, "\(report)")
        #expect(report.lost > 0 && report.lost <= onDamaged, "\(report), \(onDamaged) rows on the damaged pages")
        #expect(report.recovered >= total - onDamaged)
        let rebuilt = try Replica.open(folder)
        // Applied, or waiting for a lost change they name (back with the next sync).
        #expect(try rebuilt.changeCount() + rebuilt.pendingCount() == report.recovered)
        #expect(try rebuilt.pendingCount() == report.waiting)
        #expect(try rebuilt.audit(rebuild: true).problems.isEmpty)
        #expect(FileManager.default.fileExists(atPath: report.damagedCopy))
    }

    @Test func aRepairCutShortAfterTheRebuildIsFinishedByTheNextCommand() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = try self.replica(directory, count: 20)
        _ = try Replica.repair(folder, stopAfter: .marked)
        // Killed there: the file is still in place, the rebuilt one waits beside it.
        #expect(folder.exists)
        #expect(FileManager.default.fileExists(atPath: Replica.repairMarker(folder).path))
        let opened = try Replica.open(folder)
        #expect(try opened.changeCount() == 21)
        #expect(try opened.audit(rebuild: true).problems.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: Replica.repairMarker(folder).path))
        #expect(!FileManager.default.fileExists(atPath: Replica.repairDraft(folder).url.path))
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("replica.sqlite.damaged-") }
        #expect(kept.count == 1)
        try opened.commit(message: "") { $0.create("thing") }
    }

    @Test func aRepairCutShortDuringTheRebuildLeavesTheFileAsItWas() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = try self.replica(directory, count: 20)
        let before = try Data(contentsOf: folder.database)
        _ = try Replica.repair(folder, stopAfter: .rebuilt)
        #expect(FileManager.default.fileExists(atPath: Replica.repairDraft(folder).url.path))
        let opened = try Replica.open(folder)
        // The draft is dropped; the file was never touched.
        #expect(!FileManager.default.fileExists(atPath: Replica.repairDraft(folder).url.path))
        #expect(try Data(contentsOf: folder.database) == before)
        #expect(try opened.changeCount() == 21)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).allSatisfy { !$0.hasPrefix("replica.sqlite.damaged-") })
    }
    /// A row whose bytes still decode but whose signature no longer verifies is lost alone:
    /// the repair checks each signature once, as it merges, and leaves that change out rather
    /// than refusing the others (the changes after it that name it wait for the next sync).
    @Test func aRowWhoseSignatureNoLongerVerifiesIsLostAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = try self.replica(directory, count: 300)
        let path = folder.database.path
        let position = 150
        let hex = try SQLiteShell.run(path, "SELECT hex(signed) FROM changes WHERE position = \(position)").trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes = try #require(Hex.decode(hex.lowercased()))
        // One bit flipped on the disk, in the signature (the signed form ends with it).
        var file = try Data(contentsOf: folder.database)
        let signature = Data(bytes.suffix(SignedChange.signatureByteCount))
        let found = try #require(file.range(of: signature))
        #expect(file[found.upperBound...].range(of: signature) == nil)
        file[found.upperBound - 1] ^= 0x01
        try file.write(to: folder.database)
        bytes[bytes.count - 1] ^= 0x01
        let damaged = try SignedChange(decoding: bytes)
        #expect(!damaged.verifySignature())
        let report = try Replica.repair(folder)
        #expect(report.recovered == 300 && report.lost == 1, "\(report)")
        let rebuilt = try Replica.open(folder)
        #expect(try !rebuilt.changes().contains { $0.id == damaged.id })
        // Every change after it is by the same device and names it: they wait for it.
        #expect(try rebuilt.changeCount() == position - 1)
        #expect(try rebuilt.pendingCount() == 301 - position && report.waiting == 301 - position)
        #expect(try rebuilt.audit(rebuild: true).problems.isEmpty)
    }
}
