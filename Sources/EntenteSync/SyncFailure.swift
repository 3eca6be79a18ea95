import EntenteNet
import EntenteWire

/// Why a sync, a join or a server could not do its work. Descriptions say what to do.
public enum SyncFailure: Error, CustomStringConvertible {
    /// The connection could not be opened or broke (`NetError` says how).
    case network(NetError)
    /// The peer refused us, with its reason.
    case refusedByPeer(SyncRefusal)
    /// We refused the peer, with the reason we sent it.
    case refusedPeer(SyncRefusal)
    /// The session failed (secure channel, protocol, truncated stream).
    case session(SyncError)
    /// The replica could not be read or written.
    case replica(Error)
    /// An invite could not be created or used, with the reason in English and in French.
    case invite(String, french: String)
    /// The peers file could not be read or written, or names no such peer (English, French).
    case peers(String, french: String)

    public var description: String {
        switch self {
        case .network(let error):
            return error.description
        case .refusedByPeer(let refusal):
            return "the peer refused the sync (\(refusal.code)): \(refusal.reason)" + Self.hint(refusal.code)
        case .refusedPeer(let refusal):
            return "refused the peer (\(refusal.code)): \(refusal.reason)"
        case .session(let error):
            return error.description
        case .replica(let error):
            return "\(error)"
        case .invite(let reason, _):
            return reason
        case .peers(let reason, _):
            return reason
        }
    }

    private static func hint(_ code: SyncRefusal.Code) -> String {
        switch code {
        case .notAMember: return ". Ask a member to invite you (`entente invite`), then `entente join CODE`"
        case .archivedMember: return ". You are archived or have left: if you were archived, the other members can bring you back, each with `entente member restore YOUR-NAME` on their replica"
        case .revokedDevice: return ". This device was revoked (lost or stolen): use another of your devices, or ask a member to invite you again (`entente invite --for YOUR-NAME`)"
        case .inviteRefused: return ". Ask for a new invite code"
        case .busy: return ". Try again in a moment"
        default: return ""
        }
    }
}
