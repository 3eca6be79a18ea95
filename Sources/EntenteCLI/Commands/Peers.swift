import EntenteActions
import ArgumentParser
import EntenteStore
import EntenteSync
import Foundation
import Logging
import EntenteWire
import EntenteCore
import EntenteNet

extension EntenteCommand {
    struct Peers: ParsableCommand {
        /// The default seconds to listen: a little more than one announcement interval.
        static let defaultWait: Double = 4

        static let configuration = CommandConfiguration(
            commandName: "peers",
            abstract: tr("List the members reachable now on the local network (by multicast discovery).",
                         "Lister les membres joignables maintenant sur le réseau local (par découverte multicast)."),
            discussion: helpText("""
                Listens for the announcements of `entente serve` and `entente meet` for a few seconds,
                and asks them to answer at once. Where multicast is blocked (VPN, guest Wi-Fi), use
                addresses: `entente sync HOST:PORT`, `entente peer add NAME HOST:PORT`.
                Examples:
                  entente peers
                  entente peers --wait 10 --discovery-interface wlan0
                """, """
                Écoute quelques secondes les annonces de `entente serve` et `entente meet`, et
                leur demande de répondre tout de suite. Là où le multicast est bloqué (VPN,
                Wi-Fi invité), utilisez des adresses : `entente sync HOST:PORT`,
                `entente peer add NAME HOST:PORT`.
                Exemples :
                  entente peers
                  entente peers --wait 10 --discovery-interface wlan0
                """))

        @Option(help: ArgumentHelp(tr("Seconds to listen.", "Secondes d'écoute."), valueName: "seconds"))
        var wait: Double = Peers.defaultWait

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var name: String
            var key: String?
            var address: String
            var meeting: Bool
            var serving: Bool
            var sameState: Bool
        }

        func validate() throws {
            guard self.wait > 0 && self.wait <= 600 else {
                throw ValidationError(tr("'--wait' must be between 0 and 600 seconds, for example --wait 4",
                                        "« --wait » doit être entre 0 et 600 secondes, par exemple --wait 4"))
            }
        }

        func run() throws {
            let replica = try self.options.open()
            let configuration = try self.discovery.configuration()
            let announcer = DiscoveryAnnouncer(replica: replica, port: 0, flags: [], configuration: configuration,
                                               logger: Logger(label: "entente.peers", factory: { _ in SwiftLogNoOpLogHandler() }))
            try announcer.start()
            Thread.sleep(forTimeInterval: self.wait)
            let peers = announcer.peers.filter(\.isServing)
            let mine = announcer.announcedStateHash
            announcer.stop()
            let shapes = peers.map { peer in
                Shape(name: peer.name, key: peer.author?.hex, address: peer.endpoint.description, meeting: peer.flags.contains(.meeting),
                      serving: peer.isServing, sameState: peer.holds(stateHash: mine))
            }
            if self.output.json {
                printVerbatim(try JSONOutput.render(shapes))
                if shapes.isEmpty { throw ExitCode.failure }
                return
            }
            // Members apart still reach this replica through relay folders: say when each
            // device's changes last arrived that way (after the table, or before the error).
            defer { Self.printRelayArrivals(replica) }
            guard !shapes.isEmpty else {
                let hint = DiscoveryOptions.blockedHint(configuration)
                throw CLIError(Phrase("no member announced itself within \(Self.seconds(self.wait, .english)); " + hint.english,
                                      fr: "aucun membre ne s'est annoncé en \(Self.seconds(self.wait, .french)) ; " + hint.french))
            }
            var table = Table(tr("NAME", "NOM"), tr("ADDRESS", "ADRESSE"), "MODE", tr("STATE", "ÉTAT"))
            for shape in shapes {
                table.add(shape.name, shape.address, shape.meeting ? tr("meeting", "réunion") : tr("serving", "sert"),
                          shape.sameState ? tr("same as yours", "le même que le vôtre") : tr("differs", "différent"))
            }
            print(table.render())
        }

        /// The devices whose changes arrived through a relay folder, newest first.
        static func printRelayArrivals(_ replica: Replica) {
            let arrivals = RelayFolders(replica: replica).arrivals().sorted { $0.value > $1.value }
            guard !arrivals.isEmpty, let directory = try? replica.directory() else { return }
            print(tr("Through a relay folder (last arrival):", "Par un dossier relais (dernière arrivée) :"))
            var table = Table(tr("NAME", "NOM"), tr("DEVICE", "APPAREIL"), tr("LAST ARRIVAL", "DERNIÈRE ARRIVÉE"))
            for (key, date) in arrivals.prefix(RelayLimits.maximumDevicesRemembered) {
                table.add(directory.name(of: key), key.fingerprint, Formatting.time(seconds: date.timeIntervalSince1970))
            }
            print(table.render())
        }

        /// "4 s", "2.5 s" ("2,5 s" in French).
        static func seconds(_ value: Double, _ language: Language = .current) -> String {
            let text = value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : String(format: "%.1f s", value)
            return language == .french ? text.replacingOccurrences(of: ".", with: ",") : text
        }
    }
}
