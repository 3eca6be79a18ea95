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
