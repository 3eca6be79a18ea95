import EntenteActions
import ArgumentParser
import EntenteStore
import Foundation

/// `--replica DIR`, shared by every command that works on a replica.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        tr("The replica folder (default: $ENTENTE_HOME, else the XDG data directory).",
           "Le dossier du réplica (par défaut : $ENTENTE_HOME, sinon le dossier de données XDG)."), valueName: "dir"))
    var replica: String?

    var folder: ReplicaFolder {
        if let replica { return ReplicaFolder(URL(fileURLWithPath: replica)) }
        return ReplicaFolder.defaultLocation()
    }

    func open() throws -> Replica {
        try Replica.open(self.folder)
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
    @Option(name: [.customShort("m"), .long], help: ArgumentHelp(
        tr("A note stored with the change, shown in the log (for example why you made it).",
           "Une note enregistrée avec le changement, affichée dans le journal (par exemple pourquoi vous l'avez fait)."), valueName: tr("text", "texte")))
    var message: String?

    var folder: ReplicaFolder { self.replicaOptions.folder }

    /// The replica, opened as a workspace whose changes carry the note.
    func workspace() throws -> Workspace {
        try Workspace(try self.replicaOptions.open()).noting(self.message)
    }
}
