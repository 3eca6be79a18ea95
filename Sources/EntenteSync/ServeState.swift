import EntenteStore
import Foundation

/// `serve.json` in the replica folder while `entente serve` runs: lets `entente invite`
/// put the right port in its codes.
public enum ServeState {
    public struct Shape: Codable, Sendable {
        public var port: UInt16
        public var bind: String
        /// The process serving (absent in files from earlier versions).
        public var pid: Int32?
    }

    public static func url(_ folder: ReplicaFolder) -> URL { folder.url.appendingPathComponent("serve.json") }

    public static func write(port: UInt16, bind: String, folder: ReplicaFolder) throws {
        try JSONEncoder().encode(Shape(port: port, bind: bind, pid: getpid())).write(to: self.url(folder), options: .atomic)
    }

    public static func read(_ folder: ReplicaFolder) -> Shape? {
        guard let data = FileManager.default.contents(atPath: self.url(folder).path) else { return nil }
        return try? JSONDecoder().decode(Shape.self, from: data)
    }

    /// Whether an `entente serve` is running on this replica: its state file names a live process.
    public static func isServing(_ folder: ReplicaFolder) -> Bool {
        guard let pid = self.read(folder)?.pid, pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    public static func remove(folder: ReplicaFolder) {
        try? FileManager.default.removeItem(at: self.url(folder))
    }
}
