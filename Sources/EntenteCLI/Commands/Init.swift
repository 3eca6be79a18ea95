import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: tr("Create this device's replica: found a collective, or be admitted from a member's replica folder.",
                         "Créer le réplica de cet appareil : fonder un collectif, ou y être admis depuis le dossier du réplica d'un membre."),
            discussion: helpText("""
                With --from, the member whose replica folder it is admits you: their device
                signs your admission, as when they accept an invite (`entente join CODE` does
                the same over the network).
                Examples:
                  entente init --collective "Atelier Nord" --name Alice
                  entente init --from /media/usb/alice --name Bob --replica ~/entente-bob
                """, """
                Avec --from, le membre à qui appartient ce dossier de réplica vous admet : son
                appareil signe votre admission, comme lorsqu'il accepte une invitation
                (`entente join CODE` fait de même par le réseau).
                Exemples :
                  entente init --collective "Atelier Nord" --name Alice
                  entente init --from /media/usb/alice --name Bob --replica ~/entente-bob
                """))

        @Option(help: ArgumentHelp(tr("Found a new collective with this name.", "Fonder un nouveau collectif portant ce nom.")))
        var collective: String?

        @Option(help: ArgumentHelp(tr("Be admitted by the member whose replica folder this is (their device signs).",
                                      "Être admis par le membre à qui appartient ce dossier de réplica (son appareil signe)."), valueName: "dir"))
        var from: String?

        @Option(help: ArgumentHelp(tr("Your name in the collective.", "Votre nom dans le collectif.")))
        var name: String

        @OptionGroup var options: NewReplicaOptions

        func validate() throws {
            guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(tr("'--name' must not be empty", "« --name » ne doit pas être vide"))
            }
            guard (self.collective == nil) != (self.from == nil) else {
                throw ValidationError(tr("give either '--collective NAME' to found a collective or '--from DIR' to be admitted to one, not both",
                                        "donnez soit « --collective NOM » pour fonder un collectif, soit « --from DOSSIER » pour y être admis, pas les deux"))
            }
            if let collective, collective.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(tr("'--collective' must not be empty", "« --collective » ne doit pas être vide"))
            }
        }

        func run() throws {
            let name = self.name.trimmingCharacters(in: .whitespaces)
            let made: NewReplicaOutcome
            if let collective = self.collective {
                made = try CollectiveFounding.found(collective: collective, founder: name, replicaPath: self.options.replica, note: self.options.message)
            } else if let from = self.from {
                made = try LocalAdmission.admit(name: name, from: from, replicaPath: self.options.replica, note: self.options.message)
            } else {
                return  // validate() asked for one of them
            }
            let replica = made.replica
            say(tr("Created the replica of \(made.collectiveName) in \(replica.folder.url.path)",
                     "Réplica du collectif \(made.collectiveName) créé dans \(replica.folder.url.path)"))
            print(tr("You are \(name), key \(replica.author.short) (fingerprint \(replica.author.fingerprint)).",
                     "Vous êtes \(name), clé \(replica.author.short) (empreinte \(replica.author.fingerprint))."))
            if let (collective, count) = made.adopted { CollectivesCommand.sayAdopted(collective, count: count) }
        }
    }

    struct Whoami: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "whoami", abstract: tr("Show who this replica signs as, and for which collective.",
                                                                     "Afficher sous quel nom ce réplica signe, et pour quel collectif."))

        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var name: String?
            var member: String?
            var key: String
            var fingerprint: String
            var collective: String
            var collectiveName: String
            var replica: String
        }

        func run() throws {
            let replica = try self.options.open()
            let workspace = try Workspace(replica)
            let me = workspace.directory.member(for: replica.author)
            let shape = Shape(
                name: me?.name, member: me?.id.hex, key: replica.author.hex, fingerprint: replica.author.fingerprint,
                collective: replica.collective.hex, collectiveName: workspace.collectiveName, replica: replica.folder.url.path)
            if self.output.json {
                printVerbatim(try JSONOutput.render(shape))
            } else {
                let name = me?.name ?? tr("(not a member yet)", "(pas encore membre)")
                print(tr("\(name) in \(workspace.collectiveName)", "\(name) dans \(workspace.collectiveName)"))
                let labels = Labels([tr("key",
                                        "clé"), tr("fingerprint", "empreinte"), tr("collective", "collectif"), tr("replica", "réplica")])
                print(labels[0] + replica.author.hex)
                print(labels[1] + replica.author.fingerprint)
                print(labels[2] + replica.collective.hex)
                print(labels[3] + replica.folder.url.path)
            }
        }
    }
}
