import Crypto
import EntenteCore
import EntenteStore
import EntenteWire
import Foundation

/// The invites a member issued, in `invites.json` in the replica folder (mode 0600).
///
/// Only a SHA-256 of each token is kept, so the file does not let anyone join. A token is
/// single-use: `redeem` marks it used before the newcomer is admitted.
public final class InviteStore: @unchecked Sendable {  // every access holds `lock`
    public static let fileName = "invites.json"

    struct Entry: Codable {
        var tokenHash: String
        var created: UInt64
        var expires: UInt64
        var usedAt: UInt64?
        var usedBy: String?
    }

    struct File: Codable {
        var invites: [Entry] = []
    }

    public let url: URL
    private let lock = NSLock()
    /// Unix seconds; replaceable in tests.
    var now: () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }

    public init(folder: ReplicaFolder) {
        self.url = folder.url.appendingPathComponent(Self.fileName)
    }

    /// Issues a new token valid for `lifetime` seconds.
    public func issue(lifetime: TimeInterval) throws -> (token: [UInt8], expires: UInt64) {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<HandshakePayload.tokenLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let now = self.now()
        let expires = now + UInt64(max(1, lifetime.rounded()))
        try self.update { file in
            file.invites.removeAll { $0.expires < now && $0.usedAt == nil }  // forget stale invites
            file.invites.append(Entry(tokenHash: Self.hash(token), created: now, expires: expires))
        }
        return (token, expires)
    }

    /// Marks `token` used by `name`.
    /// - Throws: `InviteStoreError` when it is unknown, used or expired.
    public func redeem(token: [UInt8], by name: String) throws {
        let hash = Self.hash(token)
        let now = self.now()
        try self.update { file in
            guard let index = file.invites.firstIndex(where: { $0.tokenHash == hash }) else { throw InviteStoreError.unknown }
            if let used = file.invites[index].usedAt { throw InviteStoreError.used(by: file.invites[index].usedBy ?? "someone", at: used) }
            guard file.invites[index].expires >= now else { throw InviteStoreError.expired(at: file.invites[index].expires) }
            file.invites[index].usedAt = now
            file.invites[index].usedBy = name
        }
    }

    static func hash(_ token: [UInt8]) -> String { Hex.encode(SHA256Digest.hash(token)) }

    private func update(_ body: (inout File) throws -> Void) throws {
        self.lock.lock()
        defer { self.lock.unlock() }
        var file = File()
        if let data = FileManager.default.contents(atPath: self.url.path) {
            do {
                file = try JSONDecoder().decode(File.self, from: data)
            } catch {
                throw InviteStoreError.unreadable(path: self.url.path, reason: "\(error)")
            }
        }
        try body(&file)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try PrivateFile.write(try encoder.encode(file), to: self.url)
        } catch {
            throw InviteStoreError.unreadable(path: self.url.path, reason: "could not write it (\(error))")
        }
    }
}

public enum InviteStoreError: Error, CustomStringConvertible, Equatable {
    case unknown
    case used(by: String, at: UInt64)
    case expired(at: UInt64)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknown:
            return "this invite code was not issued by this replica (or was issued for another collective); ask for a new code"
        case .used(let name, _):
            return "this invite code was already used (by \(name)); each code admits one person, ask for a new one"
        case .expired(let time):
            return "this invite code expired at \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time)))); ask for a new one"
        case .unreadable(let path, let reason):
            return "cannot use \(path): \(reason)"
        }
    }
}

/// Writes files only the owner can read (0600), atomically.
enum PrivateFile {
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
