import Dispatch
import EntenteLocking

/// Signature verification spread over every core.
public enum Verification {
    /// The first change (in input order) whose signature does not verify, or `nil`.
    public static func firstInvalid(_ changes: [SignedChange]) -> SignedChange? {
        guard !changes.isEmpty else { return nil }
        let chunks = min(changes.count, max(1, CoreCount.active * 4))
        // The first chunk (in input order) holding a change that does not verify.
        let firstFailed = LockedValue<Int?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = chunk * changes.count / chunks, upper = (chunk + 1) * changes.count / chunks
            for index in lower..<upper where !changes[index].verifySignature() {
                firstFailed.withLock { $0 = min($0 ?? chunk, chunk) }
                return
            }
        }
        guard let failed = firstFailed.withLock({ $0 }) else { return nil }
        let lower = failed * changes.count / chunks, upper = (failed + 1) * changes.count / chunks
        return changes[lower..<upper].first { !$0.verifySignature() }
    }
}

/// The cores this machine has online.
public enum CoreCount {
    public static var active: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
