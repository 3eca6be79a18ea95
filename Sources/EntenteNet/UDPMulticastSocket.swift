import EntenteLocking
import Glibc
import Foundation

/// One received UDP datagram.
public struct UDPDatagram: Sendable, Equatable {
    /// The payload.
    public let bytes: [UInt8]
    /// The sender's numeric address and port (``TCPEndpoint`` is used as a plain
    /// host-and-port value here).
    public let source: TCPEndpoint
}

/// A UDP socket for LAN discovery: unicast and IPv4/IPv6 multicast.
///
/// The socket binds the wildcard address (`0.0.0.0` or `::`) on a port with
/// `SO_REUSEADDR` and `SO_REUSEPORT`, so several processes on one machine can share
/// the discovery port and each receives the multicast datagrams. Multicast is sent
/// with a TTL / hop limit of 1 (never leaves the local link) and with loopback on
/// (other processes on this machine hear it).
///
/// ```swift
/// let udp = try UDPMulticastSocket(family: .ipv4, port: 7421)
/// try udp.joinGroup("239.255.74.20", interfaceAddress: "192.168.1.20")
/// try udp.setOutgoingInterface(address: "192.168.1.20")
/// try udp.send(Array("hello".utf8), to: TCPEndpoint(host: "239.255.74.20", port: 7421))
/// if let datagram = try udp.receive(timeout: 2) { ... }
/// ```
///
/// Blocking with timeouts, like the TCP streams. Destinations must be numeric
/// addresses: no name lookups happen here.
public final class UDPMulticastSocket: Sendable {
    /// The address family of the socket.
    public enum Family: Sendable {
        /// `AF_INET`; IPv4 multicast groups such as `239.255.74.20`.
        case ipv4
        /// `AF_INET6` (IPv6 only); IPv6 multicast groups such as `ff02::7420`.
        case ipv6
    }

    /// The default largest datagram sent or accepted, in bytes: small enough to
    /// never be fragmented on an ordinary LAN (1280-byte IPv6 minimum MTU minus headers).
    public static let maximumDatagramSize = 1200

    /// The largest datagram this socket sends or accepts.
    public let maxDatagramSize: Int
    /// The socket's family.
    public let family: Family
    /// The bound port (the kernel's choice when created with port 0).
    public let localPort: UInt16

    private let handle: SocketHandle
    private let dropped = LockedValue(0)

    /// How many received datagrams were discarded for exceeding ``maxDatagramSize``.
    public var droppedOversizeCount: Int { self.dropped.withLock { $0 } }

    /// Creates and binds the socket.
    /// - Parameters:
    ///   - family: IPv4 or IPv6.
    ///   - port: the port to bind, or 0 for an ephemeral one.
    ///   - maximumDatagramSize: larger datagrams are refused on send and dropped on
    ///     receive. 1...65507.
    public init(family: Family = .ipv4, port: UInt16 = 0,
                maximumDatagramSize: Int = UDPMulticastSocket.maximumDatagramSize) throws {
        guard (1...65507).contains(maximumDatagramSize) else {
            throw NetError(.invalidArgument, "the maximum datagram size must be 1-65507 bytes, got \(maximumDatagramSize)")
        }
        self.family = family
        self.maxDatagramSize = maximumDatagramSize
        let af = family == .ipv4 ? AF_INET : AF_INET6
        let fd = try makeSocket(family: af, type: Int32(SOCK_DGRAM.rawValue), what: "UDP port \(port)")
        var keep = false
        defer { if !keep { _ = Glibc.close(fd) } }

        try setSocketOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR")
        try setSocketOption(fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT")
        let bound: Int32
        if family == .ipv4 {
            try setSocketOption(fd, Int32(IPPROTO_IP), IP_MULTICAST_LOOP, 1, "IP_MULTICAST_LOOP")
            try setSocketOption(fd, Int32(IPPROTO_IP), IP_MULTICAST_TTL, 1, "IP_MULTICAST_TTL")
            // Receive only the groups *this* socket joined, not every group joined on
            // the machine (Linux's default, IP_MULTICAST_ALL = 1).
            try setSocketOption(fd, Int32(IPPROTO_IP), IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL")
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = in_addr(s_addr: 0) // INADDR_ANY
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1, "IPV6_V6ONLY")
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, 1, "IPV6_MULTICAST_LOOP")
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, 1, "IPV6_MULTICAST_HOPS")
            // Same as IP_MULTICAST_ALL; older kernels (< 4.20) lack it, which is harmless.
            _ = try? setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL")
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_any
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if bound != 0 {
            let code = errno
            throw NetError.system(code == EADDRINUSE ? .addressInUse : .socketSetupFailed,
                                  "could not bind UDP port \(port)", errno: code)
        }
        localPort = SocketAddress.local(of: fd)?.endpoint.port ?? port
        handle = SocketHandle(fd: fd)
        keep = true
    }

    deinit {
        handle.close()
    }

    /// Closes the socket; a ``receive(timeout:)`` blocked on another thread throws
    /// ``NetError/Kind/closed``. Idempotent.
    public func close() {
        handle.close()
    }

