import Glibc
import Foundation

/// The two streams of one connected TCP socket, plus the addresses of both ends.
///
/// Both streams share one ``SocketHandle``; the socket is closed once both streams
/// are closed, or at once by ``close()``.
public struct SocketStreamPair: @unchecked Sendable {
    // Foundation declares `InputStream` and `OutputStream` not `Sendable`, so the compiler
    // cannot see that ours are: each keeps its state behind a lock (`SocketStreamState`)
    // and their socket handle is checked `Sendable`. A pair is closed from other threads
    // (a stopping server) while its session's thread reads it.
    /// Reads what the peer sends.
    public let input: SocketInputStream
    /// Sends to the peer.
    public let output: SocketOutputStream
    /// The peer's numeric address, e.g. `127.0.0.1:52114` or `[::1]:52114`.
    public let remote: TCPEndpoint
    /// This side's numeric address.
    public let local: TCPEndpoint
    /// The shared socket.
    public let handle: SocketHandle

    /// Wraps a connected socket; both streams are opened.
    init(connectedFD fd: Int32) {
        let handle = SocketHandle(fd: fd, users: 2)
        self.handle = handle
        self.input = SocketInputStream(handle: handle)
        self.output = SocketOutputStream(handle: handle)
        self.remote = SocketAddress.peer(of: fd)?.endpoint ?? TCPEndpoint(host: "?", port: 0)
        self.local = SocketAddress.local(of: fd)?.endpoint ?? TCPEndpoint(host: "?", port: 0)
        input.open()
        output.open()
    }

    /// Sets the idle ``SocketInputStream/timeout`` and ``SocketOutputStream/timeout``
    /// of both streams (`nil` waits forever).
    public func setTimeout(_ seconds: TimeInterval?) {
        input.timeout = seconds
        output.timeout = seconds
    }

    /// Closes both streams and the socket now. Blocked reads and writes on other
    /// threads return. Idempotent.
    public func close() {
        input.close()
        output.close()
        handle.close()
    }
}

/// Configures a freshly connected or accepted TCP socket: blocking mode, no Nagle
/// delay (Entente sends small request/response frames), keepalive.
func configureConnectedSocket(_ fd: Int32) throws {
    try setNonBlocking(fd, false)
    try setSocketOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1, "TCP_NODELAY")
    try setSocketOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE")
}
