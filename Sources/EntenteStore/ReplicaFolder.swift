import EntenteCore
import Foundation

/// The files of a replica folder (`Protocol/STORE.md`, "Replica folder"):
///
/// - `replica.sqlite`: the change log and the materialised state;
/// - `identity.key`: this device's Ed25519 seed (32 bytes, mode 0600);
/// - `noise.key`: this device's X25519 static key for the secure channel (32 bytes, mode 0600);
/// - `collective.secret`: the collective's pre-shared key (32 bytes, mode 0600), never put in a change.
public struct ReplicaFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url.standardizedFileURL
    }

    public var database: URL { self.url.appendingPathComponent("replica.sqlite") }
    public var identityKey: URL { self.url.appendingPathComponent("identity.key") }
    public var noiseKey: URL { self.url.appendingPathComponent("noise.key") }
    public var collectiveSecret: URL { self.url.appendingPathComponent("collective.secret") }

    public var exists: Bool { FileManager.default.fileExists(atPath: self.database.path) }

    /// The default folder: `$ENTENTE_HOME`, else `$XDG_DATA_HOME/entente`, else `~/.local/share/entente`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> ReplicaFolder {
        if let home = environment["ENTENTE_HOME"], !home.isEmpty {
            return ReplicaFolder(URL(fileURLWithPath: home))
        }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return ReplicaFolder(URL(fileURLWithPath: data).appendingPathComponent("entente"))
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return ReplicaFolder(URL(fileURLWithPath: home).appendingPathComponent(".local/share/entente"))
    }

    // MARK: - Secret files

    /// Writes a secret file with mode 0600, refusing to overwrite.
    func writeSecret(_ bytes: [UInt8], to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.unreadable(path: url.path, reason: "could not create the file")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    /// Reads a 32-byte secret file, checking that only its owner can read it.
    func readSecret(_ url: URL) throws -> [UInt8] {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.keyMissing(path: path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw StoreError.insecurePermissions(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.unreadable(path: path, reason: "permission denied")
        }
        guard data.count == 32 else { throw StoreError.malformedKey(path: path) }
        return [UInt8](data)
    }
}
