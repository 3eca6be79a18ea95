import EntenteText
import Foundation

// MARK: - Text benchmarks

/// One trace's measurements (times in ms, memory in KiB).
struct TextBenchResult: Codable {
    var name: String
    var patches: Int
    var applyMs: Double
    var usPerPatch: Double { applyMs * 1000 / Double(max(patches, 1)) }
    var remoteMs: Double
    var mergeMs: Double?
    var stateBytes: Int
    var encodeMs: Double
    var loadMs: Double
    var peakKB: Int
    var items: Int
    var correct: Bool
}

/// Runs the EntenteText benchmarks on the editing traces and prints a table.
///
/// Arguments: `[--traces DIR] [--iterations N] [--peers FILE.json] [--json] [--in-process] [trace ...]`.
/// `--peers` reads the JSON written by `scripts/peer_bench.py` and prints ours/peer ratios.
func runTextBenchmarks(arguments: [String]) {
    var directory: String? = nil
    var iterations = 3
    var peersPath: String? = nil
    var json = false
    var inProcess = false
    var names: [String] = []
    var k = 0
    while k < arguments.count {
        switch arguments[k] {
        case "--traces": k += 1; directory = k < arguments.count ? arguments[k] : nil
        case "--iterations": k += 1; iterations = k < arguments.count ? Int(arguments[k]) ?? 3 : 3
        case "--peers": k += 1; peersPath = k < arguments.count ? arguments[k] : nil
        case "--json": json = true
        case "--in-process": inProcess = true
        case "--help", "-h":
            print("""
                usage: text [--traces DIR] [--iterations N] [--peers FILE.json] [--json] [--in-process] [trace ...]
                  Benchmarks EntenteText on the editing traces (default: all 8 sequential + 2 concurrent).
                  --traces DIR     trace directory (default: $ENTENTE_TRACES, ../shared/data/editing-traces,
                                   /work/shared/data/editing-traces)
                  --iterations N   runs per measurement, best kept (default 3)
                  --peers FILE     peer results from scripts/peer_bench.py: print ours/peer ratios
                  --json           also print the results as JSON
                  --in-process     measure every trace in this process (default: one fresh process each)
                  See BENCHMARKS.md, section 6; scripts/bench-peers.sh runs everything against Loro and Yrs.
                """)
            return
        default: names.append(arguments[k])
        }
        k += 1
    }
    let dir = TextBenchTraces.directory(directory)
    let sequential = names.isEmpty ? TextBenchTraces.sequentialNames : names.filter { TextBenchTraces.sequentialNames.contains($0) }
    let concurrent = names.isEmpty ? TextBenchTraces.concurrentNames : names.filter { TextBenchTraces.concurrentNames.contains($0) }

    // Child mode: measure one trace in this fresh process and print the result as JSON.
    if let single = ProcessInfo.processInfo.environment[textBenchChildVariable] {
        if let result = benchOne(single, directory: dir, iterations: iterations),
           let data = try? JSONEncoder().encode(result) {
            print(textBenchChildPrefix + String(decoding: data, as: UTF8.self))
        }
        return
    }
    var results: [TextBenchResult] = []
    for name in sequential + concurrent {
        // Each trace runs in a fresh process (this executable, same arguments) so that peak
        // memory is not distorted by earlier traces; `--in-process` disables that.
        let result = inProcess ? benchOne(name, directory: dir, iterations: iterations) : benchInChild(name)
        if let result { results.append(result) } else { print("cannot benchmark \(name) (traces: \(dir))") }
    }
    printTextBenchTable(results, peers: peersPath.flatMap(loadTextBenchPeers))
    if json { printTextBenchJSON(results) }
}

// MARK: - One trace

/// Environment variable naming the trace a child process measures.
private let textBenchChildVariable = "ENTENTE_TEXT_BENCH_TRACE"
/// Prefix of the child's result line.
private let textBenchChildPrefix = "TEXTBENCH-RESULT "

private func benchOne(_ name: String, directory: String, iterations: Int) -> TextBenchResult? {
    let concurrent = TextBenchTraces.concurrentNames.contains(name)
    guard let trace = try? TextBenchTraces.load(name, concurrent: concurrent, directory: directory) else { return nil }
    return concurrent ? benchConcurrent(trace, iterations: iterations) : benchSequential(trace, iterations: iterations)
}

/// Runs this executable again with the same arguments and `ENTENTE_TEXT_BENCH_TRACE=name`.
private func benchInChild(_ name: String) -> TextBenchResult? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = Array(CommandLine.arguments.dropFirst())
    var environment = ProcessInfo.processInfo.environment
    environment[textBenchChildVariable] = name
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(textBenchChildPrefix) {
        return try? JSONDecoder().decode(TextBenchResult.self, from: Data(line.dropFirst(textBenchChildPrefix.count).utf8))
    }
    return nil
}

// MARK: - Sequential

