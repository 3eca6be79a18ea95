import EntenteLocking
import Foundation
import Glibc

/// The reading half of a connected socket, as a Foundation `InputStream`.
///
/// **Blocking, no events.** swift-corelibs-foundation on Linux delivers no RunLoop
/// delegate events for custom streams, so this stream is synchronous: ``read(_:maxLength:)``
/// blocks until at least one byte arrives, the peer closes (returns 0, status
/// `.atEnd`), an error occurs (returns -1, see ``streamError``), or ``timeout``
/// passes with nothing received. `schedule(in:forMode:)` and the delegate are
/// accepted but never called back. Use one thread (or task on a thread that may
/// block) per connection.
///
/// The socket needs no opening: the stream is usable right away, and ``open()``
/// only moves ``streamStatus`` from `.notOpen` to `.open`. The throwing helpers
/// ``readSome(max:)`` and ``readExactly(_:)`` work on a stream that has not been opened.
///
/// Timeouts are not fatal: after a timeout the stream stays open and can be read again.
/// Closing the stream (from any thread) wakes a blocked reader; the socket itself is
/// closed once its ``SocketOutputStream`` is closed too.
public final class SocketInputStream: InputStream {
    // Foundation declares its streams not `Sendable`; this one may still be used from
    // several threads (a session reads while the server closes it): every mutable state
    // is in `state`, behind its lock, and the socket handle is `Sendable`.
    private let handle: SocketHandle
    private let state = LockedValue(SocketStreamState())

    /// The idle timeout for each read: a read that receives nothing for this long
    /// fails with ``NetError/Kind/timedOut``. `nil` waits forever. Default: `nil`.
    public var timeout: TimeInterval? {
        get { self.state.timeout }
        set { self.state.timeout = newValue }
    }

    /// Wraps a handle; the stream registers itself as one of the handle's users.
    init(handle: SocketHandle) {
        self.handle = handle
        super.init(data: Data())
    }

    deinit {
        if !self.state.withLock({ $0.released }) { handle.release() }
    }

    /// Moves the status from `.notOpen` to `.open`. The socket is already connected.
    override public func open() {
        self.state.open()
    }

    /// Closes the reading half; the socket is closed once both halves are closed.
    /// A read blocked on another thread returns. Idempotent.
    override public func close() {
        if self.state.close() {
            handle.shutdownRead()
            handle.release()
        }
    }

    /// Closes the whole socket now (both directions, both streams).
    public func closeSocket() {
        close()
        handle.close()
    }

    override public var streamStatus: Stream.Status { self.state.status }

    /// The last error: a ``NetError``.
    override public var streamError: Error? { self.state.lastError }

    /// `true` if a read would not block right now: bytes are waiting, or the peer has
    /// closed (the read then returns 0). `false` once closed or at end.
    override public var hasBytesAvailable: Bool {
        let current = streamStatus
        guard current == .open || current == .notOpen || current == .reading else { return false }
        let revents = try? handle.withDescriptor("the input stream") { fd in
            try pollDescriptor(fd, events: Int16(POLLIN), deadline: Deadline(0))
        }
        guard let ready = revents ?? nil else { return false }
        return ready & Int16(POLLIN | POLLHUP | POLLERR) != 0
    }

    /// Reads up to `len` bytes, blocking as described on the type.
    /// - Returns: the number of bytes read; 0 at end of stream; -1 on error or timeout
    ///   (``streamError`` says which).
    override public func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        do {
            let count = try receive(into: UnsafeMutableRawPointer(buffer), count: len)
            return count
        } catch let error as NetError {
            record(error)
            return -1
        } catch {
            record(NetError(.readFailed, "read failed: \(error)"))
            return -1
        }
    }

    /// No buffer is exposed; always `false`.
    override public func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
                                   length len: UnsafeMutablePointer<Int>) -> Bool {
        false
    }

    /// No properties are supported; returns `nil`.
    override public func property(forKey key: Stream.PropertyKey) -> AnyObject? { nil }

    /// No properties are supported; returns `false`.
    override public func setProperty(_ property: AnyObject?, forKey key: Stream.PropertyKey) -> Bool { false }

    /// Accepted and ignored: no RunLoop events are delivered on Linux (see the type's documentation).
    override public func schedule(in aRunLoop: RunLoop, forMode mode: RunLoop.Mode) {}

    /// Accepted and ignored.
    override public func remove(from aRunLoop: RunLoop, forMode mode: RunLoop.Mode) {}

    // MARK: - Throwing helpers

    /// Reads whatever is available, at least 1 and at most `max` bytes, waiting up to
    /// ``timeout`` for the first byte.
    /// - Throws: ``NetError``: `.peerClosed` at end of stream, `.timedOut`, `.closed`, `.readFailed`.
    public func readSome(max: Int = 65536) throws -> [UInt8] {
        guard max > 0 else {
            throw NetError(.invalidArgument, "readSome(max:) needs a positive maximum, got \(max)")
        }
        var bytes = [UInt8](repeating: 0, count: max)
        let count = try bytes.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return try receive(into: base, count: max)
        }
        if count == 0 {
            throw NetError(.peerClosed, "the peer closed the connection (no more data to read)")
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Reads exactly `count` bytes. ``timeout`` applies to each wait for more bytes
    /// (an idle timeout), not to the whole read.
    /// - Throws: ``NetError``: `.peerClosed` if the stream ends first (the message
    ///   says how many bytes arrived), `.timedOut`, `.closed`, `.readFailed`.
    public func readExactly(_ count: Int) throws -> [UInt8] {
        guard count >= 0 else {
            throw NetError(.invalidArgument, "readExactly needs a non-negative count, got \(count)")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while filled < count {
                let n = try receive(into: base + filled, count: count - filled)
                if n == 0 {
                    throw NetError(.peerClosed,
                                   "the peer closed the connection after \(filled) of \(count) expected bytes")
                }
                filled += n
            }
        }
        return bytes
    }

    // MARK: - Internals

    private func record(_ error: NetError) {
        self.state.record(error)
    }

    /// One `recv` of up to `count` bytes after waiting for readability. Returns 0 at EOF.
    private func receive(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let (current, limit, previous) = self.state.withLock { ($0.status, $0.timeout, $0.lastError) }
        switch current {
        case .closed:
            throw NetError.notOpen("the input stream")
        case .atEnd:
            return 0
        case .error:
            throw previous ?? NetError.notOpen("the input stream")
        default:
            break
        }
        if count <= 0 { return 0 }
        let deadline = Deadline(limit)
        let received: Int = try handle.withDescriptor("the input stream") { fd in
            while true {
                guard try pollDescriptor(fd, events: Int16(POLLIN), deadline: deadline) != nil else {
                    throw NetError.timedOut(after: limit ?? 0, "waiting for the peer to send data")
                }
                let n = recv(fd, buffer, count, Int32(MSG_DONTWAIT))
                if n >= 0 { return n }
                let code = errno
                if code == EINTR || code == EAGAIN || code == EWOULDBLOCK { continue }
                throw NetError.io("reading from the connection", errno: code)
            }
        }
        if received == 0 {
            self.state.withLock { if $0.status != .closed { $0.status = .atEnd } }
        }
        return received
    }
}
