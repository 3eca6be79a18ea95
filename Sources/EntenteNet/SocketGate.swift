import Foundation
import Glibc

/// What ``SocketStreamPair/peek(max:)`` saw: the bytes waiting (left in the socket, so the
/// session reads them again), and whether the peer closed its side.
public struct Peeked: Sendable, Equatable {
    public var bytes: [UInt8]
    public var closed: Bool
}

extension SocketStreamPair {
    /// The bytes the peer has sent so far, at most `max`, without consuming them or waiting.
    /// A connection that failed or was closed reads as `closed`.
    public func peek(max: Int) -> Peeked {
        let count = Swift.max(1, max)
        var buffer = [UInt8](repeating: 0, count: count)
        let (received, code) = (try? self.handle.withDescriptor("peek") { fd -> (Int, Int32) in
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) }
            return (received, errno)
        }) ?? (0, 0)
        if received > 0 { return Peeked(bytes: Array(buffer.prefix(received)), closed: false) }
        if received < 0 && (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) { return Peeked(bytes: [], closed: false) }
        return Peeked(bytes: [], closed: true)  // 0: the peer closed; < 0: the connection failed
    }
}

/// Waits, on one thread, for any of many connections to have something to read: how a
/// server watches connections that have not proven anything yet without a thread each.
public enum SocketPoller {
    /// The indices of `pairs` with bytes to read, or closed, after at most `timeout` seconds
    /// (empty when nothing happened). Closed handles count as ready.
    public static func ready(_ pairs: [SocketStreamPair], timeout: TimeInterval) -> [Int] {
        guard !pairs.isEmpty else {
            Thread.sleep(forTimeInterval: timeout)
            return []
        }
        var closed: [Int] = []
        var entries: [pollfd] = []
        var indices: [Int] = []
        for (index, pair) in pairs.enumerated() {
            guard let fd = try? pair.handle.withDescriptor("poll", { $0 }) else {
                closed.append(index)
                continue
            }
            entries.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            indices.append(index)
        }
        if !closed.isEmpty { return closed }
        let milliseconds = Int32(Swift.max(0, Swift.min(timeout, 60)) * 1000)
        let result = entries.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), milliseconds) }
        guard result > 0 else { return [] }
        return zip(entries, indices).compactMap { $0.revents != 0 ? $1 : nil }
    }
}

/// Raises this process's soft limit on open files to its hard limit (at most `wanted`), so
/// a server can hold many unproven connections at once. Returns the soft limit now.
@discardableResult
public func raiseOpenFileLimit(to wanted: UInt64 = 8192) -> UInt64 {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    let target = Swift.min(UInt64(limit.rlim_max), wanted)
    if UInt64(limit.rlim_cur) < target {
        limit.rlim_cur = rlim_t(target)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return UInt64(limit.rlim_cur)
}
