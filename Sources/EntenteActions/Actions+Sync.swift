import EntenteCore
import EntenteNet
import EntenteStore
import EntenteSync
import Foundation
import Logging

/// Exchanging changes with the collective: with the known peers, or in a meeting.
public enum SyncActions {
    /// One peer's result.
    public struct PeerResult: Sendable {
        public var name: String
        public var endpoint: String
        public var summary: SyncSummary?
        /// Why the sync failed, in each language.
        public var failure: Phrase?
    }

    /// The peers to sync with: `peer` (a known name or HOST:PORT), or every known peer.
    /// None when there is no known peer but a relay folder (``RelayActions``) carries the changes.
    public static func targets(_ replica: Replica, peer: String?) throws -> [(String, TCPEndpoint)] {
        let peers = PeerStore(folder: replica.folder)
        if let peer { return [(peer, try peers.endpoint(for: peer))] }
        let targets = try peers.list().map { ($0.name, try peers.endpoint(for: $0.name)) }
        guard !targets.isEmpty || !((try? RelayFolders(replica: replica).list()) ?? []).isEmpty else {
            throw ActionError(Phrase(
                "no known peers; give HOST:PORT, or add one with `entente peer add NAME HOST:PORT`",
                fr: "aucun pair connu ; donnez HÔTE:PORT, ou ajoutez-en un avec `entente peer add NOM HÔTE:PORT`"))
        }
        return targets
    }

    /// Remembers the peer `name` at `address`. A name that names a member, as people type it
    /// ("chloe", "bruno m"), is kept as the member's own name, so `entente sync Chloé` and the
    /// members view find it; any other name (a device, a place) is kept as typed.
    /// - Returns: the name kept, and whether it is a member's.
    @discardableResult
    public static func addPeer(_ replica: Replica, name: String, address: String) throws -> (name: String, isMember: Bool) {
        let typed = name.trimmingCharacters(in: .whitespaces)
        let member = (try? Workspace(replica)).flatMap { try? $0.member(typed) }
        let kept = member?.name ?? typed
        try PeerStore(folder: replica.folder).add(name: kept, address: address)
        return (kept, member != nil)
    }

    /// Syncs with each target in turn; a peer that fails does not stop the others.
    public static func sync(_ replica: Replica, with targets: [(String, TCPEndpoint)], timeout: TimeInterval = SyncNetLimits.idleTimeout,
                            logger: Logger, progress: ((SyncProgress) -> Void)? = nil) -> [PeerResult] {
        targets.map { name, endpoint in
            do {
                let summary = try SyncClient.sync(replica: replica, with: endpoint, idleTimeout: timeout, logger: logger, progress: progress)
                return PeerResult(name: name, endpoint: "\(endpoint)", summary: summary)
            } catch {
                let failure = (error as? SyncFailure)?.phrase(peer: "\(endpoint)") ?? Phrase("\(error)", fr: "\(error)")
                return PeerResult(name: name, endpoint: "\(endpoint)", failure: failure)
            }
        }
    }

    /// The results in words, one line a peer.
    public static func summary(_ results: [PeerResult]) -> Phrase {
        let english = results.map { result in
            result.summary.map(\.line) ?? "sync with \(result.name) (\(result.endpoint)) failed: \(result.failure?.english ?? "?")"
        }
        let french = results.map { result in
            guard let summary = result.summary else {
                return "la synchronisation avec \(result.name) (\(result.endpoint)) a échoué : \(result.failure?.french ?? "?")"
            }
            return "synchronisé avec \(summary.peer) (\(summary.address)) : \(French.count(summary.changesSent, "changement envoyé", "changements envoyés")), \(French.count(summary.changesReceived, "reçu", "reçus")) (\(French.count(summary.applied, "nouveau", "nouveaux")))"
        }
        return Phrase(english.joined(separator: "\n"), fr: french.joined(separator: "\n"))
    }

    /// Meets the collective on the LAN for at most `seconds`: announces, finds the members
    /// present and syncs with them until every present replica holds the same state.
    /// `bind` is the address the meeting's sync server listens on (every address by default).
    public static func meet(_ replica: Replica, discovery: DiscoveryConfiguration, seconds: TimeInterval, bind: String = "::", logger: Logger) throws -> Phrase {
        let meeting = MeetingSession(replica: replica, discovery: discovery,
                                     bounds: MeetingBounds(duration: seconds, untilConverged: true, settle: 1), bind: bind, logger: logger)
        defer { meeting.close() }
        let outcome = try meeting.run { _ in }
        guard !outcome.attendees.isEmpty else {
            return Phrase("No other member was found on the network within \(Int(seconds)) s.",
                          fr: "Aucun autre membre n'a été trouvé sur le réseau en \(Int(seconds)) s.")
        }
        let names = outcome.attendees.map(\.name).joined(separator: ", ")
        return outcome.converged
            ? Phrase("Met \(names): every replica present now holds the same state.", fr: "Rencontre avec \(names) : chaque réplica présent a maintenant le même état.")
            : Phrase("Met \(names), but the replicas did not converge in time; try again.", fr: "Rencontre avec \(names), mais les réplicas n'ont pas convergé à temps ; réessayez.")
    }
}
