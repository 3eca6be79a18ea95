import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

/// Exchanging changes through relay folders: folders that an engine members already run
/// (Syncthing, Nextcloud, a shared drive) keeps in step between them.
public enum RelayActions {
    /// One pass over every relay folder of `replica`, in words, one line a folder (none
    /// when the replica has no relay folder).
    public static func exchange(_ replica: Replica, now: Date = Date()) -> [Phrase] {
        RelayFolders(replica: replica).exchange(now: now).compactMap { folder, result in self.line(folder, result) }
    }

    /// A pass in words: what was imported and written, and each file refused. With `quiet`,
    /// nothing for a pass that did nothing.
    public static func line(_ folder: String, _ result: Result<RelayReport, Error>, quiet: Bool = false) -> Phrase? {
        switch result {
        case .failure(let error):
            return Phrase("relay folder \(folder): \(error)", fr: "dossier relais \(folder) : \(self.french(error))")
        case .success(let report):
            if quiet && report.filesImported == 0 && report.refused.isEmpty && report.written == nil && report.compacted == 0 && report.caughtUp == 0 { return nil }
            var english = "relay folder \(folder): "
            var french = "dossier relais \(folder) : "
            english += "read \(English.count(report.filesImported, "file", "files")) (\(English.count(report.changesApplied, "new change", "new changes")))"
            french += "\(French.count(report.filesImported, "fichier lu", "fichiers lus")) (\(French.count(report.changesApplied, "nouveau changement", "nouveaux changements")))"
            if report.written != nil {
                english += ", wrote \(English.count(report.changesWritten, "change", "changes"))"
                french += ", \(French.count(report.changesWritten, "changement écrit", "changements écrits"))"
            } else if !quiet {
                english += ", nothing to write"
                french += ", rien à écrire"
            }
            if report.caughtUp > 0 {
                english += ", wrote \(English.count(report.caughtUp, "change", "changes")) again for a member who lacked them"
                french += ", \(French.count(report.caughtUp, "changement réécrit", "changements réécrits")) pour un membre à qui ils manquaient"
            }
            if report.compacted > 0 {
                english += ", removed \(English.count(report.compacted, "file", "files")) everyone holds"
                french += ", \(French.count(report.compacted, "fichier retiré", "fichiers retirés")) que tous ont reçus"
            }
            if report.deferred > 0 {
                english += ", \(report.deferred) more next time"
                french += ", \(report.deferred) de plus la prochaine fois"
            }
            for refusal in report.refused {
                english += "\n  refused \(refusal.file): \(self.reason(refusal.reason).english)"
                french += "\n  refusé \(refusal.file) : \(self.reason(refusal.reason).french)"
            }
            return Phrase(english, fr: french)
        }
    }

    /// What needs a look in the relay folders, for `status`: a folder that has never brought
    /// anything from another member (it may not be shared), files refused in the last week.
    public static func warnings(_ replica: Replica, now: Date = Date()) -> [Phrase] {
        guard let folders = try? RelayFolders(replica: replica).list() else { return [] }
        var lines: [Phrase] = []
        for folder in folders {
            if folder.lastArrival == nil, folder.lastWrite != nil {
                lines.append(Phrase("relay folder \(folder.path): nothing from another member has arrived yet; check that the folder is shared with them",
                                    fr: "dossier relais \(folder.path) : rien n'est encore arrivé d'un autre membre ; vérifiez que le dossier est bien partagé avec eux"))
            }
            let recent = folder.refusals.filter { now.timeIntervalSince1970 - $0.at < 7 * 86_400 }
            if !recent.isEmpty {
                lines.append(Phrase("relay folder \(folder.path): \(English.count(recent.count, "file", "files")) refused this week; see `entente relay list`",
                                    fr: "dossier relais \(folder.path) : \(French.count(recent.count, "fichier refusé", "fichiers refusés")) cette semaine ; voyez `entente relay list`"))
            }
        }
        return lines
    }

    /// How recent a file from another member must be for a folder to look shared.
    public static let sharedWithinDays = 14

