import Glibc
import Foundation

/// Opens outgoing TCP connections. The replacement for `Stream.getStreamsToHost`,
/// which swift-corelibs-foundation does not provide.
///
/// ```swift
/// let pair = try TCPConnector.connect(to: TCPEndpoint(parsing: "192.168.1.20:7420"), timeout: 10)
/// pair.setTimeout(30)
/// try pair.output.writeAll(hello)
/// let reply = try pair.input.readExactly(32)
/// ```
public enum TCPConnector {
    /// The default connect timeout, in seconds.
    public static let defaultTimeout: TimeInterval = 10

    /// Connects to `endpoint`, trying each address the host resolves to (IPv4 and
    /// IPv6) in turn until one accepts. Each attempt is a non-blocking `connect`
    /// followed by `poll`; `timeout` bounds the whole call, across all addresses.
    /// The returned socket is in blocking mode with `TCP_NODELAY` set.
    ///
    /// - Throws: ``NetError``: `.resolutionFailed`; `.connectionRefused` ("could not
    ///   connect to 127.0.0.1:7420: connection refused. Is `entente serve` running
    ///   there?"); `.timedOut`; `.connectFailed` for other failures.
    public static func connect(to endpoint: TCPEndpoint,
                               timeout: TimeInterval = TCPConnector.defaultTimeout) throws -> SocketStreamPair {
        let deadline = Deadline(timeout)
        let addresses = try endpoint.resolve()
        var failures: [NetError] = []
        for address in addresses {
            if deadline.hasExpired { break }
            do {
                let fd = try connectOne(address, endpoint: endpoint, deadline: deadline)
                return SocketStreamPair(connectedFD: fd)
            } catch let error as NetError {
                failures.append(error)
            }
        }
        // Report the most useful failure: a refusal beats a timeout beats the rest.
        if let refused = failures.first(where: { $0.kind == .connectionRefused }) { throw refused }
        if let other = failures.first(where: { $0.kind != .timedOut }) { throw other }
        throw NetError.timedOut(after: timeout,
                                "connecting to \(endpoint). Is the address right, and is the peer reachable on this network?")
    }

    /// Parses `address` (see ``TCPEndpoint/init(parsing:defaultPort:)``) and connects.
    public static func connect(to address: String,
                               timeout: TimeInterval = TCPConnector.defaultTimeout) throws -> SocketStreamPair {
        try connect(to: TCPEndpoint(parsing: address), timeout: timeout)
    }

    private static func connectOne(_ address: SocketAddress, endpoint: TCPEndpoint,
                                   deadline: Deadline) throws -> Int32 {
        let shown = endpoint.isNumericHost ? endpoint.description : "\(endpoint) (\(address))"
        let fd = try makeSocket(family: address.family, type: Int32(SOCK_STREAM.rawValue), what: "connecting to \(shown)")
        var keep = false
        defer { if !keep { _ = Glibc.close(fd) } }
        try setNonBlocking(fd, true)

        let result = address.withSockAddr { sa, len in Glibc.connect(fd, sa, len) }
        if result != 0 {
            let code = errno
            // EINTR: the connect continues in the background, like EINPROGRESS.
            guard code == EINPROGRESS || code == EINTR else { throw failure(shown, errno: code) }
            guard let revents = try pollDescriptor(fd, events: Int16(POLLOUT), deadline: deadline) else {
                throw NetError.timedOut(after: deadline.seconds ?? 0, "connecting to \(shown)")
            }
            _ = revents
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) != 0 {
                throw failure(shown, errno: errno)
            }
            if soError != 0 { throw failure(shown, errno: soError) }
        }
        try configureConnectedSocket(fd)
        keep = true
        return fd
    }

    private static func failure(_ shown: String, errno code: Int32) -> NetError {
        switch code {
        case ECONNREFUSED:
            return NetError(.connectionRefused,
                            "could not connect to \(shown): connection refused. Is `entente serve` running there?",
                            errno: code)
        case ETIMEDOUT:
            return NetError(.timedOut, "could not connect to \(shown): the connection attempt timed out", errno: code)
        case ENETUNREACH, EHOSTUNREACH:
            return .system(.connectFailed, "could not connect to \(shown)", errno: code,
                           hint: "Check that this machine is on the same network as the peer")
        default:
            return .system(.connectFailed, "could not connect to \(shown)", errno: code)
        }
    }
}