/// Local apply (best of `iterations`), remote apply of encoded ops, state size, encode, load, peak memory.
private func benchSequential(_ trace: TextBenchTraces.Trace, iterations: Int) -> TextBenchResult {
    let agent = TextAgent([UInt8](repeating: 7, count: 32))
    var best = Double.infinity
    var document = TextDocument()
    var ops: [TextOperation] = []
    var peak = 0
    // Run 0 also keeps the operations (for the remote replay); memory is measured on run 1.
    let runs = max(iterations, 2)
    for iteration in 0 ..< runs {
        var doc = TextDocument()
        var collected: [TextOperation] = []
        if iteration == 0 { collected.reserveCapacity(trace.txns.count) }
        if iteration == 1 { document = TextDocument() }
        let rssBefore = TextBenchMemory.settle()
        let start = textBenchNow()
        if iteration == 0 {
            for txn in trace.txns { collected.append((try? doc.applyLocal(txn.patches, by: agent)) ?? TextOperation(author: agent, startCounter: 0, insertions: [], deletions: [])) }
        } else {
            for txn in trace.txns { _ = try? doc.applyLocal(txn.patches, by: agent) }
        }
        let elapsed = textBenchNow() - start
        if iteration == 0 { ops = collected }
        if iteration == 1 { peak = TextBenchMemory.kilobytes("VmHWM") - rssBefore }
        best = min(best, elapsed)
        document = doc
    }
    // Remote path: decode every encoded op (not timed), then time applying them.
    let decoded = ops.map { (try? TextOperation(decoding: $0.encoded())) ?? $0 }
    let remoteStart = textBenchNow()
    var remote = TextDocument()
    for op in decoded { try? remote.apply(op) }
    let remoteMs = (textBenchNow() - remoteStart) * 1000
    return finish(trace, document: document, applyMs: best * 1000, remoteMs: remoteMs, mergeMs: nil,
                  peakKB: peak, extraCorrect: remote.text == trace.endContent, iterations: iterations)
}

// MARK: - Concurrent

/// Replicas per agent following the parents graph (timed as "apply"), then the time to merge
/// every operation into a fresh document ("merge", best of `iterations`).
private func benchConcurrent(_ trace: TextBenchTraces.Trace, iterations: Int) -> TextBenchResult {
    let agents = (0 ..< trace.agentCount).map { TextAgent([UInt8](repeating: UInt8($0 + 1), count: 32)) }
    var replicas = [TextDocument](repeating: TextDocument(), count: trace.agentCount)
    var applied = [[Bool]](repeating: [Bool](repeating: false, count: trace.txns.count), count: trace.agentCount)
    var ops: [TextOperation] = []
    ops.reserveCapacity(trace.txns.count)
    let start = textBenchNow()
    for (t, txn) in trace.txns.enumerated() {
        let g = txn.agent
        var missing: [Int] = []
        var stack = txn.parents
        while let p = stack.popLast() {
            if applied[g][p] { continue }
            applied[g][p] = true
            missing.append(p)
            stack.append(contentsOf: trace.txns[p].parents)
        }
        missing.sort()
        for p in missing { try? replicas[g].apply(ops[p]) }
        ops.append((try? replicas[g].applyLocal(txn.patches, by: agents[g])) ?? TextOperation(author: agents[g], startCounter: 0, insertions: [], deletions: []))
        applied[g][t] = true
    }
    let applyMs = (textBenchNow() - start) * 1000
    var bestMerge = Double.infinity
    var merged = TextDocument()
    var peak = 0
    for iteration in 0 ..< max(iterations, 1) {
        merged = TextDocument()
        var doc = TextDocument()
        let rssBefore = TextBenchMemory.settle()
        let s = textBenchNow()
        for op in ops { try? doc.apply(op) }
        bestMerge = min(bestMerge, textBenchNow() - s)
        if iteration == 0 { peak = TextBenchMemory.kilobytes("VmHWM") - rssBefore }
        merged = doc
    }
    var allEqual = true
    for g in replicas.indices {
        for t in ops.indices where !applied[g][t] { try? replicas[g].apply(ops[t]) }
        allEqual = allEqual && replicas[g].text == trace.endContent
    }
    return finish(trace, document: merged, applyMs: applyMs, remoteMs: bestMerge * 1000, mergeMs: bestMerge * 1000,
                  peakKB: peak, extraCorrect: allEqual, iterations: iterations)
}

private func finish(_ trace: TextBenchTraces.Trace, document: TextDocument, applyMs: Double, remoteMs: Double,
                    mergeMs: Double?, peakKB: Int, extraCorrect: Bool, iterations: Int) -> TextBenchResult {
    var encodeBest = Double.infinity
    var state: [UInt8] = []
    for _ in 0 ..< max(iterations, 1) {
        let s = textBenchNow()
        state = document.encodedState()
        encodeBest = min(encodeBest, textBenchNow() - s)
    }
    var loadBest = Double.infinity
    var loadedOK = false
    for _ in 0 ..< max(iterations, 1) {
        let s = textBenchNow()
        let loaded = try? TextDocument(decodingState: state)
        loadBest = min(loadBest, textBenchNow() - s)
        loadedOK = loaded?.text == trace.endContent
    }
    return TextBenchResult(name: trace.name, patches: trace.patchCount, applyMs: applyMs, remoteMs: remoteMs,
                           mergeMs: mergeMs, stateBytes: state.count, encodeMs: encodeBest * 1000,
                           loadMs: loadBest * 1000, peakKB: peakKB, items: document.itemCount,
                           correct: document.text == trace.endContent && extraCorrect && loadedOK)
}

