import EntenteActions
import ArgumentParser
import Dispatch
import EntenteStore
import EntenteSync
import Foundation
import Logging
import EntenteCore

extension EntenteCommand {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: tr("Serve your collectives to their members until stopped (Ctrl-C).",
                         "Servir vos collectifs à leurs membres jusqu'à l'arrêt (Ctrl-C)."),
            discussion: helpText("""
                Members sync with `entente sync HOST:PORT`; newcomers join with a code from
                `entente invite`. While it runs, the replica announces itself on the LAN by
                multicast (see `entente peers`). The first line printed is `listening on HOST:PORT`.
                Without --collective or --replica, every collective of your Entente home is
                served on the one port: each member reaches only their own collective.
                Examples:
                  entente serve
                  entente serve --collective "Atelier Nord" --port 7421
                  entente serve --bind 127.0.0.1 --port 0
                """, """
                Les membres se synchronisent avec `entente sync HOST:PORT` ; les nouveaux venus
                rejoignent avec un code de `entente invite`. Pendant qu'il tourne, le réplica
                s'annonce sur le réseau local par multicast (voir `entente peers`). La première
                ligne affichée est `listening on HOST:PORT`.
                Sans --collective ni --replica, tous les collectifs de votre dossier Entente
                sont servis sur ce seul port : chaque membre n'atteint que son propre collectif.
                Exemples :
                  entente serve
                  entente serve --collective "Atelier Nord" --port 7421
                  entente serve --bind 127.0.0.1 --port 0
                """))

        @Option(help: ArgumentHelp(tr("The address to listen on ('::' = every address).",
                                      "L'adresse d'écoute (« :: » = toutes les adresses)."), valueName: "addr"))
        var bind = "::"

        @Option(help: ArgumentHelp(tr("The TCP port (0 = any free port).",
                                      "Le port TCP (0 = n'importe quel port libre)."), valueName: "port"))
        var port: UInt16 = SyncNetLimits.defaultPort

        @Option(help: ArgumentHelp(tr("The most peers served at once.", "Le nombre maximal de pairs servis à la fois."), valueName: "n"))
        var maxConnections = SyncNetLimits.maximumConnections

        @OptionGroup var options: ReplicaOptions
        @OptionGroup var discovery: DiscoveryOptions

        func validate() throws {
            guard self.maxConnections >= 1 else { throw ValidationError(tr("'--max-connections' must be at least 1", "« --max-connections » doit valoir au moins 1")) }
        }

        func run() throws {
            // Before any thread exists: every thread then keeps SIGINT and SIGTERM pending for
            // the wait below (a thread that did not block them would take one and drop it).
            Self.blockTermination()
            let logger = ConsoleLogHandler.logger("entente.serve")
            let replicas = try self.options.everyCollective(limit: SyncNetLimits.maximumHostedCollectives) { logger.warning("\($0)") }
            let server = SyncServer(replica: replicas[0], others: Array(replicas.dropFirst()), maximumConnections: self.maxConnections, logger: logger)
            let port = try server.start(bind: self.bind, port: self.port)
            for replica in replicas { try? ServeState.write(port: port, bind: self.bind, folder: replica.folder) }
            print("listening on \(Self.display(self.bind)):\(port)")
            flushOutput()
            var announcers: [DiscoveryAnnouncer] = []
            var relays: [RelayWatcher] = []
            for replica in replicas {
                logger.info("\(tr("serving \(replica.folder.url.path) as \(replica.author.short); stop with Ctrl-C", "service de \(replica.folder.url.path) en tant que \(replica.author.short) ; arrêtez avec Ctrl-C"))")
                // Each collective announces itself, sealed with its own secret.
                if let announcer = self.discovery.announce(replica, port: port, bind: self.bind, logger: logger) { announcers.append(announcer) }
                // The relay folders, every few seconds: a pass that did nothing says nothing.
                let relay = RelayWatcher(replica: replica) { results in
                    for (folder, result) in results {
                        guard let line = RelayActions.line(folder, result, quiet: true) else { continue }
                        for part in line.localized.split(separator: "\n") { logger.info("\(part)") }
                    }
                }
                relay.start()
                relays.append(relay)
            }
            Self.waitForTermination()
            logger.info("\(tr("stopping", "arrêt"))")
            for relay in relays { relay.stop() }
            for announcer in announcers { announcer.stop() }
            let left = server.stop()
            if left > 0 {
                let seconds = Int(SyncNetLimits.stopDeadline)
                // Two short lines: each fits a terminal after the log's prefix.
                let busy = tr("\(English.count(left, "session", "sessions")) still busy \(seconds) s after the stop.",
                              French.count(left, "session encore occupée", "sessions encore occupées") + " \(seconds) s après l'arrêt.")
                let unsaved = tr("Entente stops anyway; what was not saved comes again at the next sync.",
                                 "Entente s'arrête ; ce qui manque reviendra à la prochaine synchronisation.")
                logger.warning("\(busy)")
                logger.warning("\(unsaved)")
            }
            for replica in replicas { ServeState.remove(folder: replica.folder) }
        }

        static func display(_ host: String) -> String {
            host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }

        static var terminationSignals: sigset_t {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            return set
        }

        /// Blocks SIGINT and SIGTERM in this thread and in every thread it starts from now on.
        static func blockTermination() {
            var set = Self.terminationSignals
            pthread_sigmask(SIG_BLOCK, &set, nil)
        }

        /// Waits until SIGINT or SIGTERM arrives (``blockTermination()`` first).
        static func waitForTermination() {
            var set = Self.terminationSignals
            var number: Int32 = 0
            while sigwait(&set, &number) != 0 {}
        }
    }
}
