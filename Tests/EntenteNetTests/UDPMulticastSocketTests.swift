import Foundation
import Glibc
import Testing
@testable import EntenteNet

/// UDP tests send only to loopback: unicast to 127.0.0.1 / ::1, and IPv4 multicast with
/// the outgoing interface pinned to 127.0.0.1 (TTL 1), so nothing leaves this machine.
@Suite("UDP over loopback", .timeLimit(.minutes(1)))
struct UDPMulticastSocketTests {
    @Test("unicast send and receive over 127.0.0.1")
    func unicastIPv4() throws {
        let receiver = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { receiver.close() }
        let sender = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { sender.close() }
        #expect(receiver.localPort != 0)

        let message = Array("entente hello".utf8)
        try sender.send(message, to: TCPEndpoint(host: "127.0.0.1", port: receiver.localPort))
        let datagram = try #require(try receiver.receive(timeout: 2))
        #expect(datagram.bytes == message)
        #expect(datagram.source == TCPEndpoint(host: "127.0.0.1", port: sender.localPort))

        // An empty datagram is a datagram too.
        try sender.send([], to: TCPEndpoint(host: "127.0.0.1", port: receiver.localPort))
        #expect(try receiver.receive(timeout: 2)?.bytes == [])
    }

    @Test("unicast send and receive over ::1", .enabled(if: ipv6LoopbackAvailable))
    func unicastIPv6() throws {
        let receiver = try UDPMulticastSocket(family: .ipv6, port: 0)
        defer { receiver.close() }
        let sender = try UDPMulticastSocket(family: .ipv6, port: 0)
        defer { sender.close() }
        try sender.send([1, 2, 3], to: TCPEndpoint(host: "::1", port: receiver.localPort))
        let datagram = try #require(try receiver.receive(timeout: 2))
        #expect(datagram.bytes == [1, 2, 3])
        #expect(datagram.source == TCPEndpoint(host: "::1", port: sender.localPort))
    }

    @Test("receive times out with nil")
    func receiveTimeout() throws {
        let socket = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { socket.close() }
        var result: UDPDatagram?
        let seconds = try elapsed { result = try socket.receive(timeout: 0.2) }
        #expect(result == nil)
        #expect(seconds >= 0.19 && seconds < 2, "took \(seconds) s")
    }

    @Test("oversize datagrams are refused on send and dropped on receive")
    func oversize() throws {
        let receiver = try UDPMulticastSocket(family: .ipv4, port: 0, maximumDatagramSize: 100)
        defer { receiver.close() }
        let sender = try UDPMulticastSocket(family: .ipv4, port: 0, maximumDatagramSize: 2000)
        defer { sender.close() }
        let destination = TCPEndpoint(host: "127.0.0.1", port: receiver.localPort)

        let error = expectNetError(.datagramTooLarge) { try receiver.send(Array(repeating: 0, count: 101), to: destination) }
        #expect(error?.message.contains("101 bytes exceeds the maximum of 100 bytes") == true)
        #expect(UDPMulticastSocket.maximumDatagramSize == 1200)
        #expect((try? UDPMulticastSocket(family: .ipv4, port: 0).maxDatagramSize) == 1200)

        try sender.send(Array(repeating: 1, count: 500), to: destination) // too big for the receiver
        try sender.send(Array(repeating: 2, count: 100), to: destination) // exactly the maximum
        let datagram = try #require(try receiver.receive(timeout: 2))
        #expect(datagram.bytes == Array(repeating: 2, count: 100))
        #expect(receiver.droppedOversizeCount == 1)

        expectNetError(.invalidArgument) { _ = try UDPMulticastSocket(maximumDatagramSize: 0) }
        expectNetError(.invalidArgument) { _ = try UDPMulticastSocket(maximumDatagramSize: 70000) }
    }

