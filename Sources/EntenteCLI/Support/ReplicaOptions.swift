import EntenteActions
import ArgumentParser
import EntenteStore
import Foundation

/// `--replica DIR` or `--collective NAME`, shared by every command that works on a replica.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        tr("The replica folder (default: the collective's in your Entente home, $ENTENTE_HOME, else the XDG data directory).",
           "Le dossier du réplica (par défaut : celui du collectif dans votre dossier Entente, $ENTENTE_HOME, sinon le dossier de données XDG)."), valueName: "dir"))
    var replica: String?

    @Option(name: .long, help: ArgumentHelp(
        tr("The collective to work on, by its name as you type it (default: the current one; see `entente collectives`).",
           "Le collectif sur lequel travailler, par son nom tel que vous le tapez (par défaut : le collectif courant ; voir `entente collectives`)."),
        valueName: tr("name", "nom")))
    var collective: String?

    func validate() throws {
        if self.replica != nil, self.collective != nil {
            throw ValidationError(tr("give either '--replica DIR' or '--collective NAME', not both",
                                     "donnez soit « --replica DOSSIER », soit « --collective NOM », pas les deux"))
        }
    }

    /// The folder `--replica` gives, else the one of the collective `--collective` names in
    /// the home, else the current collective's.
    func folder() throws -> ReplicaFolder {
        if let replica { return ReplicaFolder(URL(fileURLWithPath: replica)) }
        return try CollectiveChoice.folder(self.collective)
    }

    func open() throws -> Replica {
        try Replica.open(try self.folder())
    }
}

extension ReplicaOptions {
    /// What `serve` and `board` show: the replica --replica or --collective names; without
    /// them, every collective of the home (at most `limit`; one that cannot be opened is left
    /// out, and `warn` is told why).
    func everyCollective(limit: Int, home: EntenteHome = .defaultLocation(), warn: (String) -> Void) throws -> [Replica] {
        guard self.replica == nil, self.collective == nil else { return [try self.open()] }
        let entries = home.entries()
        guard entries.count > 1 else { return [try self.open()] }
        var replicas: [Replica] = []
        var firstError: Error?
        for entry in entries.prefix(limit) {
            do {
                replicas.append(try Replica.open(entry.folder))
            } catch {
                firstError = firstError ?? error
                warn(tr("not serving \(entry.name): \(error)", "\(entry.name) n'est pas servi : \(error)"))
            }
        }
        if entries.count > limit {
            warn(tr("serving the first \(limit) collectives of \(entries.count)", "seuls les \(limit) premiers collectifs sur \(entries.count) sont servis"))
        }
        guard !replicas.isEmpty else { throw firstError ?? StoreError.replicaMissing(path: home.url.path) }
        // The current collective first: the one a board shows until another is chosen.
        if let current = home.current(among: entries),
           let index = replicas.firstIndex(where: { $0.folder.url == current.folder.url }) {
            replicas.insert(replicas.remove(at: index), at: 0)
        }
        return replicas
    }
}

/// `--json`, for every read command.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: ArgumentHelp(tr("Print JSON (a documented, stable shape) instead of text.",
                                             "Afficher du JSON (une forme documentée et stable) au lieu de texte.")))
    var json = false
}

/// `--replica DIR` and `--message TEXT`, shared by every command that writes a change.
///
/// The message is only what the person typed: what the change did is told from its
/// operations when it is shown (`entente log`), in the reader's language.
struct WriteOptions: ParsableArguments {
    @OptionGroup var replicaOptions: ReplicaOptions
    @Option(name: [.customShort("m"), .long], help: WriteOptions.messageHelp)
    var message: String?

    func folder() throws -> ReplicaFolder { try self.replicaOptions.folder() }

    static var messageHelp: ArgumentHelp {
        ArgumentHelp(tr("A note stored with the change, shown in the log (for example why you made it).",
                        "Une note enregistrée avec le changement, affichée dans le journal (par exemple pourquoi vous l'avez fait)."),
                     valueName: tr("text", "texte"))
    }

    /// The replica, opened as a workspace whose changes carry the note.
    func workspace() throws -> Workspace {
        try Workspace(try self.replicaOptions.open()).noting(self.message)
    }
}

/// `--replica DIR` and `--message TEXT` for the commands that make a replica (`init`,
/// `join`): without `--replica`, the new replica goes into the Entente home.
struct NewReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        tr("The new replica's folder (default: a new folder in your Entente home, $ENTENTE_HOME, else the XDG data directory).",
           "Le dossier du nouveau réplica (par défaut : un nouveau dossier dans votre dossier Entente, $ENTENTE_HOME, sinon le dossier de données XDG)."),
        valueName: "dir"))
    var replica: String?

    @Option(name: [.customShort("m"), .long], help: WriteOptions.messageHelp)
    var message: String?
}
