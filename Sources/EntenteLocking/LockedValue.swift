#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value shared between threads, reached only while holding its lock: the one type every
/// module uses for state that threads share (what `Synchronization.Mutex` offers, with a lock
/// the thread sanitizer can see).
///
/// Why not `Mutex`: on Linux it locks with a futex the thread sanitizer does not know, so
/// `swift test --sanitize=thread` reports every access made under it as a race (a two-thread
/// program shows it on Swift 6.3.1; `.ci/run` runs the sanitizer). A `pthread_mutex_t` is
/// intercepted by the sanitizer, which then checks that every access really holds it.
public final class LockedValue<Value> {
    // `mutex` is allocated once, never moved, and destroyed when the value is.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        self.value = value
        self.mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(self.mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(self.mutex)
        self.mutex.deinitialize(count: 1)
        self.mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock; not reentrant (a `withLock` inside
    /// `body` on the same value deadlocks).
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        return try body(&self.value)
    }
}

// Checked by hand, in this one place: `value` is read and written only between
// `pthread_mutex_lock` and `pthread_mutex_unlock` of `mutex` (`withLock`). Only a `Sendable`
// value makes it `Sendable`, so that what `withLock` hands out of the lock (a reference
// inside the value, say) is itself safe to share: the compiler checks the rest.
extension LockedValue: @unchecked Sendable where Value: Sendable {}

/// A lock guarding something outside it (a file read, changed and written back).
///
/// It locks a placeholder byte rather than `Void`: a value of no size has no storage of its
/// own, and the sanitizer's access checks then report the lock's own accesses as races.
public final class Lock: Sendable {
    private let locked = LockedValue<UInt8>(0)

    public init() {}

    /// Runs `body` holding the lock; not reentrant.
    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try self.locked.withLock { _ in try body() }
    }
}
