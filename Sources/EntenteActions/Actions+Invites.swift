import EntenteCore
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation

/// A single-use invite this replica issued: the code to send, and where it leads.
public struct IssuedInvite: Sendable {
    public var code: InviteCode
    public var host: String
    public var port: UInt16
    /// When the code stops opening anything (seconds since 1970).
    public var expires: UInt64
    /// Whether an `entente serve` runs on this replica to answer the newcomer.
    public var isServed: Bool
}

/// Invites: codes that let one newcomer join (`Protocol/SYNC.md`, "Invites").
extension Workspace {
    /// Issues a single-use invite valid for `lifetime` seconds, for a newcomer or for
    /// `member` (a member recorded before they had a device), leading to `address` (HOST or
    /// HOST:PORT; by default the address and port this replica's `serve` uses, or this
    /// machine's LAN address).
    /// - Throws: ``ActionError`` when the member already has a device, or this device is not
    ///   a member; the address's own error when it does not parse.
    public func invite(for member: String?, lifetime: TimeInterval, address: String?) throws -> IssuedInvite {
        _ = try self.me()
        let claimed = try member.map { try self.member($0) }
        if let claimed, !claimed.liveDevices.isEmpty {
            throw ActionError(Phrase(
                "\(claimed.name) already has a device; to add another one, they run `entente device link DIR` on one of their own devices (a lost one is revoked first: `entente device revoke`)",
                fr: "\(claimed.name) a déjà un appareil ; pour en ajouter un autre, cette personne lance `entente device link DOSSIER` sur l'un de ses appareils (un appareil perdu se révoque d'abord : `entente device revoke`)"))
        }
        let folder = self.replica.folder
        let (host, port) = try Self.inviterAddress(folder, given: address)
        let (key, expires) = try InviteStore(folder: folder).issue(collective: self.replica.collective, lifetime: lifetime, for: claimed?.id)
        return IssuedInvite(code: InviteCode(collective: self.replica.collective, key: key, expires: expires, host: host, port: port),
                            host: host, port: port, expires: expires, isServed: ServeState.isServing(folder))
    }

    /// Revokes an open invite by the first characters of its id (4 or more).
    public func revokeInvite(_ id: String) throws -> Phrase {
        do {
            let entry = try InviteStore(folder: self.replica.folder).revoke(id)
            return Phrase("Revoked invite \(entry.id): its code no longer opens a session.",
                          fr: "Invitation \(entry.id) révoquée : son code n'ouvre plus de session.")
        } catch let error as InviteStoreError {
            throw ActionError(Phrase(error.description, fr: error.french))
        }
    }

    /// Where a newcomer reaches this replica's `serve`.
    static func inviterAddress(_ folder: ReplicaFolder, given address: String?) throws -> (String, UInt16) {
        let serving = ServeState.read(folder)
        let defaultPort = serving?.port ?? SyncNetLimits.defaultPort
        if let address {
            return try SyncAddress.parse(address, defaultPort: defaultPort)
        }
        if let bind = serving?.bind, !["::", "0.0.0.0", "*", ""].contains(bind) {
            return (bind, defaultPort)
        }
        return (LocalAddress.firstLANAddress() ?? "127.0.0.1", defaultPort)
    }
}
