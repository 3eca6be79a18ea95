import EntenteActions
import ArgumentParser
import EntenteStore
import EntenteSync

extension EntenteCommand {
    struct PeerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "peer",
            abstract: "Remember the addresses of the peers this replica syncs with.",
            subcommands: [Add.self, List.self, Remove.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.PeerCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or update) a peer.",
            discussion: "Example: entente peer add bob 192.168.1.20:7420")
        @Argument(help: "A short name for the peer.") var name: String
        @Argument(help: ArgumentHelp("Where it serves: HOST:PORT.", valueName: "address")) var address: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try PeerStore(folder: self.options.folder).add(name: self.name, address: self.address)
            print("Added peer \(self.name) at \(self.address).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the known peers.")
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let peers = try PeerStore(folder: self.options.folder).list()
            if self.output.json {
                print(try JSONOutput.render(peers))
                return
            }
            guard !peers.isEmpty else {
                print("No peers yet. Add one with `entente peer add NAME HOST:PORT`.")
                return
            }
            var table = Table("NAME", "ADDRESS")
            for peer in peers { table.add(peer.name, peer.address) }
            print(table.render())
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a peer.")
        @Argument(help: "The peer's name.") var name: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try PeerStore(folder: self.options.folder).remove(name: self.name)
            print("Removed peer \(self.name).")
        }
    }
}