    @Test("bad destinations, groups and families throw typed errors")
    func badInput() throws {
        let v4 = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { v4.close() }
        expectNetError(.malformedAddress) { try v4.send([1], to: TCPEndpoint(host: "localhost", port: 1)) }
        expectNetError(.malformedAddress) { try v4.send([1], to: TCPEndpoint(host: "::1", port: 1)) }
        expectNetError(.malformedAddress) { try v4.joinGroup("127.0.0.1", interfaceAddress: "127.0.0.1") }
        expectNetError(.malformedAddress) { try v4.joinGroup("239.1.2.300", interfaceAddress: "127.0.0.1") }
        expectNetError(.malformedAddress) { try v4.setOutgoingInterface(address: "lo") }
        expectNetError(.invalidArgument) { try v4.joinGroup("ff02::1", interfaceIndex: 1) }
        expectNetError(.invalidArgument) { _ = try UDPMulticastSocket.interfaceIndex(named: "no-such-interface0") }
        expectNetError(.multicastFailed) { try v4.joinGroup("239.255.74.20", interfaceAddress: "192.0.2.1") }
        v4.close()
        expectNetError(.closed) { _ = try v4.receive(timeout: 0) }
        expectNetError(.closed) { try v4.send([1], to: TCPEndpoint(host: "127.0.0.1", port: 9)) }
    }

    @Test("closing the socket wakes a blocked receive")
    func closeWakesReceive() throws {
        let socket = try UDPMulticastSocket(family: .ipv4, port: 0)
        let outcome = Locked<NetError.Kind?>(nil)
        let receiver = Background {
            do {
                _ = try socket.receive(timeout: 30)
            } catch let error as NetError {
                outcome.withValue { $0 = error.kind }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let seconds = try elapsed {
            socket.close()
            try receiver.join(timeout: 5)
        }
        #expect(seconds < 2)
        #expect(outcome.current == .closed)
    }

    @Test("IPv4 multicast on loopback: two sockets share the port and both receive")
    func multicastIPv4Loopback() throws {
        let group = "239.255.74.20"
        // Two listeners on one port (SO_REUSEADDR + SO_REUSEPORT), as two processes would be.
        let first = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { first.close() }
        let second = try UDPMulticastSocket(family: .ipv4, port: first.localPort)
        defer { second.close() }
        #expect(second.localPort == first.localPort)
        try first.joinGroup(group, interfaceAddress: "127.0.0.1")
        try second.joinGroup(group, interfaceAddress: "127.0.0.1")

        let sender = try UDPMulticastSocket(family: .ipv4, port: 0)
        defer { sender.close() }
        // Pinned to loopback; if this throws, nothing is sent.
        try sender.setOutgoingInterface(address: "127.0.0.1")
        let message = Array("discover entente".utf8)
        try sender.send(message, to: TCPEndpoint(host: group, port: first.localPort))

        for socket in [first, second] {
            let datagram = try #require(try socket.receive(timeout: 2))
            #expect(datagram.bytes == message)
            #expect(datagram.source == TCPEndpoint(host: "127.0.0.1", port: sender.localPort))
        }

        // After leaving, the first socket no longer gets group traffic.
        try first.leaveGroup(group, interfaceAddress: "127.0.0.1")
        try sender.send([7], to: TCPEndpoint(host: group, port: first.localPort))
        #expect(try second.receive(timeout: 2)?.bytes == [7])
        #expect(try first.receive(timeout: 0.3) == nil)
    }

    @Test("IPv6 multicast: joining a group and choosing the loopback interface work (no send)",
          .enabled(if: ipv6LoopbackAvailable))
    func multicastIPv6Setup() throws {
        let lo = try UDPMulticastSocket.interfaceIndex(named: "lo")
        #expect(lo > 0)
        let socket = try UDPMulticastSocket(family: .ipv6, port: 0)
        defer { socket.close() }
        try socket.joinGroup("ff02::7420", interfaceIndex: lo)
        try socket.setOutgoingInterface(index: lo)
        try socket.leaveGroup("ff02::7420", interfaceIndex: lo)
        expectNetError(.malformedAddress) { try socket.joinGroup("fe80::1", interfaceIndex: lo) }
        expectNetError(.invalidArgument) { try socket.setOutgoingInterface(address: "127.0.0.1") }
    }
}
