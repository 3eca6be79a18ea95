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
            let targets = try SyncActions.targets(replica, peer: self.peer)
            let logger = Logger(label: "entente.sync", factory: { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .error
                return handler
            })
            let results = SyncActions.sync(replica, with: targets, timeout: self.timeout, logger: logger, progress: { progress in
                // Only long transfers (more than one batch) show progress.
                guard progress.toSend > SyncLimits.senderBatchChanges || progress.received >= SyncLimits.senderBatchChanges else { return }
                let line = progress.received == 0 && progress.toSend > 0
                    ? "  \(progress.peer): sent \(progress.sent) of \(progress.toSend) changes…"
                    : "  \(progress.peer): received \(progress.received) changes (\(progress.applied) new)…"
                FileHandle.standardError.write(Data((line + "\n").utf8))
            })
            for result in results {
                if let summary = result.summary {
                    print(summary.line)
                } else {
                    FileHandle.standardError.write(Data("error: sync with \(result.name) (\(result.endpoint)) failed: \(result.failure ?? "?")\n".utf8))
                }
            }
            if results.contains(where: { $0.summary == nil }) { throw ExitCode.failure }
        }
    }
}
