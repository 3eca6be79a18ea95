/// Why a datagram was not taken as an announcement of this collective.
///
/// Receivers ignore such datagrams without noise (a LAN carries other collectives and other
/// software); the kinds exist for tests and debug counters. Compare `.kind`.
public struct DiscoveryError: Error, CustomStringConvertible, Equatable, Sendable {
    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        self.detail.isEmpty ? self.kind.explanation : "\(self.kind.explanation): \(self.detail)"
    }

    /// An open-ended set of reasons.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { self.name }

        /// Fewer bytes than the header or than ``DiscoveryLimits/packetLength``.
        public static let truncated = Kind("truncated")
        /// More bytes than ``DiscoveryLimits/packetLength``.
        public static let oversized = Kind("oversized")
        /// Not an Entente discovery datagram (wrong magic number).
        public static let notDiscovery = Kind("notDiscovery")
        /// A discovery version this build does not speak.
        public static let unsupportedVersion = Kind("unsupportedVersion")
        /// The announcement does not open with this collective's key: another collective,
        /// another secret, or altered bytes.
        public static let foreign = Kind("foreign")
        /// The sender's clock is more than ``DiscoveryLimits/maximumClockSkew`` seconds away.
        public static let stale = Kind("stale")
        /// A serving announcement with port 0.
        public static let invalidPort = Kind("invalidPort")
        /// The presence signature does not verify: a holder of the collective secret announced
        /// a device key it does not hold.
        public static let forged = Kind("forged")

        var explanation: String {
            switch self {
            case .truncated: return "the announcement is truncated"
            case .oversized: return "the datagram is longer than an announcement"
            case .notDiscovery: return "not an Entente discovery datagram"
            case .unsupportedVersion: return "an unsupported discovery version"
            case .foreign: return "an announcement of another collective (or forged)"
            case .stale: return "the announcement is too old or from the future (check the clocks)"
            case .invalidPort: return "a serving announcement without a port"
            case .forged: return "an announcement not signed by the device it names"
            default: return self.name
            }
        }
    }
}
