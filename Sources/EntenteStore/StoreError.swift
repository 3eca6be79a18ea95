import EntenteCore
import Foundation

/// Why a replica could not be opened, read or written. Descriptions say what to do.
///
/// SQLite's own errors never leak out raw: they are wrapped in ``database(_:)`` with the
/// operation that failed.
public enum StoreError: Error, CustomStringConvertible {
    /// The replica format this build reads and writes (`meta.format`, STORE.md).
    public static let replicaFormat = Schema.format
    /// The earlier replica format whose log `entente repair` reads (its changes are of the
    /// change format this build reads, in a `changes` table with `position` and `signed`).
    public static let repairableFormat: Int64 = 3

    case replicaMissing(path: String)
    case replicaExists(path: String)
    case keyMissing(path: String)
    case insecurePermissions(path: String, mode: Int)
    case malformedKey(path: String)
    case notAReplica(path: String, reason: String)
    case foreignCollective(expected: CollectiveID, found: CollectiveID)
    case invalidChange(ChangeError)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case database(String)
    /// The folder or its database cannot be written by this user.
    case readOnly(path: String)
    /// SQLite found the file damaged: nothing is signed on top of it.
    case damaged(path: String, detail: String)
    /// The disk holding the replica is full: what was being done was rolled back whole.
    case diskFull(String)
    /// Another process holds the replica's lock: `entente repair` runs on it (`repairing`), or
    /// the replica is open elsewhere while a repair wants it alone.
    case busy(path: String, repairing: Bool)
    /// A replica made by another Entente (an earlier one, or a later one), whose format this
    /// build cannot read.
    case oldFormat(path: String, found: Int64?)

    public var description: String {
        switch self {
        case .replicaMissing(let path):
            return "no replica at \(path). Create one with `entente init --collective NAME --name ME`, or point to it with --replica DIR or ENTENTE_HOME"
        case .replicaExists(let path):
            return "a replica already exists at \(path); choose another folder with --replica DIR"
        case .keyMissing(let path):
            return "the replica's key file \(path) is missing; restore it from a backup (without it this device cannot sign changes)"
        case .insecurePermissions(let path, let mode):
            return "\(path) is readable by others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)` and try again"
        case .malformedKey(let path):
            return "the key file \(path) is damaged (wrong length); restore it from a backup"
        case .notAReplica(let path, let reason):
            return "\(path) is not a usable Entente replica: \(reason)"
        case .foreignCollective(let expected, let found):
            return "these changes belong to another collective (\(found.short)), not this replica's (\(expected.short)); nothing was imported"
        case .invalidChange(let error):
            return "\(error); nothing was imported"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .database(let reason):
            return "the replica database failed: \(reason)"
        case .readOnly(let path):
            return "the replica folder \(path) is read-only for you (SQLite needs to write beside the database even to read it); run `chmod u+w \(path)` (and its replica.sqlite), or copy the folder somewhere writable"
        case .damaged(let path, let detail):
            return "the replica file\(path.isEmpty ? "" : " " + path) is damaged (\(detail)); nothing was signed. Run `entente repair` to rebuild it from its verified changes, then `entente sync` to fetch anything lost from the others"
        case .busy(let path, let repairing):
            return repairing
                ? "busy: `entente repair` is running on the replica at \(path); wait for it to finish, then try again"
                : "busy: the replica at \(path) is open in another entente (`serve`, `board`, `meet` or a command); stop it, then run `entente repair` again"
        case .diskFull(let what):
            return "the disk holding this replica is full (\(what)); nothing was lost and nothing half-written: free some space, then run the same command again"
        case .oldFormat(let path, let found):
            if let found, found > Schema.format {
                return "the replica at \(path) was made by a later Entente (format \(found), this one reads format \(Schema.format)); update Entente to open it"
            }
            if found == Self.repairableFormat {
                return "the replica at \(path) was made by an earlier Entente (format \(Self.repairableFormat), this one reads format \(Schema.format)); its changes can be read: run `entente repair` to rebuild it in this format from them (the old file is kept beside it)"
            }
            return "the replica at \(path) was made by an earlier Entente (format \(found.map(String.init) ?? "1"), this one reads format \(Schema.format)); its changes cannot be read. Create a new replica (`entente init`, or `entente join` with an invite) and move it aside"
        }
    }
}
