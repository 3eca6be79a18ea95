import EntenteLocking
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `replica.lock` in a replica folder (`Protocol/STORE.md`, "Replica folder"): every open
/// replica holds it shared for as long as it is open (a command, `serve`, the board); a
/// whole-file operation (`entente repair`) holds it exclusive, so it never moves a file another
/// process is writing, and nobody writes while it does. Both sides fail at once with a clear
/// ``StoreError/busy(path:repairing:)`` rather than wait. An advisory `flock`: released by the
/// kernel when the process ends, however it ends.
final class ReplicaLock: Sendable {
    enum Mode { case shared, exclusive }

    /// The open `replica.lock`, nil once released (or never opened: read-only media).
    private let descriptor: LockedValue<Int32?>

    private init(descriptor: Int32?) {
        self.descriptor = LockedValue(descriptor)
    }

    static func url(_ folder: ReplicaFolder) -> URL { folder.url.appendingPathComponent("replica.lock") }

    /// Takes the lock in `mode`, or throws ``StoreError/busy(path:repairing:)``. A folder this
    /// user cannot write (another member's replica on read-only media, read to merge from) is
    /// read without a shared lock: nothing can repair it from here either.
    static func acquire(_ folder: ReplicaFolder, _ mode: Mode) throws -> ReplicaLock {
        let path = Self.url(folder).path
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if mode == .shared, code == EACCES || code == EROFS || code == EPERM { return ReplicaLock(descriptor: nil) }
            throw StoreError.unwritable(path: path, reason: String(cString: strerror(code)))
        }
        var result: Int32
        repeat {
            result = flock(descriptor, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB)
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            if code == EWOULDBLOCK { throw StoreError.busy(path: folder.url.path, repairing: mode == .shared) }
            throw StoreError.unwritable(path: path, reason: String(cString: strerror(code)))
        }
        return ReplicaLock(descriptor: descriptor)
    }

    /// Releases the lock (also done when the lock is freed, and by the kernel at exit).
    func release() {
        self.descriptor.withLock { descriptor in
            if let open = descriptor { Glibc.close(open) }
            descriptor = nil
        }
    }

    deinit { self.release() }
}
