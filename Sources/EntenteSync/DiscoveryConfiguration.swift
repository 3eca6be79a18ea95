import EntenteNet
import Foundation

/// Where discovery announcements go and how often (`Protocol/DISCOVERY.md` §3).
///
/// Tests pin everything to loopback with a port of their own:
///
/// ```swift
/// var configuration = DiscoveryConfiguration(port: 17421, interface: .address("127.0.0.1"))
/// configuration.announceInterval = 0.5
/// ```
public struct DiscoveryConfiguration: Sendable, Equatable {
    /// The default IPv4 group (administratively scoped, RFC 2365).
    public static let defaultIPv4Group = "239.255.74.20"
    /// The default IPv6 group (link-local scope).
    public static let defaultIPv6Group = "ff02::7420"
    /// The default UDP port (the TCP sync port + 1).
    public static let defaultPort: UInt16 = 7421
    /// The default seconds between two announcements.
    public static let defaultAnnounceInterval: TimeInterval = 3
    /// How many announcement intervals of silence make a peer expire.
    public static let expiryIntervals: Double = 3.5
    /// The least seconds between two announcements triggered by events (a new peer, a sync).
    public static let minimumTriggerGap: TimeInterval = 0.2

    /// Which interface multicast goes out of, and is received on.
    public enum Interface: Sendable, Equatable, CustomStringConvertible {
        /// The kernel's choice (the default route), IPv4 and IPv6.
        case automatic
        /// The IPv4 interface with this address only (`127.0.0.1` in tests); no IPv6.
        case address(String)
        /// A named interface (`eth0`, `wlan0`): IPv4 on its address if it has one, IPv6 on its index.
        case named(String)

        /// `127.0.0.1` → `.address`; `eth0` → `.named`; empty or `auto` → `.automatic`.
        public init(parsing text: String) {
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text == "auto" {
                self = .automatic
            } else if TCPEndpoint.isIPv4Literal(text) {
                self = .address(text)
            } else {
                self = .named(text)
            }
        }

        public var description: String {
            switch self {
            case .automatic: return "auto"
            case .address(let address): return address
            case .named(let name): return name
            }
        }
    }

    public var ipv4Group: String
    public var ipv6Group: String
    public var port: UInt16
    public var interface: Interface
    public var announceInterval: TimeInterval
    /// Whether to try IPv6 as well (where the interface allows it).
    public var useIPv6: Bool

    public init(
        ipv4Group: String = DiscoveryConfiguration.defaultIPv4Group, ipv6Group: String = DiscoveryConfiguration.defaultIPv6Group,
        port: UInt16 = DiscoveryConfiguration.defaultPort, interface: Interface = .automatic,
        announceInterval: TimeInterval = DiscoveryConfiguration.defaultAnnounceInterval, useIPv6: Bool = true
    ) {
        self.ipv4Group = ipv4Group
        self.ipv6Group = ipv6Group
        self.port = port
        self.interface = interface
        self.announceInterval = announceInterval
        self.useIPv6 = useIPv6
    }

    /// Seconds of silence after which a peer is no longer listed.
    public var expiry: TimeInterval { self.announceInterval * Self.expiryIntervals }

    /// `239.255.74.20:7421 on 127.0.0.1`, for messages.
    public var summary: String { "\(self.ipv4Group):\(self.port) on \(self.interface)" }
}
