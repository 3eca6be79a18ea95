import ArgumentParser
import Dispatch
import EntenteActions
import EntenteBoard
import Foundation
import Logging

extension EntenteCommand {
    struct BoardCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "board",
            abstract: "Open the collective's vision board in your browser (served on this computer only).",
            discussion: """
                The board shows what needs attention, the vision, the complementarities, the
                stages, the phases, the commitments, the risks and the contributions, and lets
                you record your own acts. It runs beside `entente serve` on the same replica and
                shows what a sync brings without a reload. Stop it with Ctrl-C.
                The first line printed is the address to open; it carries a secret token.
                Examples:
                  entente board
                  entente board --no-open --port 0
                """)

        @Option(help: ArgumentHelp("The port on 127.0.0.1 (0 = any free port).", valueName: "port"))
        var port: UInt16 = Self.defaultPort

        @Flag(help: "Print the address without opening a browser.")
        var noOpen = false

        @Flag(help: "Hide the board's meet button (no multicast on the network).")
        var noMeet = false

        @OptionGroup var options: ReplicaOptions
        @OptionGroup var discovery: DiscoveryOptions

        static let defaultPort: UInt16 = 7421

        func run() throws {
            let replica = try self.options.open()
            var logger = Logger(label: "entente.board", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            let discovery = self.noMeet ? nil : try self.discovery.configuration(servingOn: "::")
            let server = try BoardServer(replica: replica, discovery: discovery, logger: logger)
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            let open = !self.noOpen
            Task {
                do {
                    try await server.run(port: self.port) { port in
                        let url = server.url(port: port)
                        print(url)
                        fflush(stdout)
                        if open { Self.openBrowser(url) }
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

        /// The desktop's way to open an address: `open` on macOS, `xdg-open` elsewhere.
        static func openBrowser(_ url: String) {
            let process = Process()
            #if os(macOS)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
            process.arguments = [url]
            #else
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xdg-open", url]
            #endif
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                FileHandle.standardError.write(Data("could not open a browser (\(error.localizedDescription)); open the address above yourself\n".utf8))
            }
        }

        final class Failure: @unchecked Sendable {
            private let lock = NSLock()
            private var text: String?
            func set(_ message: String) { self.lock.withLock { self.text = message } }
            var message: String? { self.lock.withLock { self.text } }
        }
    }
}
