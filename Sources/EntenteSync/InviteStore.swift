import Crypto
import EntenteCore
import EntenteLocking
import EntenteStore
import EntenteWire
import Foundation

/// The invites a member issued, in `invites.json` in the replica folder (mode 0600).
///
/// Each invite keeps the psk of its join handshake (derived from the invite's key, never the
/// collective secret) while it is open, and a SHA-256 of its token. An invite is single-use:
/// `redeem` marks it used by the newcomer's key before the newcomer is admitted. Until the
/// invite expires, the same newcomer (the same key) may run the join again to finish it, for
/// example after an interrupted first run (SYNC.md §7); anyone else is refused. Once revoked or
/// expired its psk is no longer accepted, so a leaked code opens nothing.
public final class InviteStore: Sendable {
    public static let fileName = "invites.json"

    /// One invite, as `entente invite list` shows it.
    public struct Entry: Codable, Equatable, Sendable {
        public var tokenHash: String
        /// The join handshake's psk (hex), dropped once the invite is closed.
        public var psk: String?
        public var created: UInt64
        public var expires: UInt64
        public var usedAt: UInt64?
        public var usedBy: String?
        /// The author key (hex) of the newcomer who used it: only they may resume the join.
        public var usedKey: String?
        public var revokedAt: UInt64?
        /// The member record the newcomer claims (an invite made with `--for NAME`), hex.
        public var member: String?

        /// A short id to name it in `entente invite revoke`.
        public var id: String { String(self.tokenHash.prefix(8)) }

        public func isOpen(at now: UInt64) -> Bool { self.usedAt == nil && self.revokedAt == nil && self.expires >= now }

        /// Open, or used by a newcomer who may still resume their join.
        public func acceptsJoins(at now: UInt64) -> Bool {
            self.revokedAt == nil && self.expires >= now && (self.usedAt == nil || self.usedKey != nil)
        }
    }

    struct File: Codable {
        var invites: [Entry] = []
    }

    public let url: URL
    /// Held for every read and read-modify-write of the file.
    private let lock = Lock()
    private let clock = LockedValue<@Sendable () -> UInt64>({ UInt64(Date().timeIntervalSince1970) })
    /// Unix seconds; replaceable in tests.
    var now: @Sendable () -> UInt64 {
        get { self.clock.withLock { $0 } }
        set { self.clock.withLock { $0 = newValue } }
    }

    public init(folder: ReplicaFolder) {
        self.url = folder.url.appendingPathComponent(Self.fileName)
    }

    /// Issues a new invite valid for `lifetime` seconds; returns its key (for the code).
    public func issue(collective: CollectiveID, lifetime: TimeInterval, for member: RecordID? = nil) throws -> (key: [UInt8], expires: UInt64) {
        let key = InviteCode.randomKey()
        let now = self.now()
        let expires = now + UInt64(max(1, min(lifetime.rounded(), 365 * 86_400)))
        let code = InviteCode(collective: collective, key: key, expires: expires, host: "-", port: 0)
        try self.update { file in
            file.invites.removeAll { $0.expires < now && $0.usedAt == nil }  // forget stale invites
            file.invites.append(Entry(tokenHash: Self.hash(code.token), psk: Hex.encode(code.psk), created: now, expires: expires, member: member?.hex))
        }
        return (key, expires)
    }

    /// The open invites, in file order.
    public func openInvites() throws -> [Entry] {
        let now = self.now()
        return try self.read().invites.filter { $0.isOpen(at: now) && $0.psk != nil }
    }

    /// The invites whose handshake key is accepted, in file order (the order of
    /// `SyncSession.Configuration.invitePSKs`): the open ones, and the used ones whose
    /// newcomer may resume their join until the invite expires.
    public func joinableInvites() throws -> [Entry] {
        let now = self.now()
        return try self.read().invites.filter { $0.acceptsJoins(at: now) && $0.psk != nil }
    }

    /// Every invite, newest first.
    public func list() throws -> [Entry] { try self.read().invites.reversed() }

    /// Revokes the invite whose id starts with `prefix`.
    /// - Throws: `InviteStoreError` when none or several match, or it is already closed.
    @discardableResult
    public func revoke(_ prefix: String) throws -> Entry {
        let wanted = prefix.lowercased()
        var revoked: Entry?
        try self.update { file in
            let matches = file.invites.indices.filter { file.invites[$0].tokenHash.hasPrefix(wanted) }
            guard wanted.count >= 4, matches.count == 1, let index = matches.first else {
                throw matches.count > 1 ? InviteStoreError.ambiguous(prefix) : InviteStoreError.noSuchInvite(prefix)
            }
            if let used = file.invites[index].usedAt { throw InviteStoreError.used(by: file.invites[index].usedBy ?? "someone", at: used) }
            guard file.invites[index].revokedAt == nil else { throw InviteStoreError.revoked }
            file.invites[index].revokedAt = self.now()
            file.invites[index].psk = nil
            revoked = file.invites[index]
        }
        guard let revoked else { throw InviteStoreError.noSuchInvite(prefix) }
        return revoked
    }

