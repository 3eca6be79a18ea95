import EntenteActions
import ArgumentParser
import EntenteNet
import EntenteStore
import EntenteSync
import Foundation
import Logging

/// `--discovery-group`, `--discovery-port`, `--discovery-interface`, shared by `entente
/// peers` and `entente meet`; each falls back to an environment variable, then the default.
struct DiscoveryOptions: ParsableArguments {
    static let groupVariable = "ENTENTE_DISCOVERY_GROUP"
    static let portVariable = "ENTENTE_DISCOVERY_PORT"
    static let interfaceVariable = "ENTENTE_DISCOVERY_INTERFACE"
    static let intervalVariable = "ENTENTE_DISCOVERY_INTERVAL"

    @Option(name: .customLong("discovery-group"), help: ArgumentHelp(
        tr("The multicast group, IPv4 or IPv6 (default: 239.255.74.20 and ff02::7420; env \(groupVariable)).",
           "Le groupe multicast, IPv4 ou IPv6 (par défaut : 239.255.74.20 et ff02::7420 ; variable \(groupVariable))."), valueName: "group"))
    var group: String?

    @Option(name: .customLong("discovery-port"), help: ArgumentHelp(
        tr("The UDP discovery port (default: \(DiscoveryConfiguration.defaultPort); env \(portVariable)).",
           "Le port UDP de la découverte (par défaut : \(DiscoveryConfiguration.defaultPort) ; variable \(portVariable))."), valueName: "port"))
    var port: UInt16?

    @Option(name: .customLong("discovery-interface"), help: ArgumentHelp(
        tr("Announce and listen on this interface: an IPv4 address or a name such as wlan0 (default: the system's choice; env \(interfaceVariable)).",
           "S'annoncer et écouter sur cette interface : une adresse IPv4 ou un nom comme wlan0 (par défaut : le choix du système ; variable \(interfaceVariable))."),
        valueName: "interface"))
    var interface: String?

    func validate() throws {
        if let group = self.group, !TCPEndpoint.isIPv4Literal(group) && !TCPEndpoint.isIPv6Literal(group) {
            throw ValidationError(tr("'--discovery-group' must be a numeric multicast address such as 239.255.74.20 or ff02::7420",
                                     "« --discovery-group » doit être une adresse de multidiffusion numérique, par exemple 239.255.74.20 ou ff02::7420"))
        }
    }

    /// The configuration: flags first, then the environment, then the defaults.
    func configuration(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DiscoveryConfiguration {
        var configuration = DiscoveryConfiguration()
        if let group = self.group ?? environment[Self.groupVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            if TCPEndpoint.isIPv4Literal(group) {
                configuration.ipv4Group = group
            } else if TCPEndpoint.isIPv6Literal(group) {
                configuration.ipv6Group = group
            } else {
                throw CLIError(Phrase("\(Self.groupVariable)='\(group)' is not a numeric multicast address; use one such as 239.255.74.20",
                                         fr: "\(Self.groupVariable)=« \(group) » n'est pas une adresse de multidiffusion numérique ; utilisez-en une comme 239.255.74.20"))
            }
        }
        if let port = self.port {
            configuration.port = port
        } else if let text = environment[Self.portVariable], !text.isEmpty {
            guard let port = UInt16(text), port != 0 else {
                throw CLIError(Phrase("\(Self.portVariable)='\(text)' is not a UDP port; use 1-65535, for example \(DiscoveryConfiguration.defaultPort)",
                                     fr: "\(Self.portVariable)=« \(text) » n'est pas un port UDP ; utilisez 1-65535, par exemple \(DiscoveryConfiguration.defaultPort)"))
            }
            configuration.port = port
        }
        guard configuration.port != 0 else {
            throw CLIError(Phrase("'--discovery-port' cannot be 0: every member must use the same port, for example \(DiscoveryConfiguration.defaultPort)",
                                 fr: "« --discovery-port » ne peut pas valoir 0 : tous les membres doivent utiliser le même port, par exemple \(DiscoveryConfiguration.defaultPort)"))
        }
        if let interface = self.interface ?? environment[Self.interfaceVariable] {
            configuration.interface = DiscoveryConfiguration.Interface(parsing: interface)
        }
        if let text = environment[Self.intervalVariable], let seconds = Double(text), seconds >= 0.05, seconds <= 60 {
            configuration.announceInterval = seconds
        }
        return configuration
    }

    /// The configuration for a server bound to `bind`: a specific IPv4 address (not
    /// `0.0.0.0`) also pins discovery to that interface unless one was given, so a server on
    /// 127.0.0.1 never announces on the LAN an address nobody there can reach.
    func configuration(servingOn bind: String, _ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DiscoveryConfiguration {
        var configuration = try self.configuration(environment)
        if self.interface == nil, environment[Self.interfaceVariable] == nil, TCPEndpoint.isIPv4Literal(bind), bind != "0.0.0.0" {
            configuration.interface = .address(bind)
        }
        return configuration
    }

    /// The hint given when no member answered.
    static func blockedHint(_ configuration: DiscoveryConfiguration) -> Phrase {
        Phrase("multicast may be blocked here (VPN, guest Wi-Fi, client isolation) or the others use another "
                + "--discovery-port/--discovery-interface (listened on \(configuration.summary)). "
                + "Give addresses instead: `entente sync HOST:PORT`, `entente meet --peer HOST:PORT`, or `entente peer add NAME HOST:PORT`",
               fr: "la multidiffusion est peut-être bloquée ici (VPN, Wi-Fi invité, isolation des clients) ou les autres utilisent un autre "
                + "--discovery-port/--discovery-interface (écoute sur \(configuration.summary)). "
                + "Donnez plutôt des adresses : `entente sync HOTE:PORT`, `entente meet --peer HOTE:PORT` ou `entente peer add NOM HOTE:PORT`")
    }
}

// MARK: - Announcing a served replica

extension DiscoveryOptions {
    /// Starts announcing `replica`, served on `port`, on the local network (what `entente
    /// serve` does). A failure (no multicast, no such interface) is logged and not fatal:
    /// members can still sync with `HOST:PORT`.
    /// - Returns: the running announcer, to ``DiscoveryAnnouncer/stop()`` before the server.
    func announce(_ replica: Replica, port: UInt16, bind: String, logger: Logger) -> DiscoveryAnnouncer? {
        do {
            let announcer = DiscoveryAnnouncer(replica: replica, port: port, configuration: try self.configuration(servingOn: bind), logger: logger)
            try announcer.start()
            return announcer
        } catch {
            logger.warning("\(tr("not announcing on the local network (\(error)); members can still `entente sync HOST:\(port)`", "pas d'annonce sur le réseau local (\(error)) ; les membres peuvent toujours faire `entente sync HOTE:\(port)`"))")
            return nil
        }
    }
}
