import EntenteCore
import EntenteNet
import EntenteWire
import Foundation

/// A replica of the collective heard on the LAN.
public struct DiscoveredPeer: Sendable, Equatable {
    /// The sender's device key, when it is a member this replica knows of.
    public var author: AuthorKey?
    /// The member's name, or `unknown member` when this replica does not know its key yet
    /// (a newcomer whose admission has not reached us).
    public var name: String
    /// Where it syncs: the packet's source address and announced TCP port (port 0: not serving).
    public var endpoint: TCPEndpoint
    public var flags: DiscoveryAnnouncement.Flags
    /// The last announcement heard (to compare its state tag with our state hash).
    public var packet: DiscoveryPacket
    /// When it was first and last heard (seconds, the table's clock).
    public var firstSeen: TimeInterval
    public var lastSeen: TimeInterval
    /// When it was last heard over IPv4 (preferred over IPv6 while fresh: a plain address
    /// needs no interface zone).
    public var lastSeenIPv4: TimeInterval?

    /// Whether its last announcement reports `stateHash`.
    public func holds(stateHash: [UInt8]) -> Bool { self.packet.reports(stateHash: stateHash) }

    /// Whether it accepts sync connections.
    public var isServing: Bool { self.flags.contains(.serving) && self.endpoint.port != 0 }
}

/// The peers heard recently, expiring those silent for longer than `expiry` seconds; a
/// replayed announcement (a nonce already seen) is ignored.
///
/// Pure: the caller passes the clock, so tests drive it without sockets or waiting.
public struct PeerTable: Sendable {
    /// The most peers listed at once; announcements of further peers are ignored.
    public static let maximumPeers = 256
    /// The most nonces remembered to spot replays (older ones are forgotten first).
    public static let maximumRememberedNonces = 4096

    public let expiry: TimeInterval
    private var entries: [String: DiscoveredPeer] = [:]
    private var nonces: [[UInt8]: TimeInterval] = [:]

    public init(expiry: TimeInterval) {
        self.expiry = expiry
    }

    /// The peers, by name then address.
    public var peers: [DiscoveredPeer] {
        self.entries.values.sorted { ($0.name, $0.endpoint.description) < ($1.name, $1.endpoint.description) }
    }

    /// What ``record(_:from:member:now:)`` did.
    public enum Outcome: Equatable, Sendable {
        case new
        case refreshed
        case replayed
        case full
    }

    /// Records an announcement from `source` (the datagram's source; its port is replaced by
    /// the announced TCP port). `member` is the sender when known.
    @discardableResult
    public mutating func record(
        _ packet: DiscoveryPacket, from source: TCPEndpoint, member: (author: AuthorKey, name: String)?, now: TimeInterval
    ) -> Outcome {
        guard self.nonces[packet.nonce] == nil else { return .replayed }
        if self.nonces.count >= Self.maximumRememberedNonces {
            let oldest = self.nonces.sorted { $0.value < $1.value }.prefix(Self.maximumRememberedNonces / 4)
            for (nonce, _) in oldest { self.nonces[nonce] = nil }
        }
        self.nonces[packet.nonce] = now
        let endpoint = TCPEndpoint(host: source.host, port: packet.port)
        let key = member.map { "key:" + $0.author.hex } ?? "at:" + source.host + "|" + String(packet.port)
        let overIPv4 = TCPEndpoint.isIPv4Literal(source.host)
        if var existing = self.entries[key] {
            let ipv4IsFresh = existing.lastSeenIPv4.map { now - $0 <= self.expiry } ?? false
            if overIPv4 || !ipv4IsFresh {
                existing.endpoint = endpoint
            } else {
                existing.endpoint.port = packet.port
            }
            if overIPv4 { existing.lastSeenIPv4 = now }
            existing.flags = packet.flags
            existing.packet = packet
            existing.lastSeen = now
            self.entries[key] = existing
            return .refreshed
        }
        if member != nil {  // a newcomer we could not name before: now we can
            self.entries["at:" + source.host + "|" + String(packet.port)] = nil
        }
        guard self.entries.count < Self.maximumPeers else { return .full }
        self.entries[key] = DiscoveredPeer(
            author: member?.author, name: member?.name ?? "unknown member", endpoint: endpoint, flags: packet.flags,
            packet: packet, firstSeen: now, lastSeen: now, lastSeenIPv4: overIPv4 ? now : nil)
        return .new
    }

    /// Removes peers silent for more than ``expiry`` seconds (and nonces too old to be
    /// replayed); returns the peers removed.
    @discardableResult
    public mutating func expire(now: TimeInterval) -> [DiscoveredPeer] {
        let gone = self.entries.filter { now - $0.value.lastSeen > self.expiry }
        for key in gone.keys { self.entries[key] = nil }
        let window = TimeInterval(DiscoveryLimits.maximumClockSkew * 2)
        self.nonces = self.nonces.filter { now - $0.value <= window }
        return Array(gone.values)
    }
}