// MARK: - Peers and output

/// Peer figures keyed by peer name then trace name (see scripts/peer_bench.py).
typealias TextBenchPeers = [String: [String: [String: Double]]]

private func loadTextBenchPeers(_ path: String) -> TextBenchPeers? {
    guard let data = FileManager.default.contents(atPath: path),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        print("cannot read peer results \(path)")
        return nil
    }
    var peers: TextBenchPeers = [:]
    for (peer, traces) in object {
        guard let traces = traces as? [String: Any] else { continue }
        for (trace, fields) in traces {
            guard let fields = fields as? [String: Any] else { continue }
            for (key, value) in fields {
                if let number = value as? NSNumber { peers[peer, default: [:]][trace, default: [:]][key] = number.doubleValue }
            }
        }
    }
    return peers
}

private func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

private func printTextBenchTable(_ results: [TextBenchResult], peers: TextBenchPeers?) {
    print("EntenteText benchmark (times: best run, ms; remote_ms: applying the decoded ops on a fresh document; peak: RSS increase while applying, KiB)")
    print("trace                 patches  apply_ms  us/patch  remote_ms  state_B    items  encode_ms  load_ms  peak_KiB  ok")
    for r in results {
        let name = r.name.padding(toLength: 20, withPad: " ", startingAt: 0)
        print("\(name) \(String(r.patches).leftPad(8)) \(format(r.applyMs, 1).leftPad(9)) \(format(r.usPerPatch, 3).leftPad(9)) "
            + "\(format(r.remoteMs, 1).leftPad(10)) \(String(r.stateBytes).leftPad(8)) \(String(r.items).leftPad(8)) "
            + "\(format(r.encodeMs).leftPad(10)) \(format(r.loadMs).leftPad(8)) \(String(r.peakKB).leftPad(9))  \(r.correct ? "yes" : "NO")")
    }
    guard let peers else { return }
    for peer in peers.keys.sorted() {
        print("")
        print("ours / \(peer) (below 1.00 means ours is smaller or faster)")
        print("trace                 apply: ours_ms  peer_ms  ratio | state: ours_B  peer_B  ratio | load ratio | peak: ours_KiB peer_KiB ratio")
        for r in results {
            guard let p = peers[peer]?[r.name] else { continue }
            let peerApply = (r.mergeMs != nil ? p["merge_ms"] : p["apply_ms"]) ?? .nan
            let ours = r.mergeMs ?? r.applyMs
            let peerState = p["state_bytes"] ?? .nan
            let peerLoad = p["load_ms"] ?? .nan
            let peerPeak = p["peak_kb"] ?? .nan
            let name = r.name.padding(toLength: 20, withPad: " ", startingAt: 0)
            print("\(name) \(format(ours, 1).leftPad(14)) \(format(peerApply, 1).leftPad(8)) \(format(ours / peerApply, 3).leftPad(6)) |"
                + " \(String(r.stateBytes).leftPad(12)) \(format(peerState, 0).leftPad(7)) \(format(Double(r.stateBytes) / peerState, 3).leftPad(6)) |"
                + " \(format(r.loadMs / peerLoad, 3).leftPad(10)) | \(String(r.peakKB).leftPad(14)) \(format(peerPeak, 0).leftPad(8)) \(format(Double(r.peakKB) / peerPeak, 3).leftPad(5))")
            if let batch = p["merge_batch_ms"], let merge = r.mergeMs {
                print("\(name)   merge vs \(peer) batch import: \(format(merge, 1)) / \(format(batch, 1)) ms = \(format(merge / batch, 3))")
            }
        }
    }
}

private func printTextBenchJSON(_ results: [TextBenchResult]) {
    var object: [String: [String: Double]] = [:]
    for r in results {
        var fields: [String: Double] = [
            "patches": Double(r.patches), "apply_ms": r.applyMs, "us_per_patch": r.usPerPatch,
            "remote_ms": r.remoteMs, "state_bytes": Double(r.stateBytes), "encode_ms": r.encodeMs,
            "load_ms": r.loadMs, "peak_kb": Double(r.peakKB), "items": Double(r.items), "ok": r.correct ? 1 : 0,
        ]
        if let merge = r.mergeMs { fields["merge_ms"] = merge }
        object[r.name] = fields
    }
    if let data = try? JSONSerialization.data(withJSONObject: ["entente": object], options: [.sortedKeys]) {
        print(String(decoding: data, as: UTF8.self))
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
