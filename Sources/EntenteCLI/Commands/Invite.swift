import ArgumentParser
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation

extension EntenteCommand {
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a single-use code that lets one newcomer join the collective.",
            discussion: """
                The newcomer runs `entente join CODE --name NAME` while you run `entente serve`.
                The code contains the collective's secret: send it privately.
                Examples:
                  entente invite
                  entente invite --expires 2h --address 192.168.1.20:7420
                """)

        @Option(help: ArgumentHelp("How long the code stays valid: 90s, 30m, 24h or 7d.", valueName: "duration"))
        var expires = "24h"

        @Option(help: ArgumentHelp(
            "Where the newcomer reaches your `entente serve`: HOST or HOST:PORT (default: this machine's LAN address and the port serve uses).",
            valueName: "address"))
        var address: String?

        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard Self.seconds(self.expires) != nil else {
                throw ValidationError("'--expires' must be a number followed by s, m, h or d, like 24h (got '\(self.expires)')")
            }
        }

        func run() throws {
            let replica = try self.options.open()
            let lifetime = Self.seconds(self.expires) ?? 86_400
            let (host, port) = try self.inviterAddress(replica.folder)
            let (token, expiry) = try InviteStore(folder: replica.folder).issue(lifetime: lifetime)
            let code = InviteCode(
                collective: replica.collective, secret: try replica.collectiveSecret(), token: token,
                expires: expiry, host: host, port: port)
            print(code.text)
            let until = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(expiry)))
            FileHandle.standardError.write(Data("""
                Single-use invite to \(host):\(port), valid until \(until).
                The newcomer runs: entente join CODE --name THEIR-NAME   (keep `entente serve` running)

                """.utf8))
        }

        static func seconds(_ text: String) -> TimeInterval? {
            guard let unit = text.last, let value = Double(text.dropLast()), value > 0 else { return nil }
            switch unit {
            case "s": return value
            case "m": return value * 60
            case "h": return value * 3600
            case "d": return value * 86_400
            default: return nil
            }
        }

        func inviterAddress(_ folder: ReplicaFolder) throws -> (String, UInt16) {
            let serving = ServeState.read(folder)
            let defaultPort = serving?.port ?? SyncNetLimits.defaultPort
            if let address = self.address {
                return try SyncAddress.parse(address, defaultPort: defaultPort)
            }
            if let bind = serving?.bind, !["::", "0.0.0.0", "*", ""].contains(bind) {
                return (bind, defaultPort)
            }
            return (LocalAddress.firstLANAddress() ?? "127.0.0.1", defaultPort)
        }
    }
}
