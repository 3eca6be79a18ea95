import EntenteLocking
import Foundation
import Glibc

/// The writing half of a connected socket, as a Foundation `OutputStream`.
///
/// **Blocking, no events.** As with ``SocketInputStream``, no RunLoop delegate events
/// are delivered on Linux. ``write(_:maxLength:)`` blocks until the kernel accepts at
/// least one byte (or ``timeout`` passes) and, per the `OutputStream` contract, may
/// write fewer bytes than asked; use ``writeAll(_:)`` to send everything.
///
/// Writing to a connection the peer has closed fails with ``NetError/Kind/peerClosed``
/// (`EPIPE`/`ECONNRESET`); it never raises `SIGPIPE` (`MSG_NOSIGNAL` is used and the
/// signal is ignored process-wide).
///
/// ``close()`` half-closes the connection (`shutdown(SHUT_WR)`): the peer reads end of
/// stream, while the paired ``SocketInputStream`` can still read the peer's reply.
public final class SocketOutputStream: OutputStream {
    // Foundation declares its streams not `Sendable`; this one may still be used from
    // several threads (a session reads while the server closes it): every mutable state
    // is in `state`, behind its lock, and the socket handle is `Sendable`.
    private let handle: SocketHandle?
    private let state = LockedValue(SocketStreamState())

    /// The idle timeout for each write: a write that cannot hand a single byte to the
    /// kernel for this long (the peer is not reading) fails with
    /// ``NetError/Kind/timedOut``. `nil` waits forever. Default: `nil`.
    public var timeout: TimeInterval? {
        get { self.state.timeout }
        set { self.state.timeout = newValue }
    }

    /// Wraps a handle; the stream registers itself as one of the handle's users.
    init(handle: SocketHandle) {
        self.handle = handle
        super.init(toMemory: ())
    }

    /// Required by `OutputStream`. Creates a stream with **no socket**: every write
    /// fails with ``NetError/Kind/closed``. Get real streams from ``TCPConnector`` or
    /// ``TCPListener``.
    public required init(toMemory: ()) {
        self.handle = nil
        super.init(toMemory: ())
        self.state.withLock { state in
            state.lastError = NetError.notOpen("this socket output stream (it has no socket)")
            state.status = .error
        }
    }

    deinit {
        if !self.state.withLock({ $0.released }) { handle?.release() }
    }

    /// Moves the status from `.notOpen` to `.open`. The socket is already connected.
    override public func open() {
        self.state.open()
    }

    /// Half-closes the connection (the peer sees end of stream) and releases this
    /// stream's use of the socket; the socket is closed once both halves are closed.
    /// Idempotent.
    override public func close() {
        if self.state.close(), let handle {
            handle.shutdownWrite()
            handle.release()
        }
    }

    /// Closes the whole socket now (both directions, both streams).
    public func closeSocket() {
        close()
        handle?.close()
    }

    override public var streamStatus: Stream.Status { self.state.status }

    /// The last error: a ``NetError``.
    override public var streamError: Error? { self.state.lastError }

    /// `true` if a write would not block right now (the send buffer has room).
    override public var hasSpaceAvailable: Bool {
        let current = streamStatus
        guard current == .open || current == .notOpen || current == .writing, let handle else { return false }
        let revents = try? handle.withDescriptor("the output stream") { fd in
            try pollDescriptor(fd, events: Int16(POLLOUT), deadline: Deadline(0))
        }
        guard let ready = revents ?? nil else { return false }
        return ready & Int16(POLLOUT) != 0
    }

    /// Writes up to `len` bytes, blocking until at least one is accepted.
    /// - Returns: the number of bytes written (possibly fewer than `len`); -1 on error
    ///   or timeout (``streamError`` says which).
    override public func write(_ buffer: UnsafePointer<UInt8>, maxLength len: Int) -> Int {
        do {
            return try send(UnsafeRawPointer(buffer), count: len)
        } catch let error as NetError {
            record(error)
            return -1
        } catch {
            record(NetError(.writeFailed, "write failed: \(error)"))
            return -1
        }
    }

    /// No properties are supported; returns `nil`.
    override public func property(forKey key: Stream.PropertyKey) -> AnyObject? { nil }

    /// No properties are supported; returns `false`.
    override public func setProperty(_ property: AnyObject?, forKey key: Stream.PropertyKey) -> Bool { false }

    /// Accepted and ignored: no RunLoop events are delivered on Linux.
    override public func schedule(in aRunLoop: RunLoop, forMode mode: RunLoop.Mode) {}

    /// Accepted and ignored.
    override public func remove(from aRunLoop: RunLoop, forMode mode: RunLoop.Mode) {}

    // MARK: - Throwing helpers

    /// Writes all of `bytes`, looping over partial writes. ``timeout`` applies to each
    /// wait for buffer space (an idle timeout), not to the whole write.
    /// - Throws: ``NetError``: `.peerClosed`, `.timedOut`, `.closed`, `.writeFailed`.
    public func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            try writeAll(raw)
        }
    }

    /// Writes all of `data` (see `writeAll(_ bytes: [UInt8])`).
    public func writeAll(_ data: Data) throws {
        try data.withUnsafeBytes { raw in
            try writeAll(raw)
        }
    }

    /// Writes all bytes of a raw buffer, looping over partial writes.
    public func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress, raw.count > 0 else {
            try checkWritable()
            return
        }
        var sent = 0
        while sent < raw.count {
            sent += try send(base + sent, count: raw.count - sent)
        }
    }

    // MARK: - Internals

    private func record(_ error: NetError) {
        self.state.record(error)
    }

    private func checkWritable() throws {
        let (current, previous) = self.state.withLock { ($0.status, $0.lastError) }
        switch current {
        case .closed, .atEnd:
            throw NetError.notOpen("the output stream")
        case .error:
            throw previous ?? NetError.notOpen("the output stream")
        default:
            break
        }
    }

    /// One `send` of up to `count` bytes after waiting for buffer space; returns > 0.
    private func send(_ buffer: UnsafeRawPointer, count: Int) throws -> Int {
        try checkWritable()
        guard let handle else { throw NetError.notOpen("the output stream") }
        if count <= 0 { return 0 }
        let limit = timeout
        let deadline = Deadline(limit)
        do {
            return try handle.withDescriptor("the output stream") { fd in
                while true {
                    guard let revents = try pollDescriptor(fd, events: Int16(POLLOUT), deadline: deadline) else {
                        throw NetError.timedOut(after: limit ?? 0, "waiting for the peer to accept data")
                    }
                    _ = revents
                    // MSG_DONTWAIT: a blocking send would wait until *all* `count` bytes
                    // were queued, ignoring the timeout; take what fits and poll again.
                    let n = Glibc.send(fd, buffer, count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                    if n > 0 { return n }
                    if n == 0 { continue }
                    let code = errno
                    if code == EINTR || code == EAGAIN || code == EWOULDBLOCK { continue }
                    throw NetError.io("writing to the connection", errno: code)
                }
            }
        } catch let error as NetError {
            if error.kind != .timedOut { record(error) }
            throw error
        }
    }
}
