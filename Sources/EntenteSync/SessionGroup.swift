import Dispatch
import EntenteLocking
import EntenteNet
import Foundation

/// The owner of a server's threads, as a task group owns its child tasks: every thread it
/// starts is counted until it ends, ``cancel()`` closes the connection each one serves and
/// refuses new ones, and ``wait(within:)`` waits for them all for at most a stated time.
///
/// Why threads and not a `TaskGroup`: a session reads and writes Foundation streams, which
/// block. In Swift's cooperative pool (one thread per core, two on a small machine) two
/// silent peers would stall every other task of the process; a thread of its own per session
/// keeps one slow peer from holding up the others, and this owner gives those threads what
/// structured concurrency gives tasks: a parent that knows them, cancels them and waits.
///
/// ```swift
/// let group = SessionGroup()
/// group.spawn(name: "entente-serve-peer", closing: pair) { serve(pair) }
/// group.cancel()                                  // closes every pair: blocked reads return
/// let left = group.wait(within: 5)                // 0 when every thread ended in time
/// ```
final class SessionGroup: Sendable {
    private struct State {
        var cancelled = false
        /// The connection of each running thread (`nil` for a thread that serves none).
        var running: [UInt64: SocketStreamPair?] = [:]
        var next: UInt64 = 0
    }

    private let state = LockedValue(State())
    private let ended = DispatchGroup()

    /// Starts `body` on a thread of its own, unless the group is cancelled: then `pair` is
    /// closed, nothing runs, and the answer is `false`.
    @discardableResult
    func spawn(name: String, closing pair: SocketStreamPair? = nil, _ body: @escaping @Sendable () -> Void) -> Bool {
        let number: UInt64? = self.state.withLock { state in
            guard !state.cancelled else { return nil }
            state.next += 1
            state.running.updateValue(pair, forKey: state.next)  // kept even when `pair` is nil
            return state.next
        }
        guard let number else {
            pair?.close()
            return false
        }
        self.ended.enter()
        let thread = Thread { [self] in
            body()
            self.state.withLock { _ = $0.running.removeValue(forKey: number) }
            self.ended.leave()
        }
        thread.name = name
        thread.start()
        return true
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { self.state.withLock { $0.cancelled } }

    /// How many threads are running now.
    var count: Int { self.state.withLock { $0.running.count } }

    /// Refuses new threads and closes the connection of every running one, so that their
    /// blocked reads and writes return. Idempotent.
    func cancel() {
        let pairs = self.state.withLock { state -> [SocketStreamPair] in
            state.cancelled = true
            return state.running.values.compactMap { $0 }
        }
        for pair in pairs { pair.close() }
    }

    /// Waits until every thread has ended, for at most `seconds`.
    /// - Returns: how many are still running (0 when all ended in time).
    @discardableResult
    func wait(within seconds: TimeInterval) -> Int {
        let deadline = DispatchTime.now() + .milliseconds(Int(max(0, min(seconds, 86_400)) * 1000))
        if self.ended.wait(timeout: deadline) == .success { return 0 }
        return self.count
    }
}
