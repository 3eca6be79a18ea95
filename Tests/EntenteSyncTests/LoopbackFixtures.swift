import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// Replicas in temporary folders, each optionally served on a loopback port.
final class LoopbackCollective {
    let directory: TemporaryDirectory
    private(set) var replicas: [String: Replica] = [:]
    private(set) var servers: [String: SyncServer] = [:]
    private(set) var ports: [String: UInt16] = [:]

    init() throws {
        self.directory = try TemporaryDirectory("entente-sync")
    }

    deinit {
        for server in self.servers.values { server.stop() }
        self.directory.remove()
    }

    func folder(_ name: String) -> ReplicaFolder {
        ReplicaFolder(self.directory.url.appendingPathComponent(name))
    }

    /// Founds the collective with `name` as its first member.
    @discardableResult
    func found(_ name: String) throws -> Replica {
        let replica = try Replica.found(self.folder(name), collective: "Atelier", founder: name)
        self.replicas[name] = replica
        return replica
    }

    @discardableResult
    func serve(_ name: String) throws -> UInt16 {
        let replica = try #require(self.replicas[name])
        let server = SyncServer(replica: replica, idleTimeout: 5)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        self.servers[name] = server
        self.ports[name] = port
        return port
    }

    /// Registers a server started by the test itself.
    func adopt(_ server: SyncServer, port: UInt16, for name: String) {
        self.servers[name] = server
        self.ports[name] = port
    }

    func endpoint(_ name: String) throws -> TCPEndpoint {
        TCPEndpoint(host: "127.0.0.1", port: try #require(self.ports[name]))
    }

    func invite(from inviter: String, lifetime: TimeInterval = 3600) throws -> InviteCode {
        let replica = try #require(self.replicas[inviter])
        let server = try #require(self.servers[inviter])
        let (key, expires) = try server.invites.issue(collective: replica.collective, lifetime: lifetime)
        return InviteCode(collective: replica.collective, key: key, expires: expires, host: "127.0.0.1", port: try #require(self.ports[inviter]))
    }

    /// `name` joins through `inviter`'s server.
    @discardableResult
    func join(_ name: String, via inviter: String) throws -> Replica {
        let code = try self.invite(from: inviter)
        let (replica, _) = try SyncClient.join(invite: code, name: name, folder: self.folder(name), idleTimeout: 5)
        self.replicas[name] = replica
        return replica
    }

    func replica(_ name: String) throws -> Replica { try #require(self.replicas[name]) }

    /// `name`'s folder copied as `copy` (a backup restored, or the replica copied to a second
    /// laptop): both hold the same device key.
    @discardableResult
    func copy(_ name: String, as copy: String) throws -> Replica {
        try self.replica(name).close()
        try FileManager.default.copyItem(at: self.folder(name).url, to: self.folder(copy).url)
        self.replicas[name] = try Replica.open(self.folder(name))
        let copied = try Replica.open(self.folder(copy))
        self.replicas[copy] = copied
        return copied
    }

    @discardableResult
    func sync(_ name: String, with other: String) throws -> SyncSummary {
        try SyncClient.sync(replica: try self.replica(name), with: try self.endpoint(other), idleTimeout: 5)
    }

    func addCommitments(_ name: String, count: Int, seed: Int = 0) throws {
        let replica = try self.replica(name)
        for index in 0..<count {
            try replica.commit(message: "\(name) commits \(seed).\(index)") { change in
                let record = change.create(RecordKind.commitment)
                change.set(record, "title", .string("\(name)'s commitment \(seed).\(index)"))
            }
        }
    }
}
