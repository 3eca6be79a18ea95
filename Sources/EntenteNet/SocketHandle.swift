import EntenteLocking
import Foundation
import Glibc

/// Ignores `SIGPIPE` for the whole process, exactly once. Writing to a socket whose
/// peer has gone away must give `EPIPE`, never kill the process. (Sends also pass
/// `MSG_NOSIGNAL`; this covers any other code path that writes to a socket.)
private let ignoreSIGPIPEOnce: Void = {
    _ = signal(SIGPIPE, SIG_IGN)
}()

/// Ignores `SIGPIPE` for the process. Called automatically by every socket this
/// module creates; calling it again is free.
public func ignoreSIGPIPE() {
    _ = ignoreSIGPIPEOnce
}

/// A reference-counted owner of one POSIX socket file descriptor.
///
/// A connected TCP socket is shared by a ``SocketInputStream`` and a
/// ``SocketOutputStream``. Each stream *uses* the handle; the descriptor is closed
/// when every user has released it (both streams closed), when ``close()`` is
/// called explicitly, or when the handle is deallocated.
///
/// Closing is safe while another thread is blocked in a read, write, or `poll` on
/// the descriptor: ``close()`` first calls `shutdown(SHUT_RDWR)`, which wakes those
/// threads, and the descriptor itself is only closed once no operation is using it
/// (so a recycled descriptor number can never be read by mistake).
public final class SocketHandle: Sendable {
    private struct State {
        var fd: Int32
        var users: Int
        var inFlight = 0
        var closed = false

        /// Closes the descriptor once it is closed and no operation uses it.
        mutating func closeIfUnused() {
            if self.closed && self.inFlight == 0 && self.fd >= 0 {
                _ = Glibc.close(self.fd)
                self.fd = -1
            }
        }
    }

    private let state: LockedValue<State>

    /// Takes ownership of `fd`, with `users` holders (2 for an input/output pair).
    init(fd: Int32, users: Int = 1) {
        ignoreSIGPIPE()
        self.state = LockedValue(State(fd: fd, users: max(users, 1)))
    }

    deinit {
        self.state.withLock { state in
            if state.fd >= 0 { _ = Glibc.close(state.fd) }
        }
    }

    /// Whether ``close()`` has been called or all users have released the handle.
    public var isClosed: Bool { self.state.withLock { $0.closed } }

    /// Runs `body` with the descriptor, keeping it open for the duration.
    /// Throws ``NetError/Kind/closed`` if the handle is already closed.
    func withDescriptor<T>(_ what: String, _ body: (Int32) throws -> T) throws -> T {
        let descriptor = self.state.withLock { state -> Int32? in
            guard !state.closed && state.fd >= 0 else { return nil }
            state.inFlight += 1
            return state.fd
        }
        guard let descriptor else { throw NetError.notOpen(what) }
        defer {
            self.state.withLock { state in
                state.inFlight -= 1
                state.closeIfUnused()
            }
        }
        return try body(descriptor)
    }

    /// Adds a user (see ``release()``).
    func retain() {
        self.state.withLock { $0.users += 1 }
    }

    /// Drops one user; the last one closes the descriptor.
    func release() {
        let last = self.state.withLock { state in
            state.users -= 1
            return state.users <= 0
        }
        if last { self.close() }
    }

    /// Half-closes the sending direction (`shutdown(SHUT_WR)`): the peer reads EOF,
    /// while this side can still read what the peer sends.
    func shutdownWrite() {
        self.state.withLock { state in
            if !state.closed && state.fd >= 0 { _ = shutdown(state.fd, Int32(SHUT_WR)) }
        }
    }

    /// Shuts down the receiving direction (`shutdown(SHUT_RD)`), waking a blocked reader.
    func shutdownRead() {
        self.state.withLock { state in
            if !state.closed && state.fd >= 0 { _ = shutdown(state.fd, Int32(SHUT_RD)) }
        }
    }

    /// Closes the socket now, whatever the number of users. Blocked operations on
    /// other threads wake up and fail with ``NetError/Kind/closed`` or see EOF.
    /// Idempotent.
    public func close() {
        self.state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            guard state.fd >= 0 else { return }
            _ = shutdown(state.fd, Int32(SHUT_RDWR))
            state.closeIfUnused()
        }
    }
}

// MARK: - POSIX helpers shared by the module

/// Monotonic time in seconds, for deadlines.
func monotonicNow() -> TimeInterval {
    var ts = timespec()
    _ = clock_gettime(CLOCK_MONOTONIC, &ts)
    return TimeInterval(ts.tv_sec) + TimeInterval(ts.tv_nsec) / 1_000_000_000
}

/// A point in time after which an operation gives up; `nil` seconds means never.
struct Deadline {
    let seconds: TimeInterval?
    private let end: TimeInterval?

    init(_ seconds: TimeInterval?) {
        if let seconds, seconds.isFinite {
            self.seconds = max(seconds, 0)
            self.end = monotonicNow() + max(seconds, 0)
        } else {
            self.seconds = nil
            self.end = nil
        }
    }

    /// The `poll` timeout in milliseconds: -1 for "forever", otherwise the time left
    /// rounded up (so a poll never returns just before the deadline), capped.
    var pollMilliseconds: Int32 {
        guard let end else { return -1 }
        let left = end - monotonicNow()
        if left <= 0 { return 0 }
        let ms = (left * 1000).rounded(.up)
        return ms >= Double(Int32.max) ? Int32.max : Int32(ms)
    }

    var hasExpired: Bool {
        guard let end else { return false }
        return monotonicNow() >= end
    }
}

/// Waits until `fd` is ready for `events` (POLLIN / POLLOUT). Retries on `EINTR` with
/// the remaining time. Returns the `revents`, or `nil` on timeout.
func pollDescriptor(_ fd: Int32, events: Int16, deadline: Deadline) throws -> Int16? {
    while true {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let result = poll(&entry, 1, deadline.pollMilliseconds)
        if result > 0 { return entry.revents }
        if result == 0 {
            if deadline.hasExpired || deadline.seconds == nil { return nil }
            continue // woke a little early; poll again for the rest
        }
        let code = errno
        if code == EINTR { continue }
        throw NetError.system(.readFailed, "poll failed", errno: code)
    }
}

/// Sets or clears `O_NONBLOCK`.
func setNonBlocking(_ fd: Int32, _ on: Bool) throws {
    let flags = fcntl(fd, F_GETFL, 0)
    if flags < 0 {
        throw NetError.system(.socketSetupFailed, "fcntl(F_GETFL) failed", errno: errno)
    }
    let newFlags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK)
    if fcntl(fd, F_SETFL, newFlags) < 0 {
        throw NetError.system(.socketSetupFailed, "fcntl(F_SETFL) failed", errno: errno)
    }
}

/// `setsockopt` for an `Int32` option.
func setSocketOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32, _ label: String) throws {
    var v = value
    if setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) != 0 {
        throw NetError.system(.socketSetupFailed, "setsockopt(\(label)) failed", errno: errno)
    }
}

/// Creates a close-on-exec socket.
func makeSocket(family: Int32, type: Int32, what: String) throws -> Int32 {
    ignoreSIGPIPE()
    let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
    if fd < 0 {
        let code = errno
        var hint: String? = nil
        if code == EAFNOSUPPORT { hint = "This system has no \(family == AF_INET6 ? "IPv6" : "IPv4") support" }
        if code == EMFILE || code == ENFILE { hint = "Too many open files; close some connections or raise `ulimit -n`" }
        throw NetError.system(.socketSetupFailed, "could not create a socket for \(what)", errno: code, hint: hint)
    }
    return fd
}
