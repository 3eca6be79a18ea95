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
            commandName: "add",
            abstract: tr("Add (or update) a peer.", "Ajouter (ou mettre à jour) un pair."),
            discussion: helpText("Example: entente peer add Bruno 192.168.1.20:7420", "Exemple : entente peer add Bruno 192.168.1.20:7420"))
        @Argument(help: ArgumentHelp(tr("A member's name (as you type it) or a short name for the peer.",
                                        "Le nom d'un membre (tel que vous le tapez) ou un nom court pour le pair."))) var name: String
        @Argument(help: ArgumentHelp(tr("Where it serves: HOST:PORT.",
                                        "Où il sert : HOST:PORT."), valueName: "address")) var address: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let replica = try self.options.open()
            let (name, isMember) = try SyncActions.addPeer(replica, name: self.name, address: self.address)
            let shown = TerminalText.oneLine(name)
            if isMember {
                let typed = shown.contains(" ") ? "\"\(shown)\"" : shown
                print(tr("Added peer \(shown) (a member) at \(self.address): `entente sync \(typed)` syncs with them.",
                         "Pair \(shown) (membre) ajouté à l'adresse \(self.address) : `entente sync \(typed)` se synchronise avec ce membre."))
            } else {
                print(tr("Added peer \(shown) at \(self.address).", "Pair \(shown) ajouté à l'adresse \(self.address)."))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the known peers.", "Lister les pairs connus."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let peers = try PeerStore(folder: try self.options.folder()).list()
            if self.output.json {
                printVerbatim(try JSONOutput.render(peers))
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
        static let configuration = CommandConfiguration(commandName: "remove", abstract: tr("Forget a peer.", "Oublier un pair."))
        @Argument(help: ArgumentHelp(tr("The peer's name.", "Le nom du pair."))) var name: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try PeerStore(folder: try self.options.folder()).remove(name: self.name)
            print(tr("Removed peer \(self.name).", "Pair \(self.name) oublié."))
        }
    }
}
