import EntenteActions
import ArgumentParser
import EntenteStore
import EntenteSync
import Foundation

extension EntenteCommand {
    struct RelayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "relay",
            abstract: tr("Sync between meetings through a folder that Syncthing, Nextcloud or a shared drive keeps in step.",
                         "Se synchroniser entre les réunions par un dossier que Syncthing, Nextcloud ou un disque partagé tient à jour."),
            discussion: helpText("""
                Every `entente sync`, `serve` and `meet` then writes this replica's new changes
                in the folder, sealed with the collective secret, and imports everyone else's.
                Example:
                  entente relay add ~/Sync/atelier
                """, """
                Chaque `entente sync`, `serve` et `meet` écrit alors dans le dossier les
                nouveaux changements de ce réplica, scellés par le secret du collectif, et
                importe ceux des autres.
                Exemple :
                  entente relay add ~/Sync/atelier
                """),
            subcommands: [Add.self, List.self, Check.self, Remove.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.RelayCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Use a folder as a relay, and exchange through it now.",
                                                                     "Utiliser un dossier comme relais, et échanger par lui tout de suite."))
        @Argument(help: ArgumentHelp(tr("The shared folder.", "Le dossier partagé."), valueName: "dir")) var directory: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let (folder, exchanged) = try RelayActions.add(self.directory, to: try self.options.open())
            say(tr("Relay folder \(folder.path) added.", "Dossier relais \(folder.path) ajouté."))
            if let exchanged { say(exchanged.localized) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the relay folders and their last exchanges.",
                                                                     "Lister les dossiers relais et leurs derniers échanges."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var path: String
            var lastWrite: String?
            var lastImport: String?
            var lastArrival: String?
            var refused: [RelayRefusal]
        }

        func run() throws {
            let folders = try RelayActions.folders(of: try self.options.open())
            func iso(_ seconds: Double?) -> String? {
                seconds.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)) }
            }
            if self.output.json {
                printVerbatim(try JSONOutput.render(folders.map {
                    Shape(path: $0.path, lastWrite: iso($0.lastWrite), lastImport: iso($0.lastImport), lastArrival: iso($0.lastArrival), refused: $0.refusals)
                }))
                return
            }
            guard !folders.isEmpty else {
                say(tr("No relay folder yet. Add one that your sync engine shares: `entente relay add DIR`.",
                       "Aucun dossier relais pour l'instant. Ajoutez-en un que votre outil de synchronisation partage : `entente relay add DOSSIER`."))
                return
            }
            func when(_ seconds: Double?) -> String {
                seconds.map { Formatting.time(seconds: $0) } ?? tr("never", "jamais")
            }
            for folder in folders {
                say(folder.path)
                let labels = Labels([tr("last written", "dernière écriture"), tr("last read", "dernière lecture"),
                                     tr("from the others", "des autres")])
                say("  \(labels[0])\(when(folder.lastWrite))")
                say("  \(labels[1])\(when(folder.lastImport))")
                say("  \(labels[2])\(when(folder.lastArrival))")
                if folder.lastArrival == nil {
                    say(tr("  Nothing from another member has arrived here yet: check that the folder is shared with them.",
                           "  Rien n'est encore arrivé d'un autre membre ici : vérifiez que le dossier est bien partagé avec eux."))
                }
                for refusal in folder.refusals.suffix(5) {
                    say(tr("  refused \(refusal.file): \(RelayActions.reason(refusal.reason).english)",
                           "  refusé \(refusal.file) : \(RelayActions.reason(refusal.reason).french)"))
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: tr("Say whether each relay folder looks shared with the other members.",
                         "Dire si chaque dossier relais semble bien partagé avec les autres membres."),
            discussion: helpText("Exits non-zero when a folder has brought nothing from another member in the last \(RelayActions.sharedWithinDays) days.",
                           "Sort en erreur quand un dossier n'a rien apporté d'un autre membre depuis \(RelayActions.sharedWithinDays) jours."))
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let folders = try RelayActions.folders(of: try self.options.open())
            guard !folders.isEmpty else {
                throw CLIError(tr("this replica has no relay folder; add one with `entente relay add DIR`",
                                  "ce réplica n'a aucun dossier relais ; ajoutez-en un avec `entente relay add DOSSIER`"))
            }
            var unshared = false
            for folder in folders {
                let verdict = RelayActions.check(folder)
                unshared = unshared || !verdict.shared
                say(verdict.phrase.localized)
            }
            if unshared { throw ExitCode.failure }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: tr("Stop using a relay folder (its files stay).",
                                                                     "Ne plus utiliser un dossier relais (ses fichiers restent)."))
        @Argument(help: ArgumentHelp(tr("The relay folder.", "Le dossier relais."), valueName: "dir")) var directory: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            try RelayActions.remove(self.directory, from: try self.options.open())
            say(tr("This replica no longer uses \(self.directory) as a relay.", "Ce réplica n'utilise plus \(self.directory) comme relais."))
        }
    }
}
