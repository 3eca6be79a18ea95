import Foundation

/// The `sqlite3` shell (installed by `.ci/run`), for tests that damage or inspect a replica's
/// database from outside Entente.
public enum SQLiteShell {
    /// Runs `sql` on `database` and returns what the shell printed.
    /// - Throws: ``Failure`` when the shell exits with an error.
    public static func run(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let out = Pipe(), errors = Pipe()
        process.standardOutput = out
        process.standardError = errors
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus, message: String(decoding: problem, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The size of `database`'s pages, to find a page in the file by its number.
    public static func pageSize(_ database: String) throws -> Int {
        let text = try Self.run(database, "PRAGMA page_size").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let size = Int(text), size >= 512 else { throw Failure(status: 0, message: "no page size in \(text)") }
        return size
    }

    /// The shell exited with an error.
    public struct Failure: Error, CustomStringConvertible {
        public let status: Int32
        public let message: String
        public var description: String { "sqlite3 exited with \(self.status): \(self.message)" }
    }
}
