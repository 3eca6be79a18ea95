import EntenteActions
import ArgumentParser
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation
import Logging
import EntenteCore

extension EntenteCommand {
    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "join",
            abstract: tr("Join a collective with an invite code from one of its members.",
                         "Rejoindre un collectif avec le code d'invitation d'un de ses membres."),
            discussion: helpText("""
                Creates your replica and keys, connects to the inviting member (who must be
                running `entente serve`), and receives the collective's vision.
                If it is interrupted, run the same command again: it finishes the join with the
                same keys.
                Example: entente join entente1:ah... --name "Chloé Martin"
                """, """
                Crée votre réplica et vos clés, se connecte au membre qui invite (qui doit
                avoir lancé `entente serve`), et reçoit la vision du collectif.
                Si la commande est interrompue, relancez-la telle quelle : elle termine
                l'adhésion avec les mêmes clés.
                Exemple : entente join entente1:ah... --name "Chloé Martin"
                """))

        @Argument(help: ArgumentHelp(tr("The code `entente invite` printed.", "Le code qu'a affiché `entente invite`."), valueName: "code"))
        var code: String

        @Option(help: ArgumentHelp(tr("Your name in the collective.", "Votre nom dans le collectif.")))
        var name: String

        @OptionGroup var options: NewReplicaOptions

        func validate() throws {
            let name = self.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.utf8.count <= SyncLimits.maximumNameBytes else {
                throw ValidationError(tr("'--name' must be 1 to \(SyncLimits.maximumNameBytes) bytes long",
                                        "« --name » doit faire de 1 à \(SyncLimits.maximumNameBytes) octets"))
            }
        }

        func run() throws {
            let logger = ConsoleLogHandler.logger("entente.join", level: .error)
            let joined = try Joining.join(code: self.code, name: self.name.trimmingCharacters(in: .whitespaces),
                                          replicaPath: self.options.replica, logger: logger)
            let (replica, summary) = (joined.replica, joined.summary)
            say(tr("Joined: your replica is in \(replica.folder.url.path).",
                     "Vous avez rejoint le collectif : votre réplica est dans \(replica.folder.url.path)."))
            say(tr("You are \(self.name), key \(replica.author.short) (fingerprint \(replica.author.fingerprint)).",
                     "Vous êtes \(self.name), clé \(replica.author.short) (empreinte \(replica.author.fingerprint))."))
            say(SyncText.line(summary))
            if let (name, count) = joined.adopted { CollectivesCommand.sayAdopted(name, count: count) }
        }
    }
}
