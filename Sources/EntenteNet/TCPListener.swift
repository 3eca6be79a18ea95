import EntenteLocking
import Glibc
import Foundation

/// A listening TCP socket.
///
/// ```swift
/// let listener = try TCPListener(bind: "::", port: 7420)   // IPv6 and IPv4
/// while !stopping {
///     guard let pair = try listener.accept(timeout: 1) else { continue } // nil: timed out
///     Thread.detachNewThread { serve(pair) }
/// }
/// ```
/// ``close()`` (from any thread) wakes a blocked ``accept(timeout:)``, which then
/// throws ``NetError/Kind/closed``, ending such a loop.
public final class TCPListener: Sendable {
    /// The default `listen` backlog.
    public static let defaultBacklog: Int32 = 128

    private let handle: SocketHandle
    /// A pipe whose read end `accept` also polls, so ``close()`` can wake it.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Whether ``close()`` wrote to and closed the pipe's write end.
    private let wakeClosed = LockedValue(false)

    /// The address actually bound, e.g. `[::]:7420` or `127.0.0.1:41234`.
    public let localEndpoint: TCPEndpoint

    /// The port actually bound (the kernel's choice when created with port 0).
    public var localPort: UInt16 { localEndpoint.port }

    /// Binds and listens.
    ///
    /// - Parameters:
    ///   - host: an IPv4 or IPv6 literal or a name: `"127.0.0.1"`, `"::1"`,
    ///     `"0.0.0.0"` (all IPv4), or `"::"` (all addresses, dual-stack: IPv4 clients
    ///     are accepted too, shown as `::ffff:a.b.c.d`). Brackets are allowed.
    ///   - port: the port, or 0 for an ephemeral port (see ``localPort``).
    ///   - backlog: the `listen` backlog.
    /// - Throws: ``NetError``: `.addressInUse` if the port is taken,
    ///   `.resolutionFailed`, `.socketSetupFailed`.
    public init(bind host: String = "::", port: UInt16 = 0, backlog: Int32 = TCPListener.defaultBacklog) throws {
        var bindHost = host.trimmingCharacters(in: .whitespaces)
        if bindHost.hasPrefix("["), bindHost.hasSuffix("]") {
            bindHost = String(bindHost.dropFirst().dropLast())
        }
        if bindHost.isEmpty || bindHost == "*" { bindHost = "::" }
        let endpoint = TCPEndpoint(host: bindHost, port: port)
        guard let address = try endpoint.resolve(passive: true).first else {
            throw NetError(.resolutionFailed, "could not resolve \"\(host)\" to listen on")
        }
        let fd = try makeSocket(family: address.family, type: Int32(SOCK_STREAM.rawValue),
                                what: "listening on \(endpoint)")
        var keep = false
        defer { if !keep { _ = Glibc.close(fd) } }

        try setSocketOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR")
        if address.family == AF_INET6 {
            // Dual-stack on "::": accept IPv4-mapped connections as well.
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0, "IPV6_V6ONLY")
        }
        // Non-blocking so an accept after a poll can never hang if the client vanished.
        try setNonBlocking(fd, true)

        if address.withSockAddr({ sa, len in Glibc.bind(fd, sa, len) }) != 0 {
            let code = errno
            if code == EADDRINUSE {
                throw NetError(.addressInUse,
                               "could not listen on \(endpoint): the port is already in use. Is another `entente serve` running? Choose another port or stop it",
                               errno: code)
            }
            if code == EACCES {
                throw NetError.system(.socketSetupFailed, "could not listen on \(endpoint)", errno: code,
                                      hint: "Ports below 1024 need privileges; use a port above 1024")
            }
            if code == EADDRNOTAVAIL {
                throw NetError.system(.socketSetupFailed, "could not listen on \(endpoint)", errno: code,
                                      hint: "That address does not belong to this machine")
            }
            throw NetError.system(.socketSetupFailed, "could not listen on \(endpoint)", errno: code)
        }
        if listen(fd, backlog) != 0 {
            throw NetError.system(.socketSetupFailed, "listen on \(endpoint) failed", errno: errno)
        }

        var pipeEnds: [Int32] = [-1, -1]
        if pipe(&pipeEnds) != 0 {
            throw NetError.system(.socketSetupFailed, "could not create the listener's wake-up pipe", errno: errno)
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        localEndpoint = SocketAddress.local(of: fd)?.endpoint ?? endpoint
        handle = SocketHandle(fd: fd)
        keep = true
    }

    deinit {
        close()
        if wakeRead >= 0 { _ = Glibc.close(wakeRead) }
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle.isClosed }

    /// Waits up to `timeout` seconds (`nil`: forever) for a client.
    ///
    /// - Returns: the connected streams (blocking, `TCP_NODELAY`, no timeout set),
    ///   or `nil` if the timeout passed, so a server loop can check a stop flag.
    /// - Throws: ``NetError/Kind/closed`` once the listener is closed (also when
    ///   closed while waiting); ``NetError/Kind/acceptFailed`` for other failures,
    ///   such as running out of file descriptors.
    public func accept(timeout: TimeInterval?) throws -> SocketStreamPair? {
        let deadline = Deadline(timeout)
        let accepted: Int32? = try handle.withDescriptor("the listener") { fd -> Int32? in
            while true {
                if handle.isClosed { throw NetError.notOpen("the listener") }
                var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&entries, 2, deadline.pollMilliseconds)
                if ready < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw NetError.system(.acceptFailed, "poll on the listener failed", errno: code)
                }
                if handle.isClosed || entries[1].revents != 0 { throw NetError.notOpen("the listener") }
                if ready == 0 || entries[0].revents == 0 {
                    if deadline.hasExpired { return nil }
                    continue
                }
                // (accept4 is not exported by Glibc's Swift module; set FD_CLOEXEC after.)
                let client = Glibc.accept(fd, nil, nil)
                if client >= 0 {
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    return client
                }
                let code = errno
                switch code {
                case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO:
                    // Spurious wake-up or a client that gave up; keep waiting.
                    if deadline.hasExpired { return nil }
                    continue
                case EMFILE, ENFILE:
                    throw NetError.system(.acceptFailed, "could not accept a connection", errno: code,
                                          hint: "Too many open files; close some connections or raise `ulimit -n`")
                case EBADF, EINVAL:
                    throw NetError.notOpen("the listener")
                default:
                    throw NetError.system(.acceptFailed, "could not accept a connection", errno: code)
                }
            }
        }
        guard let client = accepted else { return nil }
        do {
            try configureConnectedSocket(client)
        } catch {
            _ = Glibc.close(client)
            throw error
        }
        return SocketStreamPair(connectedFD: client)
    }

    /// Stops listening and wakes any thread blocked in ``accept(timeout:)``.
    /// Connections already accepted are not affected. Idempotent.
    public func close() {
        let first = self.wakeClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        handle.close()
        if first {
            var byte: UInt8 = 1
            _ = Glibc.write(wakeWrite, &byte, 1)
            _ = Glibc.close(wakeWrite)
        }
    }
}
