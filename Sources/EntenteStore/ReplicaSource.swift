import EntenteCore
import Foundation
import GRDB

/// Another replica's database, opened only to read its changes (`entente merge FOLDER`).
struct ReplicaSource {
    let pool: DatabasePool
    let collective: CollectiveID
    /// Held shared while reading: a repair of that folder waits for the merge, and back.
    let lock: ReplicaLock

    /// The changes a replica summarised by `summary` lacks.
    func changes(missingFrom summary: HistorySummary) throws -> [SignedChange] {
        try Replica.wrap("reading the other replica's changes") {
            try self.pool.read { try Replica.loadChanges($0, missingFrom: summary) }
        }
    }
}

/// Another member's replica folder as a source to join from: its collective, its secret and
/// its changes.
public struct JoinSource {
    public let collective: CollectiveID
    public let secret: [UInt8]
    let source: ReplicaSource

    public func changes() throws -> [SignedChange] {
        try self.source.changes(missingFrom: HistorySummary())
    }
}

extension Replica {
    /// Opens another member's replica folder to join its collective (`entente init --from`).
    public static func openSource(_ folder: ReplicaFolder) throws -> JoinSource {
        guard folder.exists else { throw StoreError.replicaMissing(path: folder.url.path) }
        let source = try Self.openReadOnly(folder)
        return JoinSource(collective: source.collective, secret: try folder.readSecret(folder.collectiveSecret), source: source)
    }
}
