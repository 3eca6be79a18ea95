import Foundation

/// Wall-clock timing for benchmarks.
enum BenchClock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` and returns its result and the seconds it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = Self.now()
        let result = try body()
        return (result, Self.now() - start)
    }

    /// The CPU seconds (user and system) this process used so far, on every core.
    static func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    static func ratio(_ value: Double, _ baseline: Double) -> String { String(format: "%.2fx", value / baseline) }
}

/// A folder removed when the benchmark ends.
struct BenchFolder {
    let url: URL

    init(_ label: String) throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("entente-bench-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: self.url) }
}

func option(_ name: String, in arguments: [String], default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else { return value }
    return parsed
}
