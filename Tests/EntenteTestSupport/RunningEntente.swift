import Foundation

/// A long-running `entente` command (`serve`, `board`) started in the background, as a user
/// would: its first line of output read (the address it serves on), stopped with SIGTERM.
public final class RunningEntente: @unchecked Sendable {
    // Foundation's `Process` and `Pipe` are not declared `Sendable`; every property is a `let`
    // set before the process starts, and `Process` locks its own state.
    public let process = Process()
    /// The first line it printed, without its end of line.
    public let firstLine: String
    private let stdout = Pipe()
    private let stderr: Pipe?

    /// Starts `entente ARGUMENTS` and waits for its first line; standard error is kept (see
    /// ``stop()``) when `keepingStandardError`, else thrown away.
    public init(_ binary: EntenteBinary, _ arguments: [String], keepingStandardError: Bool = false) throws {
        self.process.executableURL = binary.url
        self.process.arguments = arguments
        self.process.environment = binary.environment
        self.process.standardOutput = self.stdout
        self.stderr = keepingStandardError ? Pipe() : nil
        self.process.standardError = self.stderr ?? FileHandle.nullDevice
        try self.process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = self.stdout.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line.append(byte)
        }
        self.firstLine = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops it (SIGTERM) and waits: its exit status, and what it wrote on standard error
    /// (empty unless kept). Standard error is read once the process has ended, so a server
    /// that logs a lot must not be kept running long with it kept.
    @discardableResult
    public func stop() -> (status: Int32, standardError: String) {
        if self.process.isRunning { self.process.terminate() }
        self.process.waitUntilExit()
        let text = self.stderr.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        return (self.process.terminationStatus, text)
    }
}
