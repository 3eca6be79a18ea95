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
            discussion: tr("""
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
            let invite: InviteCode
            do {
                invite = try InviteCode(text: self.code)
            } catch {
                throw CLIError("\(error)")
            }
            // A folder left by an interrupted join with the same code is resumed. Without
            // --replica, the replica goes into the home, named after the collective's id (its
            // name is not in the code).
            let home = EntenteHome.defaultLocation()
            let folder = self.options.replica.map { ReplicaFolder(URL(fileURLWithPath: $0)) }
                ?? ReplicaFolder(home.collectivesFolder.appendingPathComponent("collective-" + String(invite.collective.hex.prefix(8)), isDirectory: true))
            if self.options.replica == nil {
                try FileManager.default.createDirectory(at: home.collectivesFolder, withIntermediateDirectories: true)
            }
            let logger = ConsoleLogHandler.logger("entente.join", level: .error)
            let replica: Replica, summary: SyncSummary
            do {
                (replica, summary) = try SyncClient.join(
                    invite: invite, name: self.name.trimmingCharacters(in: .whitespaces), folder: folder, logger: logger)
            } catch SyncFailure.replica(StoreError.replicaExists) {
                throw self.alreadyJoined(folder, invite) ?? SyncFailure.replica(StoreError.replicaExists(path: folder.url.path))
            }
            // The peer is named after the member who invited (their name as the collective knows
            // it), so `entente sync Alice` works; "inviter" when that name cannot be a peer's.
            let address = "\(Serve.display(invite.host)):\(invite.port)"
            let peers = PeerStore(folder: replica.folder)
            if (try? peers.add(name: TerminalText.oneLine(summary.peer), address: address)) == nil {
                try? peers.add(name: "inviter", address: address)
            }
            say(tr("Joined: your replica is in \(folder.url.path).",
                     "Vous avez rejoint le collectif : votre réplica est dans \(folder.url.path)."))
            say(tr("You are \(self.name), key \(replica.author.short) (fingerprint \(replica.author.fingerprint)).",
                     "Vous êtes \(self.name), clé \(replica.author.short) (empreinte \(replica.author.fingerprint))."))
            say(SyncText.line(summary))
            if self.options.replica == nil { CollectivesCommand.adopt(folder, home: home) }
        }

        /// When `folder` already is this collective's replica with changes received (the join
        /// went through; only its first sync may have been cut): what to run to finish.
        func alreadyJoined(_ folder: ReplicaFolder, _ invite: InviteCode) -> CLIError? {
            guard let held = try? Replica.open(folder), held.collective == invite.collective,
                  let count = try? held.changeCount(), count > 0 else { return nil }
            try? held.close()
            let address = "\(Serve.display(invite.host)):\(invite.port)"
            let replica = self.options.replica.map { " --replica '\($0.replacingOccurrences(of: "'", with: "'\\''"))'" } ?? ""
            let path = folder.url.path
            return CLIError(Phrase(
                "a replica of this collective already exists at \(path), with \(count) change(s): you joined already. To finish, sync with the inviter: `entente sync \(address)\(replica)`",
                fr: "un réplica de ce collectif existe déjà dans \(path), avec \(French.count(count, "changement", "changements")) : vous l'avez déjà rejoint. Pour terminer, synchronisez-vous avec la personne qui vous a invité : `entente sync \(address)\(replica)`"))
        }
    }
}
