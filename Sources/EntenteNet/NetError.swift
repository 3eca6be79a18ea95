import Glibc
import Foundation

/// An error from the socket layer.
///
/// Modelled on swift-nio-ssh's `NIOSSHError`: a struct with an open-ended ``Kind``
/// (so new kinds can be added without breaking `switch` statements), a human
/// readable ``message`` that tells the user what to do, and the `errno` value when
/// the error came from a system call.
///
/// Compare errors by kind: `if error.kind == .timedOut { ... }`.
public struct NetError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What went wrong, independent of the wording of ``message``.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A `HOST:PORT` string (or a multicast group, or a port) could not be parsed.
        public static let malformedAddress = Kind("malformedAddress")
        /// A host name could not be resolved (`getaddrinfo` failed or returned nothing).
        public static let resolutionFailed = Kind("resolutionFailed")
        /// Nothing is listening at the address (`ECONNREFUSED`).
        public static let connectionRefused = Kind("connectionRefused")
        /// Connecting failed for another reason (unreachable network, ...).
        public static let connectFailed = Kind("connectFailed")
        /// A connect, read, write, or receive did not complete within its timeout.
        public static let timedOut = Kind("timedOut")
        /// The peer closed the connection: EOF where bytes were expected, or
        /// `EPIPE`/`ECONNRESET` on a write or read.
        public static let peerClosed = Kind("peerClosed")
        /// The stream, socket, or listener was closed locally, or was never opened.
        public static let closed = Kind("closed")
        /// Creating, configuring, binding, or listening on a socket failed.
        public static let socketSetupFailed = Kind("socketSetupFailed")
        /// The port is already in use (`EADDRINUSE`).
        public static let addressInUse = Kind("addressInUse")
        /// `accept` failed for a reason other than a timeout.
        public static let acceptFailed = Kind("acceptFailed")
        /// A read or receive system call failed.
        public static let readFailed = Kind("readFailed")
        /// A write or send system call failed.
        public static let writeFailed = Kind("writeFailed")
        /// A datagram is larger than the socket's maximum datagram size.
        public static let datagramTooLarge = Kind("datagramTooLarge")
        /// Joining or leaving a multicast group, or choosing the multicast interface, failed.
        public static let multicastFailed = Kind("multicastFailed")
        /// An argument was out of range (negative count, bad interface name, ...).
        public static let invalidArgument = Kind("invalidArgument")
    }

    /// The category of the error.
    public var kind: Kind
    /// A full sentence for the user: what happened and, where possible, what to do.
    public var message: String
    /// The `errno` value of the failing system call, if any.
    public var errno: Int32?

    /// Creates an error. Prefer the factory functions in this module where one fits.
    public init(_ kind: Kind, _ message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
    public var errorDescription: String? { message }

    /// The `strerror` text for an errno value, e.g. "Connection refused".
    public static func systemMessage(_ code: Int32) -> String {
        guard let cString = strerror(code) else { return "errno \(code)" }
        return String(cString: cString)
    }

    /// Formats a timeout value for messages: "10 s", "0.25 s".
    static func formatSeconds(_ seconds: TimeInterval) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e9 {
            return "\(Int(seconds)) s"
        }
        return String(format: "%.3g s", seconds)
    }

    /// An error built from a failing system call: "\(context): Connection reset by peer".
    static func system(_ kind: Kind, _ context: String, errno code: Int32, hint: String? = nil) -> NetError {
        var text = "\(context): \(systemMessage(code))"
        if let hint { text += ". \(hint)" }
        return NetError(kind, text, errno: code)
    }

    /// A timeout waiting for the peer.
    static func timedOut(after seconds: TimeInterval, _ what: String) -> NetError {
        NetError(.timedOut, "timed out after \(formatSeconds(seconds)) \(what)")
    }

    /// An error for a failed read or write syscall, mapping resets to ``Kind/peerClosed``.
    static func io(_ operation: String, errno code: Int32) -> NetError {
        switch code {
        case EPIPE, ECONNRESET, ENOTCONN, ESHUTDOWN:
            return .system(.peerClosed, "the peer closed the connection while \(operation)", errno: code)
        case ETIMEDOUT:
            return .system(.timedOut, "the connection timed out while \(operation)", errno: code)
        case EBADF:
            return NetError(.closed, "the socket was closed locally while \(operation)", errno: code)
        default:
            return .system(operation.hasPrefix("writ") || operation.hasPrefix("send") ? .writeFailed : .readFailed,
                           "\(operation) failed", errno: code)
        }
    }

    /// The error for an operation on a stream or socket that is not open.
    static func notOpen(_ what: String) -> NetError {
        NetError(.closed, "\(what) is closed or was never opened")
    }
}
