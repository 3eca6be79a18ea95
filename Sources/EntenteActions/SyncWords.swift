import EntenteCore
import EntenteNet
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation

extension SyncFailure {
    /// The failure in each language. The English is ``description``; the French says the same
    /// for the failures people meet (nothing listening, no answer, busy, another collective,
    /// not a member, a cut connection); a peer's own reason is quoted as the peer gave it, and
    /// details from the system stay as they were given. `peer` names the address tried.
    public func phrase(peer: String? = nil) -> Phrase {
        let at = peer.map { " \($0)" } ?? ""
        let french: String
        switch self {
        case .network(let error):
            switch error.kind {
            case .connectionRefused:
                french = "rien n'écoute à l'adresse\(at) (connexion refusée) : `entente serve` tourne-t-il là-bas ?"
            case .timedOut:
                french = "pas de réponse à temps de\(at.isEmpty ? " ce pair" : at) : l'adresse est-elle juste, et ce pair est-il joignable sur ce réseau ? (\(error.message))"
            case .resolutionFailed:
                french = "adresse introuvable : vérifiez le nom de la machine (\(error.message))"
            case .malformedAddress:
                french = "adresse mal écrite : donnez HÔTE:PORT, par exemple 192.168.1.20:7420 (\(error.message))"
            case .connectFailed:
                french = "impossible de joindre\(at.isEmpty ? " le pair" : at) : cette machine est-elle sur le même réseau que lui ? (\(error.message))"
            case .peerClosed:
                french = "le pair a fermé la connexion ; ce qui est arrivé est gardé, relancez la synchronisation pour reprendre"
            default:
                french = "erreur réseau : \(error.message)"
            }
        case .refusedByPeer(let refusal):
            french = "le pair a refusé la synchronisation (\(Self.french(refusal.code))) : « \(refusal.reason) »" + Self.frenchHint(refusal.code)
        case .refusedPeer(let refusal):
            french = "ce réplica a refusé le pair (\(Self.french(refusal.code))) : \(refusal.reason)"
        case .session(let error):
            switch error.kind {
            case .channel where error.detail.hasPrefix(SyncError.closedDuringHandshake):
                french = "le pair a fermé la connexion pendant la poignée de main : il est peut-être occupé (réessayez dans un instant), les secrets du collectif diffèrent peut-être (vérifiez que les deux réplicas sont du même collectif), ou ce n'est pas un serveur Entente"
            case .channel:
                french = "le canal sécurisé a échoué (mauvais secret du collectif, données altérées, ou pas un pair Entente) : \(error.detail)"
            case .truncated where error.detail.hasPrefix("nothing arrived for "):
                let seconds = error.detail.firstMatch(of: #/nothing arrived for ([0-9.]+ s)/#).map { String($0.1).replacingOccurrences(of: ".", with: ",") } ?? "?"
                french = "rien n'est arrivé du pair depuis \(seconds) : le pair ou le réseau est lent, ou le pair est figé ; ce qui est arrivé est gardé. Relancez la synchronisation (un --timeout plus grand attend plus longtemps)"
            case .truncated:
                french = "la connexion s'est terminée avant la fin de la synchronisation ; ce qui est arrivé est gardé, relancez-la pour reprendre"
            case .protocolViolation:
                french = "le pair n'a pas respecté le protocole de synchronisation : \(error.detail)"
            case .refusedPeer where error.detail.contains(SyncRefusal.foreignIdentity):
                french = "ce pair n'est pas de ce collectif : son identité n'est pas signée pour lui (il sert un autre collectif, ou son identité est falsifiée)"
            case .refusedPeer:
                french = "ce réplica a refusé le pair : \(error.detail)"
            default:
                french = error.description
            }
        case .replica(let error):
            if let store = error as? StoreError { return store.phrase }
            if let merge = error as? MergeError { return merge.phrase }
            french = "\(error)"
        case .invite(_, let reason):
            french = reason
        case .peers(_, let reason):
            french = reason
        }
        return Phrase(self.description, fr: french)
    }

    static func french(_ code: SyncRefusal.Code) -> String {
        switch code {
        case .notAMember: return "pas membre"
        case .archivedMember: return "membre archivé"
        case .invalidChange: return "changement invalide"
        case .protocolViolation: return "protocole non respecté"
        case .inviteRefused: return "invitation refusée"
        case .busy: return "occupé"
        case .internalError: return "erreur interne"
        case .shuttingDown: return "arrêt en cours"
        case .timedOut: return "délai dépassé"
        case .revokedDevice: return "appareil révoqué"
        default: return "code \(code.rawValue)"
        }
    }

    static func frenchHint(_ code: SyncRefusal.Code) -> String {
        switch code {
        case .notAMember: return ". Demandez à un membre de vous inviter (`entente invite`), puis `entente join CODE`"
        case .archivedMember: return ". Vous êtes archivé·e ou êtes parti·e : si vous avez été archivé·e, les autres membres peuvent vous faire revenir, chacun avec `entente member restore VOTRE-NOM` sur son réplica"
        case .revokedDevice: return ". Cet appareil a été révoqué (perdu ou volé) : utilisez un autre de vos appareils, ou demandez à un membre de vous inviter à nouveau (`entente invite --for VOTRE-NOM`)"
        case .inviteRefused: return ". Demandez un nouveau code d'invitation"
        case .busy: return ". Réessayez dans un instant"
        default: return ""
        }
    }
}
