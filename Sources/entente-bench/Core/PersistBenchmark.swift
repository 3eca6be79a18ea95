import EntenteCore
import EntenteStore
import EntenteText
import Foundation

/// Stores a trace's whole editing history in a replica, one change per `batch` keystrokes,
/// then reopens the replica and reads the text back (issue "Collaborative text").
func runPersistBenchmark(arguments: [String]) {
    do {
        let batch = option("--batch", in: arguments, default: 100)
        let name = arguments.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "automerge-paper"
        let trace = try TextBenchTraces.load(name, concurrent: false, directory: TextBenchTraces.directory(nil))
        let patches = trace.txns.flatMap(\.patches)
        print("== Persisting \(name): \(patches.count) patches, one change per \(batch)")
        let folder = try BenchFolder("persist")
        defer { folder.remove() }
        let replicaFolder = ReplicaFolder(folder.url.appendingPathComponent("replica"))
        let replica = try Replica.found(replicaFolder, collective: "Bench", founder: "Alice")
        guard let record = Collective.find(in: try replica.records(kind: RecordKind.collective))?.id else { return }
        // Baseline in the same run: the same patches applied to a bare document in memory.
        let (_, memorySeconds) = try BenchClock.time {
            var document = TextDocument()
            var start = 0
            while start < patches.count {
                _ = try document.applyLocal(Array(patches[start..<min(start + batch, patches.count)]), by: TextAgent(replica.author.bytes))
                start += batch
            }
        }
        let (_, storeSeconds) = try BenchClock.time {
            var start = 0
            while start < patches.count {
                let slice = Array(patches[start..<min(start + batch, patches.count)])
                try replica.commit(message: "") { change in
                    try change.editText(record, Collective.Field.vision, patches: slice)
                }
                start += batch
            }
        }
        try replica.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: replicaFolder.database.path)[.size] as? NSNumber)?.intValue ?? 0
        let (text, reopenSeconds) = try BenchClock.time { () -> String in
            let reopened = try Replica.open(replicaFolder)
            return Collective.find(in: try reopened.records(kind: RecordKind.collective))?.vision ?? ""
        }
        guard text == trace.endContent else {
            print("MISMATCH: the reopened text differs from the trace's endContent")
            exit(1)
        }
        let changes = (patches.count + batch - 1) / batch
        print("same patches on a bare in-memory document: \(BenchClock.ms(memorySeconds))")
        print("store \(changes) signed changes in the replica: \(BenchClock.ms(storeSeconds))  (\(String(format: "%.2f", storeSeconds * 1000 / Double(changes))) ms/change, \(BenchClock.ratio(storeSeconds, memorySeconds)) the bare document)")
        print("reopen the replica and read the text (\(text.unicodeScalars.count) characters): \(BenchClock.ms(reopenSeconds))")
        print("replica file: \(size) bytes")
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
}
