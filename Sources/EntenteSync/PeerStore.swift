import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import Foundation

/// The peers this replica syncs with, by name, in `peers.json` in the replica folder (0600).
public final class PeerStore: Sendable {
    public static let fileName = "peers.json"
    /// The most peers a replica remembers.
    public static let maximumPeers = 256

    public struct Peer: Codable, Equatable, Sendable {
        public var name: String
        /// `host:port`, `[v6]:port` or `host` (default port).
        public var address: String
    }

    struct File: Codable, Equatable {
        var peers: [Peer] = []
    }

    public let url: URL
    /// Held for every read-modify-write of the file (two threads of one process never
    /// interleave theirs; other processes are kept apart by ``JSONStateFile``).
    private let lock = Lock()

    public init(folder: ReplicaFolder) {
        self.url = folder.url.appendingPathComponent(Self.fileName)
    }

    public func list() throws -> [Peer] {
        try self.update { _ in }.peers
    }

    /// Adds or replaces the peer called `name`.
    public func add(name: String, address: String) throws {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(":") else {
            throw SyncFailure.peers("a peer name must be non-empty and contain no ':' (got '\(name)')",
                                    french: "le nom d'un pair ne peut être vide ni contenir « : » (reçu « \(name) »)")
        }
        do {
            _ = try TCPEndpoint(parsing: address, defaultPort: SyncNetLimits.defaultPort)
        } catch {
            throw SyncFailure.peers("'\(address)' is not an address: \(error). Use HOST:PORT, e.g. 192.168.1.20:\(SyncNetLimits.defaultPort)",
                                    french: "« \(address) » n'est pas une adresse : \(error). Donnez HÔTE:PORT, par exemple 192.168.1.20:\(SyncNetLimits.defaultPort)")
        }
        _ = try self.update { file in
            // "bruno" replaces "Bruno": names are compared the way people type them.
            file.peers.removeAll { NameMatching.same($0.name, name) }
            guard file.peers.count < Self.maximumPeers else {
                throw SyncFailure.peers("this replica already knows \(Self.maximumPeers) peers; remove some with `entente peer remove NAME`",
                                        french: "ce réplica connaît déjà \(Self.maximumPeers) pairs ; retirez-en avec `entente peer remove NOM`")
            }
            file.peers.append(Peer(name: name, address: address))
        }
    }

    /// Removes the peer called `name` (as people type it).
    public func remove(name: String) throws {
        _ = try self.update { file in
            guard file.peers.contains(where: { NameMatching.same($0.name, name) }) else {
                throw SyncFailure.peers("no peer named '\(name)'; see `entente peer list`",
                                        french: "aucun pair ne s'appelle « \(name) » ; voyez `entente peer list`")
            }
            file.peers.removeAll { NameMatching.same($0.name, name) }
        }
    }

    /// The peer called `name`: exactly, else as people type it ("chloe" is "Chloé").
    public func peer(named name: String) throws -> Peer? {
        let peers = try self.list()
        return peers.first { $0.name == name } ?? peers.first { NameMatching.same($0.name, name) }
    }

    /// A peer's endpoint, from its name or from a `HOST:PORT` address.
    public func endpoint(for nameOrAddress: String) throws -> TCPEndpoint {
        if let peer = try self.peer(named: nameOrAddress) {
            return try Self.parse(peer.address)
        }
        guard nameOrAddress.contains(":") || nameOrAddress.contains(".") else {
            throw SyncFailure.peers("no peer named '\(nameOrAddress)'; add it with `entente peer add \(nameOrAddress) HOST:PORT` or give HOST:PORT",
                                    french: "aucun pair ne s'appelle « \(nameOrAddress) » ; ajoutez-le avec `entente peer add \(nameOrAddress) HÔTE:PORT` ou donnez HÔTE:PORT")
        }
        return try Self.parse(nameOrAddress)
    }

    static func parse(_ address: String) throws -> TCPEndpoint {
        do {
            return try TCPEndpoint(parsing: address, defaultPort: SyncNetLimits.defaultPort)
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
    }

    private func update(_ body: (inout File) throws -> Void) throws -> File {
        do {
            return try self.lock.withLock { try JSONStateFile<File>(url: self.url).update(empty: File(), body) }
        } catch JSONStateFile<File>.Failure.damaged(let why) {
            throw SyncFailure.peers("\(self.url.path) is damaged (\(why)); fix or delete it",
                                    french: "\(self.url.path) est abîmé (\(why)) ; réparez-le ou supprimez-le")
        } catch JSONStateFile<File>.Failure.unwritable(let why) {
            throw SyncFailure.peers("could not write \(self.url.path) (\(why))", french: "impossible d'écrire \(self.url.path) (\(why))")
        }
    }
}
