import Crypto
import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import EntenteTestSupport
import EntenteWire
import Foundation
import Testing

@testable import EntenteSync

/// Discovery over loopback only: every socket joins and sends on 127.0.0.1 (TTL 1), each
/// test on a port of its own, so nothing is announced on a real interface.
enum LoopbackDiscovery {
    static func configuration(interval: TimeInterval = 0.3) -> DiscoveryConfiguration {
        DiscoveryConfiguration(port: self.uniquePort(), interface: .address("127.0.0.1"), announceInterval: interval, useIPv6: false)
    }

    private static let used = LockedValue<Set<UInt16>>([])

    /// A UDP port no other test of this process uses.
    static func uniquePort() -> UInt16 {
        self.used.withLock { used in
            while true {
                let port = UInt16.random(in: 21_000...32_000)  // below the ephemeral range (32768-60999), where port-0 sockets land
                if used.insert(port).inserted { return port }
            }
        }
    }

    /// Waits up to `timeout` seconds for `condition`.
    static func eventually(_ timeout: TimeInterval = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }

    /// A socket that sends raw datagrams to the discovery group, on loopback.
    static func rawSender() throws -> UDPMulticastSocket {
        let socket = try UDPMulticastSocket(family: .ipv4, port: 0, maximumDatagramSize: 2000)
        try socket.setOutgoingInterface(address: "127.0.0.1")
        return socket
    }
}

@Suite("Discovery peer table") struct DiscoveryPeerTableTests {
    static let key = DiscoveryKey(secret: [UInt8](repeating: 7, count: 32), collective: CollectiveID(unchecked: [UInt8](repeating: 1, count: 16)))
    static let alice = SigningIdentity()

    static func packet(port: UInt16 = 7420, time: UInt64 = 1_000) throws -> DiscoveryPacket {
        let announcement = DiscoveryAnnouncement(flags: .serving, port: port, stateHash: [UInt8](repeating: 0, count: 32))
        return try key.open(key.seal(announcement, signer: alice, time: time, nonce: DiscoveryKey.randomNonce()), now: time)
    }

    @Test func newThenRefreshedThenReplayed() throws {
        var table = PeerTable(expiry: 10)
        let first = try Self.packet()
        let source = TCPEndpoint(host: "10.0.0.2", port: 7421)
        #expect(table.record(first, from: source, member: (Self.alice.author, "Alice"), now: 0) == .new)
        #expect(table.record(first, from: source, member: (Self.alice.author, "Alice"), now: 1) == .replayed)
        #expect(table.record(try Self.packet(port: 7500), from: source, member: (Self.alice.author, "Alice"), now: 2) == .refreshed)
        let peer = try #require(table.peers.first)
        #expect(table.peers.count == 1)
        #expect(peer.name == "Alice" && peer.endpoint == TCPEndpoint(host: "10.0.0.2", port: 7500))  // source host, announced port
        #expect(peer.firstSeen == 0 && peer.lastSeen == 2)
    }

    @Test func ipv4IsPreferredWhileFresh() throws {
        var table = PeerTable(expiry: 10)
        let member = (Self.alice.author, "Alice")
        table.record(try Self.packet(), from: TCPEndpoint(host: "10.0.0.2", port: 1), member: member, now: 0)
        table.record(try Self.packet(), from: TCPEndpoint(host: "fe80::2%eth0", port: 1), member: member, now: 5)
        #expect(table.peers.first?.endpoint == TCPEndpoint(host: "10.0.0.2", port: 7420))  // IPv4 heard 5 s ago: kept
        table.record(try Self.packet(), from: TCPEndpoint(host: "fe80::2%eth0", port: 1), member: member, now: 10.5)
        #expect(table.peers.first?.endpoint == TCPEndpoint(host: "fe80::2%eth0", port: 7420))  // IPv4 silent too long
    }

