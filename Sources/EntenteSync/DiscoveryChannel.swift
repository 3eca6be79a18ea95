import EntenteNet
import EntenteWire
import Foundation
import Glibc

/// The UDP sockets of discovery: one per address family, bound to the discovery port,
/// joined to the group on the configured interface, with the outgoing interface pinned.
///
/// IPv4 is required; IPv6 is used where the interface allows it and silently left out
/// otherwise (IPv6 multicast does not work on `lo`, and some networks have no IPv6).
final class DiscoveryChannel: Sendable {
    struct Target: Sendable {
        let socket: UDPMulticastSocket
        let group: TCPEndpoint
    }

    let targets: [Target]

    init(_ configuration: DiscoveryConfiguration) throws {
        var targets: [Target] = []
        let v4Interface: String?
        var v6Index: UInt32? = configuration.useIPv6 ? 0 : nil
        switch configuration.interface {
        case .automatic:
            v4Interface = "0.0.0.0"
        case .address(let address):
            v4Interface = address
            v6Index = nil
        case .named(let name):
            let index: UInt32
            do {
                index = try UDPMulticastSocket.interfaceIndex(named: name)
            } catch let error as NetError {
                throw SyncFailure.network(error)
            }
            v4Interface = LocalAddress.ipv4Address(of: name)
            if v6Index != nil { v6Index = index }
        }
        do {
            if let v4Interface {
                let socket = try UDPMulticastSocket(family: .ipv4, port: configuration.port, maximumDatagramSize: DiscoveryLimits.maximumDatagramSize)
                do {
                    try socket.joinGroup(configuration.ipv4Group, interfaceAddress: v4Interface)
                    if v4Interface != "0.0.0.0" { try socket.setOutgoingInterface(address: v4Interface) }
                } catch {
                    socket.close()
                    throw error
                }
                targets.append(Target(socket: socket, group: TCPEndpoint(host: configuration.ipv4Group, port: configuration.port)))
            }
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
        if let v6Index, let socket = try? UDPMulticastSocket(family: .ipv6, port: configuration.port, maximumDatagramSize: DiscoveryLimits.maximumDatagramSize) {
            do {
                try socket.joinGroup(configuration.ipv6Group, interfaceIndex: v6Index)
                if v6Index != 0 { try socket.setOutgoingInterface(index: v6Index) }
                let zone = v6Index != 0 ? "%\(v6Index)" : ""
                targets.append(Target(socket: socket, group: TCPEndpoint(host: configuration.ipv6Group + zone, port: configuration.port)))
            } catch {
                socket.close()  // no IPv6 multicast here: IPv4 alone
            }
        }
        guard !targets.isEmpty else {
            throw SyncFailure.network(NetError(.multicastFailed, "interface \(configuration.interface) has no IPv4 address for discovery; give one with --discovery-interface ADDRESS"))
        }
        self.targets = targets
    }

    /// Sends to every group; returns how many sends succeeded.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        for target in self.targets where (try? target.socket.send(bytes, to: target.group)) != nil { sent += 1 }
        return sent
    }

    func close() {
        for target in self.targets { target.socket.close() }
    }

}
