import Dispatch
import EntenteCore

/// The signature check of one chunk of changes, running in the background while the previous
/// chunk is applied (so verification on all cores overlaps SQLite's single writer).
final class VerifiedChunk: @unchecked Sendable {  // `result` is written once, before `done` is signalled
    private let done = DispatchSemaphore(value: 0)
    private var result: SignedChange?

    init(_ changes: [SignedChange]) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Verification.firstInvalid(changes)
            self.done.signal()
        }
    }

    /// Waits for the check; returns the first change whose signature does not verify.
    func wait() -> SignedChange? {
        self.done.wait()
        return self.result
    }
}