    @Test func expiryBothSides() throws {
        var table = PeerTable(expiry: 10)
        table.record(try Self.packet(), from: TCPEndpoint(host: "10.0.0.2", port: 1), member: nil, now: 100)
        #expect(table.peers.first?.name == "unknown member")
        #expect(table.expire(now: 110).isEmpty)  // silent exactly `expiry`: kept
        #expect(table.peers.count == 1)
        #expect(table.expire(now: 110.01).count == 1)  // a moment more: gone
        #expect(table.peers.isEmpty)
    }

    @Test func maximumPeersBothSides() throws {
        var table = PeerTable(expiry: 10)
        for index in 0..<PeerTable.maximumPeers {
            let source = TCPEndpoint(host: "10.0.\(index / 250).\(index % 250)", port: 1)
            #expect(table.record(try Self.packet(), from: source, member: nil, now: 0) == .new)
        }
        #expect(table.peers.count == PeerTable.maximumPeers)  // 256 listed
        #expect(table.record(try Self.packet(), from: TCPEndpoint(host: "10.9.9.9", port: 1), member: nil, now: 0) == .full)  // the 257th is not
        #expect(table.peers.count == PeerTable.maximumPeers)
    }
}

@Suite("Discovery over loopback multicast", .serialized, .timeLimit(.minutes(1)))
struct DiscoveryLoopbackTests {
    @Test func twoMembersHearEachOtherByNameAndState() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        let alice = try collective.replica("Alice")
        let configuration = LoopbackDiscovery.configuration()
        let a = DiscoveryAnnouncer(replica: alice, port: 7420, configuration: configuration)
        let b = DiscoveryAnnouncer(replica: bob, port: 7430, flags: [.serving, .meeting], configuration: configuration)
        try a.start()
        try b.start()
        defer { a.stop(); b.stop() }
        #expect(LoopbackDiscovery.eventually { a.peers.count == 1 && b.peers.count == 1 })
        let seenByAlice = try #require(a.peers.first)
        #expect(seenByAlice.name == "Bob")
        #expect(seenByAlice.author == bob.author)
        #expect(seenByAlice.endpoint == TCPEndpoint(host: "127.0.0.1", port: 7430))  // the address is the packet's source
        #expect(seenByAlice.flags == [.serving, .meeting])
        #expect(b.peers.first?.name == "Alice")
        // Bob joined through Alice: same state, and the announcements say so.
        #expect(try alice.stateHash() == (try bob.stateHash()))
        #expect(LoopbackDiscovery.eventually { a.peers.first?.holds(stateHash: a.announcedStateHash) == true })
        // Alice edits: Bob learns the states differ at her next announcement.
        try collective.addCommitments("Alice", count: 1)
        a.announceNow()
        #expect(LoopbackDiscovery.eventually { b.peers.first?.holds(stateHash: b.announcedStateHash) == false })
    }

    @Test func anotherCollectiveAndGarbageAreIgnoredWithoutNoise() throws {
        let ours = try LoopbackCollective()
        let theirs = try LoopbackCollective()
        let alice = try ours.found("Alice")
        let mallory = try theirs.found("Mallory")
        let configuration = LoopbackDiscovery.configuration()
        let a = DiscoveryAnnouncer(replica: alice, port: 7420, configuration: configuration)
        let m = DiscoveryAnnouncer(replica: mallory, port: 7420, configuration: configuration)
        try a.start()
        try m.start()
        defer { a.stop(); m.stop() }
        let sender = try LoopbackDiscovery.rawSender()
        defer { sender.close() }
        let group = TCPEndpoint(host: configuration.ipv4Group, port: configuration.port)
        let key = DiscoveryKey(secret: try alice.collectiveSecret(), collective: alice.collective)
        let valid = key.seal(
            DiscoveryAnnouncement(flags: .serving, port: 9, stateHash: []), signer: SigningIdentity(),
            time: UInt64(Date().timeIntervalSince1970), nonce: DiscoveryKey.randomNonce())
        for garbage in [[], Array("hello".utf8), Array(valid.prefix(175)), valid + [0], [UInt8](repeating: 0, count: 1500)] {
            try sender.send(garbage, to: group)
        }
        #expect(LoopbackDiscovery.eventually { a.ignoredCount >= 5 + 1 })  // garbage, and Mallory's announcement
        #expect(a.peers.isEmpty)
        #expect(m.peers.isEmpty)
        // A valid announcement of an unknown key of our collective is listed, as `unknown member`.
        try sender.send(valid, to: group)
        #expect(LoopbackDiscovery.eventually { a.peers.count == 1 })
        #expect(a.peers.first?.name == "unknown member")
        // The same bytes again are a replay.
        let before = a.ignoredCount
        try sender.send(valid, to: group)
        #expect(LoopbackDiscovery.eventually { a.ignoredCount > before })
    }

    /// Issue 20, item 4: Bob, who holds the collective secret, announces Carol's device key
    /// while Carol runs nothing. Alice does not list Carol; Bob's own announcement still works.
    @Test func aMemberCannotMakeAnotherAppear() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        let carol = try collective.join("Carol", via: "Alice")
        let alice = try collective.replica("Alice")
        let configuration = LoopbackDiscovery.configuration()
        let a = DiscoveryAnnouncer(replica: alice, port: 7420, configuration: configuration)
        try a.start()
        defer { a.stop() }
        let sender = try LoopbackDiscovery.rawSender()
        defer { sender.close() }
        let group = TCPEndpoint(host: configuration.ipv4Group, port: configuration.port)
        let key = DiscoveryKey(secret: try bob.collectiveSecret(), collective: bob.collective)
        let now = UInt64(Date().timeIntervalSince1970)
        // Bob seals a plaintext naming Carol's key, signed with his own.
        let header = Array(key.seal(DiscoveryAnnouncement(flags: [.serving, .meeting], port: 9, stateHash: []), signer: bob.identity,
                                    time: now, nonce: DiscoveryKey.randomNonce()).prefix(32))
        let signature = bob.identity.sign(PresenceProof.message(header: header, stateHash: [UInt8](repeating: 0, count: 32)))
        let packetKey = HMAC<SHA256>.authenticationCode(for: Array("entente/2 discovery".utf8) + bob.collective.bytes + Array(header[16..<32]),
                                                        using: SymmetricKey(data: try bob.collectiveSecret()))
        let box = try ChaChaPoly.seal(carol.author.bytes + [UInt8](repeating: 0, count: 32) + signature, using: SymmetricKey(data: Array(packetKey)),
                                      nonce: try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)), authenticating: header)
        let before = a.ignoredCount
        try sender.send(header + Array(box.ciphertext) + Array(box.tag), to: group)
        #expect(LoopbackDiscovery.eventually { a.ignoredCount > before })
        #expect(a.peers.isEmpty, "\(a.peers.map(\.name))")
        // Bob announcing himself is heard, by name.
        try sender.send(key.seal(DiscoveryAnnouncement(flags: .serving, port: 9, stateHash: []), signer: bob.identity, time: now,
                                 nonce: DiscoveryKey.randomNonce()), to: group)
        #expect(LoopbackDiscovery.eventually { a.peers.map(\.name) == ["Bob"] })
    }

    @Test func peersExpireWhenSilent() throws {
        let collective = try LoopbackCollective()
        try collective.found("Alice")
        try collective.serve("Alice")
        let bob = try collective.join("Bob", via: "Alice")
        let configuration = LoopbackDiscovery.configuration(interval: 0.2)
        let a = DiscoveryAnnouncer(replica: try collective.replica("Alice"), port: 7420, configuration: configuration)
        let b = DiscoveryAnnouncer(replica: bob, port: 7430, configuration: configuration)
        try a.start()
        try b.start()
        defer { a.stop() }
        #expect(LoopbackDiscovery.eventually { a.peers.count == 1 })
        b.stop()
        #expect(abs(configuration.expiry - 0.7) < 1e-9)
        #expect(LoopbackDiscovery.eventually(3) { a.peers.isEmpty })
    }
}
