import EntenteActions
import ArgumentParser
import EntenteStore
import Foundation

/// `--replica DIR`, shared by every command that works on a replica.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The replica folder (default: $ENTENTE_HOME, else the XDG data directory).", valueName: "dir"))
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
    @Flag(name: .long, help: "Print JSON (a documented, stable shape) instead of text.")
    var json = false
}