    /// Marks `token` used by `name` with author key `key`; returns the invite. The same key
    /// redeeming it again (a resumed join) gets the invite back unchanged.
    /// - Throws: `InviteStoreError` when it is unknown, used by another key, revoked or expired.
    @discardableResult
    public func redeem(token: [UInt8], by name: String, key: AuthorKey? = nil) throws -> Entry {
        let hash = Self.hash(token)
        let now = self.now()
        var redeemed: Entry?
        try self.update { file in
            guard let index = file.invites.firstIndex(where: { $0.tokenHash == hash }) else { throw InviteStoreError.unknown }
            guard file.invites[index].revokedAt == nil else { throw InviteStoreError.revoked }
            guard file.invites[index].expires >= now else { throw InviteStoreError.expired(at: file.invites[index].expires) }
            if let used = file.invites[index].usedAt {
                guard let key, file.invites[index].usedKey == key.hex else {
                    throw InviteStoreError.used(by: file.invites[index].usedBy ?? "someone", at: used)
                }
                redeemed = file.invites[index]
                return
            }
            file.invites[index].usedAt = now
            file.invites[index].usedBy = name
            file.invites[index].usedKey = key?.hex
            if key == nil { file.invites[index].psk = nil }
            redeemed = file.invites[index]
        }
        guard let redeemed else { throw InviteStoreError.unknown }
        return redeemed
    }

    static func hash(_ token: [UInt8]) -> String { Hex.encode(SHA256Digest.hash(token)) }

    /// What changes whenever the file is written (it is replaced by a rename): its inode,
    /// size and modification time, or "" when it does not exist.
    public var stamp: String {
        var info = stat()
        guard stat(self.url.path, &info) == 0 else { return "" }
        return "\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    private func read() throws -> File {
        try self.lock.withLock { try self.load() }
    }

    private func load() throws -> File {
        guard let data = FileManager.default.contents(atPath: self.url.path) else { return File() }
        do {
            return try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw InviteStoreError.unreadable(path: self.url.path, reason: "\(error)")
        }
    }

    private func update(_ body: (inout File) throws -> Void) throws {
        try self.lock.withLock { try self.save(body) }
    }

    private func save(_ body: (inout File) throws -> Void) throws {
        var file = try self.load()
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
    case revoked
    case noSuchInvite(String)
    case ambiguous(String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknown:
            return "this invite code was not issued by this replica (or was issued for another collective); ask for a new code"
        case .used(let name, _):
            return "this invite code was already used (by \(name)); each code admits one person, ask for a new one"
        case .expired(let time):
            let date = Date(timeIntervalSince1970: TimeInterval(time)).formatted(
                Date.FormatStyle(date: .abbreviated, time: .shortened).locale(Locale(identifier: "en_US_POSIX")))
            return "this invite code expired on \(date); ask for a new one"
        case .revoked:
            return "this invite was revoked; ask for a new one"
        case .noSuchInvite(let prefix):
            return "no invite has an id starting with '\(prefix)' (give 4 or more characters); list them with `entente invite list`"
        case .ambiguous(let prefix):
            return "several invites have an id starting with '\(prefix)'; give more characters (see `entente invite list`)"
        case .unreadable(let path, let reason):
            return "cannot use \(path): \(reason)"
        }
    }

    /// The same in French.
    public var french: String {
        switch self {
        case .unknown:
            return "ce code d'invitation n'a pas été créé par ce réplica (ou l'a été pour un autre collectif) ; demandez un nouveau code"
        case .used(let name, _):
            return "ce code d'invitation a déjà servi (à \(name)) ; chaque code admet une personne, demandez-en un nouveau"
        case .expired(let time):
            let date = Date(timeIntervalSince1970: TimeInterval(time)).formatted(
                Date.FormatStyle(date: .abbreviated, time: .shortened).locale(Locale(identifier: "fr_FR")))
            return "ce code d'invitation a expiré le \(date) ; demandez-en un nouveau"
        case .revoked:
            return "cette invitation a été révoquée ; demandez-en une nouvelle"
        case .noSuchInvite(let prefix):
            return "aucune invitation n'a d'identifiant commençant par « \(prefix) » (donnez 4 caractères ou plus) ; voyez-les avec `entente invite list`"
        case .ambiguous(let prefix):
            return "plusieurs invitations ont un identifiant commençant par « \(prefix) » ; donnez plus de caractères (voyez `entente invite list`)"
        case .unreadable(let path, let reason):
            return "impossible d'utiliser \(path) : \(reason)"
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
