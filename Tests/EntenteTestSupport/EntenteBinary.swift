import Foundation

/// Runs the built `entente` executable, as a user would, and captures what it prints.
public struct EntenteBinary: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var output: String { self.stdout + self.stderr }
    }

    public let url: URL
    public var environment: [String: String]

    /// Finds the binary next to the test bundle (SwiftPM builds it into the same folder), or
    /// at `$ENTENTE_BIN`.
    public init(environment: [String: String] = [:]) throws {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ENTENTE_BIN"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("entente"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("entente"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("entente"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BinaryNotFound(searched: candidates.map(\.path))
        }
        self.url = found
        var base = ProcessInfo.processInfo.environment
        base["NO_COLOR"] = "1"
        // Output in English unless a test asks for another language.
        base["ENTENTE_LANG"] = "en"
        base["ENTENTE_HOME"] = nil
        // Tests never announce on the machine's real interfaces: discovery stays on loopback
        // unless a test names another interface (inside a network namespace it created).
        base["ENTENTE_DISCOVERY_INTERFACE"] = base["ENTENTE_DISCOVERY_INTERFACE"] ?? "127.0.0.1"
        self.environment = base.merging(environment) { $1 }
    }

    public struct BinaryNotFound: Error, CustomStringConvertible {
        public var searched: [String]
        public var description: String { "the entente binary was not found (build it with `swift build`); searched \(self.searched)" }
    }

    /// Runs `entente ARGS` and waits (at most `timeout` seconds) for it to exit.
    @discardableResult
    public func run(_ arguments: [String], input: String? = nil, timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = self.url
        process.arguments = arguments
        process.environment = self.environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