    // MARK: - Interfaces and groups

    /// The index of a network interface, e.g. `lo` or `eth0` (`if_nametoindex`).
    /// - Throws: ``NetError/Kind/invalidArgument`` if there is no such interface.
    public static func interfaceIndex(named name: String) throws -> UInt32 {
        let index = if_nametoindex(name)
        guard index != 0 else {
            throw NetError.system(.invalidArgument, "no network interface named \"\(name)\"", errno: errno)
        }
        return index
    }

    private func requireFamily(_ wanted: Family, _ what: String) throws {
        guard family == wanted else {
            throw NetError(.invalidArgument,
                           "\(what) needs an \(wanted == .ipv4 ? "IPv4" : "IPv6") socket, but this one is \(family == .ipv4 ? "IPv4" : "IPv6")")
        }
    }

    private static func ipv4(_ text: String, _ role: String) throws -> in_addr {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else {
            throw NetError(.malformedAddress, "\(role) \"\(text)\" is not an IPv4 address such as 239.255.74.20")
        }
        return address
    }

    private static func ipv6(_ text: String, _ role: String) throws -> in6_addr {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else {
            throw NetError(.malformedAddress, "\(role) \"\(text)\" is not an IPv6 address such as ff02::7420")
        }
        return address
    }

    private static func ipv4Group(_ text: String) throws -> in_addr {
        let group = try ipv4(text, "multicast group")
        let firstOctet = UInt32(bigEndian: group.s_addr) >> 24
        guard (224...239).contains(firstOctet) else {
            throw NetError(.malformedAddress, "\"\(text)\" is not an IPv4 multicast group (224.0.0.0-239.255.255.255); use one such as 239.255.74.20")
        }
        return group
    }

    private static func ipv6Group(_ text: String) throws -> in6_addr {
        let group = try ipv6(text, "multicast group")
        let first = withUnsafeBytes(of: group) { $0.first ?? 0 }
        guard first == 0xff else {
            throw NetError(.malformedAddress, "\"\(text)\" is not an IPv6 multicast group (ff00::/8); use one such as ff02::7420")
        }
        return group
    }

    private func setOption<T>(_ level: Int32, _ name: Int32, _ value: T, _ label: String,
                                               kind: NetError.Kind = .multicastFailed) throws {
        try handle.withDescriptor("the UDP socket") { fd in
            let status = withUnsafeBytes(of: value) { raw in
                setsockopt(fd, level, name, raw.baseAddress, socklen_t(raw.count))
            }
            if status != 0 {
                let code = errno
                var hint: String? = nil
                if code == ENODEV || code == EADDRNOTAVAIL {
                    hint = "Check that the interface exists, is up, and has that address"
                }
                throw NetError.system(kind, "\(label) failed", errno: code, hint: hint)
            }
        }
    }

    /// Joins an IPv4 multicast group on the interface that has `interfaceAddress`
    /// (`"0.0.0.0"` lets the kernel choose from the routing table).
    public func joinGroup(_ group: String, interfaceAddress: String = "0.0.0.0") throws {
        try requireFamily(.ipv4, "joining \(group)")
        let request = ip_mreq(imr_multiaddr: try Self.ipv4Group(group),
                              imr_interface: try Self.ipv4(interfaceAddress, "interface address"))
        try setOption(Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, request,
                      "joining multicast group \(group) on \(interfaceAddress)")
    }

    /// Leaves an IPv4 multicast group joined with ``joinGroup(_:interfaceAddress:)``.
    public func leaveGroup(_ group: String, interfaceAddress: String = "0.0.0.0") throws {
        try requireFamily(.ipv4, "leaving \(group)")
        let request = ip_mreq(imr_multiaddr: try Self.ipv4Group(group),
                              imr_interface: try Self.ipv4(interfaceAddress, "interface address"))
        try setOption(Int32(IPPROTO_IP), IP_DROP_MEMBERSHIP, request,
                      "leaving multicast group \(group) on \(interfaceAddress)")
    }

    /// Joins an IPv6 multicast group on the interface with index `interfaceIndex`
    /// (see ``interfaceIndex(named:)``; 0 lets the kernel choose).
    public func joinGroup(_ group: String, interfaceIndex: UInt32) throws {
        try requireFamily(.ipv6, "joining \(group)")
        let request = ipv6_mreq(ipv6mr_multiaddr: try Self.ipv6Group(group), ipv6mr_interface: interfaceIndex)
        try setOption(Int32(IPPROTO_IPV6), IPV6_ADD_MEMBERSHIP, request,
                      "joining multicast group \(group) on interface \(interfaceIndex)")
    }

    /// Leaves an IPv6 multicast group joined with ``joinGroup(_:interfaceIndex:)``.
    public func leaveGroup(_ group: String, interfaceIndex: UInt32) throws {
        try requireFamily(.ipv6, "leaving \(group)")
        let request = ipv6_mreq(ipv6mr_multiaddr: try Self.ipv6Group(group), ipv6mr_interface: interfaceIndex)
        try setOption(Int32(IPPROTO_IPV6), IPV6_DROP_MEMBERSHIP, request,
                      "leaving multicast group \(group) on interface \(interfaceIndex)")
    }

