import EntenteLocking
import Foundation

/// What the callers of one socket stream share (its status, last error, timeout), read and
/// changed only behind the stream's lock: ``SocketInputStream`` and ``SocketOutputStream``
/// are Foundation classes, whose safety the compiler cannot check, so this is where it is kept.
struct SocketStreamState {
    var status: Stream.Status = .notOpen
    var lastError: NetError?
    /// Whether the stream gave up its use of the socket (closed).
    var released = false
    var timeout: TimeInterval?
}

extension LockedValue where Value == SocketStreamState {
    /// Moves the status from `.notOpen` to `.open`.
    func open() {
        self.withLock { if $0.status == .notOpen { $0.status = .open } }
    }

    /// Marks the stream closed; `true` the first time, when the caller releases its use of
    /// the socket.
    func close() -> Bool {
        self.withLock { state in
            defer {
                state.released = true
                state.status = .closed
            }
            return !state.released
        }
    }

    /// Keeps `error` as the last one; any error but a timeout is final.
    func record(_ error: NetError) {
        self.withLock { state in
            state.lastError = error
            if error.kind != .timedOut && state.status != .closed { state.status = .error }
        }
    }

    var status: Stream.Status { self.withLock { $0.status } }
    var lastError: NetError? { self.withLock { $0.lastError } }

    var timeout: TimeInterval? {
        get { self.withLock { $0.timeout } }
        set { self.withLock { $0.timeout = newValue } }
    }
}
