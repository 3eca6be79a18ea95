import ArgumentParser
import Dispatch
import EntenteActions
import EntenteBoard
import EntenteLocking
import Foundation
import Logging
import EntenteStore
import EntenteSync

extension EntenteCommand {
    struct BoardCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "board",
            abstract: tr("Open the collective's vision board in your browser (served on this computer only).",
                         "Ouvrir le tableau de la vision du collectif dans votre navigateur (servi sur cet ordinateur seulement)."),
            discussion: helpText("""
                The board shows what needs attention, the vision, the complementarities, the
                stages, the phases, the commitments, the risks and the contributions, and lets
                you record your own acts. It runs beside `entente serve` on the same replica and
                shows what a sync brings without a reload. Stop it with Ctrl-C.
                The first line printed is the address to open; it carries a secret token.
                Examples:
                  entente board
                  entente board --no-open --port 0
                """, """
                Le tableau montre ce qui demande de l'attention, la vision, les
                complémentarités, les étapes, les phases, les engagements, les risques et les
                contributions, et vous permet d'enregistrer vos propres actes. Il tourne à côté
                de `entente serve` sur le même réplica et montre ce qu'apporte une
                synchronisation sans recharger la page. Arrêtez-le avec Ctrl-C. La première
                ligne affichée est l'adresse à ouvrir ; elle contient un jeton secret.
                Exemples :
                  entente board
                  entente board --no-open --port 0
                """))

        @Option(help: ArgumentHelp(tr("The port on 127.0.0.1 (0 = any free port).",
                                      "Le port sur 127.0.0.1 (0 = n'importe quel port libre)."), valueName: "port"))
        var port: UInt16 = Self.defaultPort

        @Flag(help: ArgumentHelp(tr("Print the address without opening a browser.", "Afficher l'adresse sans ouvrir de navigateur.")))
        var noOpen = false

        @Flag(help: ArgumentHelp(tr("Hide the board's meet button (no multicast on the network).",
                                    "Masquer le bouton de réunion du tableau (pas de multicast sur le réseau).")))
        var noMeet = false

        @OptionGroup var options: ReplicaOptions
        @OptionGroup var discovery: DiscoveryOptions

        static let defaultPort: UInt16 = 7421

        func run() throws {
            let logger = ConsoleLogHandler.logger("entente.board", level: .warning)
            // One board for every collective of the home (the current one first), unless one is named.
            let replicas = try self.options.everyCollective(limit: SyncNetLimits.maximumHostedCollectives) { logger.warning("\($0)") }
            let replica = replicas[0]
            let discovery = self.noMeet ? nil : try self.discovery.configuration(servingOn: "::")
            let server = try BoardServer(replica: replica, others: Array(replicas.dropFirst()), discovery: discovery, logger: logger)
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            let open = !self.noOpen
            let opener = BoardOpener(folder: replica.folder.url)
            defer { opener.remove() }
            Task {
                do {
                    try await server.run(port: self.port) { port in
                        let url = server.url(port: port)
                        print(url)
                        flushOutput()
                        if open { opener.open(url) }
                    }
                } catch {
                    failure.set("\(error)")
                }
                done.signal()
            }
            done.wait()
            if let message = failure.message {
                if message.contains("Address already in use") || message.contains("EADDRINUSE") {
                    throw CLIError("port \(self.port) on 127.0.0.1 is taken (another board?); use --port 0 for any free port")
                }
                throw CLIError("the board stopped: \(message)")
            }
        }

        /// Why the board's task ended, if it failed (set by the task, read once it is done).
        final class Failure: Sendable {
            private let text = LockedValue<String?>(nil)
            func set(_ message: String) { self.text.withLock { $0 = message } }
            var message: String? { self.text.withLock { $0 } }
        }
    }
}