    /// Whether `folder` looks shared: a file from another member arrived lately.
    public static func check(_ folder: RelayFolders.Folder, now: Date = Date()) -> (shared: Bool, phrase: Phrase) {
        guard let arrival = folder.lastArrival else {
            return (false, Phrase("\(folder.path): nothing from another member has arrived here yet. Check that your sync engine shares this folder with them, and that they added it with `entente relay add`.",
                                  fr: "\(folder.path) : rien n'est encore arrivé ici d'un autre membre. Vérifiez que votre outil de synchronisation partage ce dossier avec eux, et qu'ils l'ont ajouté avec `entente relay add`."))
        }
        let when = Phrase(Formatting.time(seconds: arrival, language: .english), fr: Formatting.time(seconds: arrival, language: .french))
        // The time comes from a local file: a damaged value must not trap the conversion.
        let days = Int(exactly: ((now.timeIntervalSince1970 - arrival) / 86_400).rounded(.down)) ?? 0
        if days > self.sharedWithinDays {
            return (false, Phrase("\(folder.path): the last file from another member arrived on \(when.english), \(days) days ago: is the folder still shared?",
                                  fr: "\(folder.path) : le dernier fichier d'un autre membre est arrivé le \(when.french), il y a \(days) jours : le dossier est-il toujours partagé ?"))
        }
        return (true, Phrase("\(folder.path): shared; the last file from another member arrived on \(when.english).",
                             fr: "\(folder.path) : partagé ; le dernier fichier d'un autre membre est arrivé le \(when.french)."))
    }

    /// Why a relay file was refused, for people.
    public static func reason(_ reason: RelayRefusal.Reason) -> Phrase {
        switch reason {
        case .tooLarge: Phrase("too large", fr: "trop gros")
        case .damaged: Phrase("damaged (its bytes do not match its name)", fr: "abîmé (son contenu ne correspond pas à son nom)")
        case .notABundle: Phrase("not an Entente relay file", fr: "pas un fichier relais d'Entente")
        case .foreign: Phrase("from another collective", fr: "d'un autre collectif")
        case .sealed: Phrase("it does not open with this collective's secrets (damaged, or sealed after a renewal this replica has not received: sync with a member)",
                             fr: "il ne s'ouvre avec aucun secret de ce collectif (abîmé, ou scellé après un renouvellement que ce réplica n'a pas encore reçu : synchronisez-vous avec un membre)")
        case .invalidChange: Phrase("a change in it is not validly signed", fr: "un changement qu'il contient n'est pas valablement signé")
        case .unreadable: Phrase("unreadable", fr: "illisible")
        case .revoked: Phrase("written by a revoked device (lost or stolen)", fr: "écrit par un appareil révoqué (perdu ou volé)")
        case .archived: Phrase("written by a member the collective archived", fr: "écrit par un membre que le collectif a archivé")
        }
    }

    static func french(_ error: Error) -> String {
        if let relay = error as? RelayError { return relay.french }
        if let store = error as? StoreError { return store.phrase.french }
        return "\(error)"
    }

    /// `error` in both languages, when it is a relay folder's.
    public static func phrase(_ error: Error) -> Phrase? {
        (error as? RelayError).map { Phrase($0.description, fr: $0.french) }
    }

    // MARK: - The relay folders of a replica (`entente relay add/list/remove`)

    /// Uses `directory` as a relay folder of `replica` and exchanges through it at once.
    /// - Returns: the folder, and what the first exchange did (nil when it did nothing).
    /// - Throws: ``ActionError`` (not a folder, the replica's own folder, one too many), the
    ///   store's errors.
    public static func add(_ directory: String, to replica: Replica) throws -> (folder: RelayFolders.Folder, exchanged: Phrase?) {
        let folders = RelayFolders(replica: replica)
        let folder = try self.told { try folders.add(directory) }
        return (folder, self.line(folder.path, Result { try folders.exchange(folder.path) }))
    }

    /// The relay folders of `replica`, with their last exchanges.
    /// - Throws: ``ActionError`` when the relay state file is damaged or unreadable.
    public static func folders(of replica: Replica) throws -> [RelayFolders.Folder] {
        try self.told { try RelayFolders(replica: replica).list() }
    }

    /// Stops using `directory` as a relay folder (its files stay).
    /// - Throws: ``ActionError`` when it is not one of the replica's relay folders.
    public static func remove(_ directory: String, from replica: Replica) throws {
        try self.told { try RelayFolders(replica: replica).remove(directory) }
    }

    /// Runs `body`, a ``RelayError`` told in both languages.
    static func told<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let phrase = self.phrase(error) { throw ActionError(phrase) }
            throw error
        }
    }
}
