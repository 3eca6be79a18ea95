import EntenteActions
import ArgumentParser
import EntenteNet
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation
import Logging

extension EntenteCommand {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: tr("Exchange changes with one peer, or with every known peer.",
                         "Échanger les changements avec un pair, ou avec chaque pair connu."),
            discussion: helpText("""
                Each side receives exactly the changes it lacks, over an encrypted and
                authenticated connection. An interrupted sync keeps what arrived; run it again.
                Examples:
                  entente sync                    (every peer of `entente peer list`)
                  entente sync bob
                  entente sync 192.168.1.20:7420
                Relay folders (`entente relay list`) are exchanged with too.
                """, """
                Chaque côté reçoit exactement les changements qui lui manquent, par une
                connexion chiffrée et authentifiée. Une synchronisation interrompue garde ce
                qui est arrivé ; relancez-la.
                Exemples :
                  entente sync                    (chaque pair de `entente peer list`)
                  entente sync bob
                  entente sync 192.168.1.20:7420
                Les dossiers relais (`entente relay list`) sont aussi échangés.
                """))

        @Argument(help: ArgumentHelp(tr("A known peer's name, or HOST:PORT. Default: every known peer.",
                                        "Le nom d'un pair connu, ou HOST:PORT. Par défaut : chaque pair connu."), valueName: "peer"))
        var peer: String?

        @Option(help: ArgumentHelp(tr("Seconds a silent connection is kept.",
                                      "Secondes pendant lesquelles une connexion silencieuse est gardée."), valueName: "seconds"))
        var timeout: Double = SyncNetLimits.idleTimeout

        @OptionGroup var options: ReplicaOptions

        /// The timeout must be a real number of seconds: `nan` or `inf` would wait forever.
        static let timeoutRange: ClosedRange<Double> = 0.1...3600

        func validate() throws {
            guard self.timeout.isFinite, Self.timeoutRange.contains(self.timeout) else {
                throw ValidationError(tr("'--timeout' must be a number of seconds from 0.1 to 3600, for example --timeout 30",
                                        "« --timeout » doit être un nombre de secondes de 0.1 à 3600, par exemple --timeout 30"))
            }
        }

        func run() throws {
            let replica = try self.options.open()
            let targets = try SyncActions.targets(replica, peer: self.peer)
            let logger = ConsoleLogHandler.logger("entente.sync", level: .error)
            let results = SyncActions.sync(replica, with: targets, timeout: self.timeout, logger: logger, progress: { progress in
                // Only long transfers (more than one batch) show progress.
                guard progress.toSend > SyncLimits.senderBatchChanges || progress.received >= SyncLimits.senderBatchChanges else { return }
                let line = progress.received == 0 && progress.toSend > 0
                    ? tr("  \(progress.peer): sent \(progress.sent) of \(progress.toSend) changes…",
                         "  \(progress.peer) : \(progress.sent) changements envoyés sur \(progress.toSend)…")
                    : tr("  \(progress.peer): received \(progress.received) changes (\(progress.applied) new)…",
                         "  \(progress.peer) : \(progress.received) changements reçus (\(progress.applied) nouveaux)…")
                FileHandle.standardError.write(Data((line + "\n").utf8))
            })
            for result in results {
                if let summary = result.summary {
                    say(SyncText.line(summary))
                } else {
                    let failure = result.failure ?? Phrase("?", fr: "?")
                    printError(tr("error: sync with \(result.name) (\(result.endpoint)) failed: \(failure.english)",
                                  "erreur : la synchronisation avec \(result.name) (\(result.endpoint)) a échoué : \(failure.french)"))
                }
            }
            // Then the relay folders: this replica's new changes out, the others' in.
            for line in RelayActions.exchange(replica) { say(line.localized) }
            if results.contains(where: { $0.summary == nil }) { throw ExitCode.failure }
        }
    }
}
