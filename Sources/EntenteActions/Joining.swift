import EntenteCore
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation
import Logging

/// What joining a collective did: the new replica, the first sync, and what the home says now.
public struct JoinOutcome {
    public var replica: Replica
    public var summary: SyncSummary
    /// When the replica went into the home: the collective's name, and how many collectives
    /// the person now belongs to (it became the current one).
    public var adopted: (name: String, count: Int)?
}

/// Joining a collective with an invite code (`entente join`): one place that decides where the
/// replica goes, finishes an interrupted join, and names the inviter as a peer.
public enum Joining {
    /// Joins with `code` as `name`, into `replicaPath` (as typed) or else the home.
    /// - Throws: ``ActionError`` for a code that does not read, or a replica of this collective
    ///   that already holds changes there (what to run to finish is said); the sync's errors.
    public static func join(code: String, name: String, replicaPath: String?, home: EntenteHome = .defaultLocation(),
                            logger: Logger = .quiet("entente.join")) throws -> JoinOutcome {
        let invite: InviteCode
        do {
            invite = try InviteCode(text: code)
        } catch {
            throw ActionError(Phrase("\(error)", fr: "\(error)"))
        }
        // A folder left by an interrupted join with the same code is resumed. Without a path,
        // the replica goes into the home, named after the collective's id (its name is not in
        // the code).
        let folder = replicaPath.map { ReplicaFolder(URL(fileURLWithPath: $0)) }
            ?? ReplicaFolder(home.collectivesFolder.appendingPathComponent("collective-" + String(invite.collective.hex.prefix(8)), isDirectory: true))
        if replicaPath == nil {
            try FileManager.default.createDirectory(at: home.collectivesFolder, withIntermediateDirectories: true)
        }
        let replica: Replica, summary: SyncSummary
        do {
            (replica, summary) = try SyncClient.join(invite: invite, name: name, folder: folder, logger: logger)
        } catch SyncFailure.replica(StoreError.replicaExists) {
            throw self.alreadyJoined(folder, invite, replicaPath: replicaPath) ?? SyncFailure.replica(StoreError.replicaExists(path: folder.url.path))
        }
        // The peer is named after the member who invited (their name as the collective knows
        // it), so `entente sync Alice` works; "inviter" when that name cannot be a peer's.
        let address = "\(self.display(invite.host)):\(invite.port)"
        let peers = PeerStore(folder: replica.folder)
        if (try? peers.add(name: TerminalText.oneLine(summary.peer), address: address)) == nil {
            try? peers.add(name: "inviter", address: address)
        }
        let adopted = replicaPath == nil ? CollectiveChoice.adopt(folder, home: home) : nil
        return JoinOutcome(replica: replica, summary: summary, adopted: adopted)
    }

    /// When `folder` already is this collective's replica with changes received (the join
    /// went through; only its first sync may have been cut): what to run to finish.
    static func alreadyJoined(_ folder: ReplicaFolder, _ invite: InviteCode, replicaPath: String?) -> ActionError? {
        guard let held = try? Replica.open(folder), held.collective == invite.collective,
              let count = try? held.changeCount(), count > 0 else { return nil }
        try? held.close()
        let address = "\(self.display(invite.host)):\(invite.port)"
        let replica = replicaPath.map { " --replica '\($0.replacingOccurrences(of: "'", with: "'\\''"))'" } ?? ""
        let path = folder.url.path
        return ActionError(Phrase(
            "a replica of this collective already exists at \(path), with \(count) change(s): you joined already. To finish, sync with the inviter: `entente sync \(address)\(replica)`",
            fr: "un réplica de ce collectif existe déjà dans \(path), avec \(French.count(count, "changement", "changements")) : vous l'avez déjà rejoint. Pour terminer, synchronisez-vous avec la personne qui vous a invité : `entente sync \(address)\(replica)`"))
    }

    /// A host as typed in an address: an IPv6 one in brackets.
    static func display(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