    /// Sends IPv4 multicast out of the interface that has `address`
    /// (`IP_MULTICAST_IF`), e.g. `"127.0.0.1"` for loopback.
    public func setOutgoingInterface(address: String) throws {
        try requireFamily(.ipv4, "IP_MULTICAST_IF")
        try setOption(Int32(IPPROTO_IP), IP_MULTICAST_IF, try Self.ipv4(address, "interface address"),
                      "choosing \(address) as the outgoing multicast interface")
    }

    /// Sends IPv6 multicast out of interface `index` (`IPV6_MULTICAST_IF`).
    public func setOutgoingInterface(index: UInt32) throws {
        try requireFamily(.ipv6, "IPV6_MULTICAST_IF")
        try setOption(Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, Int32(bitPattern: index),
                      "choosing interface \(index) as the outgoing multicast interface")
    }

    // MARK: - Sending and receiving

    /// Sends one datagram to a numeric address (unicast or a multicast group; an
    /// IPv6 link-local or multicast address may carry a zone: `ff02::7420%lo`).
    /// - Throws: ``NetError``: `.datagramTooLarge` if `bytes` exceeds
    ///   ``maxDatagramSize``; `.malformedAddress` for a non-numeric or wrong-family
    ///   address; `.writeFailed`; `.closed`.
    public func send(_ bytes: [UInt8], to destination: TCPEndpoint) throws {
        guard bytes.count <= maxDatagramSize else {
            throw NetError(.datagramTooLarge,
                           "a datagram of \(bytes.count) bytes exceeds the maximum of \(maxDatagramSize) bytes; send less per datagram")
        }
        let address = try resolveNumeric(destination)
        try handle.withDescriptor("the UDP socket") { fd in
            while true {
                let sent = bytes.withUnsafeBytes { raw in
                    address.withSockAddr { sa, len in
                        sendto(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), sa, len)
                    }
                }
                if sent >= 0 { return }
                let code = errno
                if code == EINTR || code == EAGAIN || code == EWOULDBLOCK { continue }
                if code == EMSGSIZE {
                    throw NetError.system(.datagramTooLarge, "sending \(bytes.count) bytes to \(destination) failed",
                                          errno: code)
                }
                throw NetError.system(.writeFailed, "sending a datagram to \(destination) failed", errno: code)
            }
        }
    }

    private func resolveNumeric(_ destination: TCPEndpoint) throws -> SocketAddress {
        var hints = addrinfo()
        hints.ai_family = family == .ipv4 ? AF_INET : AF_INET6
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(destination.host, String(destination.port), &hints, &result)
        defer { if let result { freeaddrinfo(result) } }
        guard status == 0, let info = result, let sa = info.pointee.ai_addr,
              let address = SocketAddress(sa, length: info.pointee.ai_addrlen) else {
            throw NetError(.malformedAddress,
                           "\"\(destination.host)\" is not a numeric \(family == .ipv4 ? "IPv4" : "IPv6") address for this UDP socket")
        }
        return address
    }

    /// Waits up to `timeout` seconds (`nil`: forever) for a datagram.
    /// Datagrams larger than ``maxDatagramSize`` are discarded (and counted in
    /// ``droppedOversizeCount``) and the wait continues.
    /// - Returns: the datagram, or `nil` if the timeout passed.
    /// - Throws: ``NetError``: `.closed` (also when closed while waiting), `.readFailed`.
    public func receive(timeout: TimeInterval?) throws -> UDPDatagram? {
        let deadline = Deadline(timeout)
        let capacity = maxDatagramSize
        return try handle.withDescriptor("the UDP socket") { fd in
            var buffer = [UInt8](repeating: 0, count: capacity)
            while true {
                guard try pollDescriptor(fd, events: Int16(POLLIN), deadline: deadline) != nil else { return nil }
                if handle.isClosed { throw NetError.notOpen("the UDP socket") }
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let received = buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutablePointer(to: &storage) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                            // MSG_TRUNC: return the real size even if the buffer is smaller.
                            recvfrom(fd, raw.baseAddress, raw.count, Int32(MSG_TRUNC | MSG_DONTWAIT), sa, &length)
                        }
                    }
                }
                if received < 0 {
                    let code = errno
                    if code == EINTR || code == EAGAIN || code == EWOULDBLOCK {
                        if deadline.hasExpired { return nil }
                        continue
                    }
                    throw NetError.system(.readFailed, "receiving a datagram failed", errno: code)
                }
                if received > capacity {
                    self.dropped.withLock { $0 += 1 }
                    continue
                }
                let source = withUnsafePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        SocketAddress($0, length: length)
                    }
                }
                return UDPDatagram(bytes: Array(buffer[0..<received]),
                                   source: source?.endpoint ?? TCPEndpoint(host: "?", port: 0))
            }
        }
    }
}
