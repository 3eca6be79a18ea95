import EntenteText
import Foundation

// MARK: - Trace loading for the text benchmark

/// Loads the gzipped editing traces (`gzip -dc`, then JSONSerialization).
enum TextBenchTraces {
    static let sequentialNames = [
        "automerge-paper", "seph-blog1", "sveltecomponent", "rustcode",
        "friendsforever_flat", "clownschool_flat", "json-crdt-patch", "json-crdt-blog-post",
    ]
    static let concurrentNames = ["friendsforever", "clownschool"]

    struct Txn {
        var parents: [Int]
        var agent: Int
        var patches: [TextPatch]
    }

    struct Trace {
        var name: String
        var endContent: String
        var agentCount: Int
        var txns: [Txn]
        var patchCount: Int { txns.reduce(0) { $0 + $1.patches.count } }
    }

    /// `--traces DIR`, else `$ENTENTE_TRACES`, else `../shared/data/editing-traces` from the
    /// current directory when it exists, else `/work/shared/data/editing-traces`.
    static func directory(_ explicit: String?) -> String {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["ENTENTE_TRACES"], !env.isEmpty { return env }
        let relative = FileManager.default.currentDirectoryPath + "/../shared/data/editing-traces"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        return "/work/shared/data/editing-traces"
    }

    static func load(_ name: String, concurrent: Bool, directory: String) throws -> Trace {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", directory + "/" + (concurrent ? "concurrent/" : "") + name + ".json.gz"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let txns: [Txn] = (object["txns"] as? [[String: Any]] ?? []).map { t in
            let patches = (t["patches"] as? [[Any]] ?? []).map { p in
                TextPatch(position: (p[0] as? NSNumber)?.intValue ?? 0,
                          deleteCount: (p[1] as? NSNumber)?.intValue ?? 0,
                          insert: p[2] as? String ?? "")
            }
            return Txn(parents: (t["parents"] as? [NSNumber] ?? []).map(\.intValue),
                       agent: (t["agent"] as? NSNumber)?.intValue ?? 0, patches: patches)
        }
        return Trace(name: name, endContent: object["endContent"] as? String ?? "",
                     agentCount: (object["numAgents"] as? NSNumber)?.intValue ?? 1, txns: txns)
    }
}

// MARK: - Process memory

/// Peak resident memory from /proc/self/status (Linux), resettable via /proc/self/clear_refs.
enum TextBenchMemory {
    /// A field of /proc/self/status in KiB (`VmRSS`, `VmHWM`), or 0 when unavailable.
    static func kilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// Returns freed heap memory to the system (glibc `malloc_trim(0)`, looked up dynamically),
    /// then resets VmHWM to the current RSS (writing "5" to clear_refs, Linux >= 4.0); returns
    /// the resulting VmRSS, the baseline of a peak measurement.
    static func settle() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
        return kilobytes("VmRSS")
    }
}

/// Monotonic time in seconds.
func textBenchNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
