import EntenteActions
import ArgumentParser
import EntenteStore
import EntenteSync

extension EntenteCommand {
    struct PeerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "peer",
            abstract: tr("Remember the addresses of the peers this replica syncs with.",
                         "Retenir les adresses des pairs avec lesquels ce réplica se synchronise."),
            subcommands: [Add.self, List.self, Remove.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.PeerCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("Add (or update) a peer.", "Ajouter (ou mettre à jour) un pair."),
            discussion: tr("Example: entente peer add bob 192.168.1.20:7420", "Exemple : entente peer add bob 192.168.1.20:7420"))
        @Argument(help: ArgumentHelp(tr("A short name for the peer.", "Un nom court pour le pair."))) var name: String
        @Argument(help: ArgumentHelp(tr("Where it serves: HOST:PORT.",
                                        "Où il sert : HOST:PORT."), valueName: "address")) var address: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try PeerStore(folder: self.options.folder).add(name: self.name, address: self.address)
            print(tr("Added peer \(self.name) at \(self.address).", "Pair \(self.name) ajouté (\(self.address))."))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("List the known peers.", "Lister les pairs connus."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let peers = try PeerStore(folder: self.options.folder).list()
            if self.output.json {
                print(try JSONOutput.render(peers))
                return
            }
            guard !peers.isEmpty else {
                print(tr("No peers yet. Add one with `entente peer add NAME HOST:PORT`.",
                         "Aucun pair pour l'instant. Ajoutez-en un avec `entente peer add NAME HOST:PORT`."))
                return
            }
            var table = Table(tr("NAME", "NOM"), tr("ADDRESS", "ADRESSE"))
            for peer in peers { table.add(peer.name, peer.address) }
            print(table.render())
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Forget a peer.", "Oublier un pair."))
        @Argument(help: ArgumentHelp(tr("The peer's name.", "Le nom du pair."))) var name: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try PeerStore(folder: self.options.folder).remove(name: self.name)
            print(tr("Removed peer \(self.name).", "Pair \(self.name) oublié."))
        }
    }
}
