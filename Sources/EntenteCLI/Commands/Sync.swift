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
            abstract: "Exchange changes with one peer, or with every known peer.",
            discussion: """
                Each side receives exactly the changes it lacks, over an encrypted and
                authenticated connection. An interrupted sync keeps what arrived; run it again.
                Examples:
                  entente sync                    (every peer of `entente peer list`)
                  entente sync bob
                  entente sync 192.168.1.20:7420
                """)

        @Argument(help: ArgumentHelp("A known peer's name, or HOST:PORT. Default: every known peer.", valueName: "peer"))
        var peer: String?

        @Option(help: ArgumentHelp("Seconds a silent connection is kept.", valueName: "seconds"))
        var timeout: Double = SyncNetLimits.idleTimeout

        @OptionGroup var options: ReplicaOptions

        /// The timeout must be a real number of seconds: `nan` or `inf` would wait forever.
        static let timeoutRange: ClosedRange<Double> = 0.1...3600

        func validate() throws {
            guard self.timeout.isFinite, Self.timeoutRange.contains(self.timeout) else {
                throw ValidationError("'--timeout' must be a number of seconds from 0.1 to 3600, for example --timeout 30")
            }
        }

        func run() throws {
            let replica = try self.options.open()
            let peers = PeerStore(folder: replica.folder)
            var targets: [(String, TCPEndpoint)] = []
            if let peer = self.peer {
                targets = [(peer, try peers.endpoint(for: peer))]
            } else {
                targets = try peers.list().map { ($0.name, try peers.endpoint(for: $0.name)) }
                guard !targets.isEmpty else {
                    throw CLIError("no known peers; give HOST:PORT, or add one with `entente peer add NAME HOST:PORT`")
                }
            }
            let logger = Logger(label: "entente.sync", factory: { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .error
                return handler
            })
            var failures = 0
            for (name, endpoint) in targets {
                do {
                    let summary = try SyncClient.sync(
                        replica: replica, with: endpoint, idleTimeout: self.timeout, logger: logger,
                        progress: { progress in
                            // Only long transfers (more than one batch) show progress.
                            guard progress.toSend > SyncLimits.senderBatchChanges || progress.received >= SyncLimits.senderBatchChanges else { return }
                            let line = progress.received == 0 && progress.toSend > 0
                                ? "  \(progress.peer): sent \(progress.sent) of \(progress.toSend) changes…"
                                : "  \(progress.peer): received \(progress.received) changes (\(progress.applied) new)…"
                            FileHandle.standardError.write(Data((line + "\n").utf8))
                        })
                    print(summary.line)
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("error: sync with \(name) (\(endpoint)) failed: \(error)\n".utf8))
                }
            }
            if failures > 0 { throw ExitCode.failure }
        }
    }
}
