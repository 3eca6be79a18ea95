import Dispatch
import EntenteCore
import EntenteLocking
import Synchronization

/// The signature checks of one batch of changes: small pieces checked in order on every core
/// in the background, so that applying the pieces already checked (SQLite has one writer)
/// overlaps checking the next ones (BENCHMARKS.md, "Merge throughput").
final class SignatureChecks: Sendable {
    /// Changes per piece: small, so that applying starts soon after the first one is checked.
    static let pieceSize = 64
    /// The most changes merged in one part (each part waits for its pieces' checks).
    static let largestPart = 512

    private let changes: [SignedChange]
    private let pieces: [Piece]
    private let stopped = Atomic<Bool>(false)

    private final class Piece: Sendable {
        let range: Range<Int>
        let done = DispatchSemaphore(value: 0)
        /// The positions (in the batch) of the piece's changes whose signature does not verify.
        let invalid = LockedValue<[Int]>([])
        init(_ range: Range<Int>) { self.range = range }
    }

    /// Starts checking `changes` in the background.
    init(_ changes: [SignedChange]) {
        self.changes = changes
        self.pieces = stride(from: 0, to: changes.count, by: Self.pieceSize).map { Piece($0..<min($0 + Self.pieceSize, changes.count)) }
        guard !self.pieces.isEmpty else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            // Pieces are handed to the workers in increasing order, so the first ones are done first.
            DispatchQueue.concurrentPerform(iterations: self.pieces.count) { index in
                let piece = self.pieces[index]
                if !self.stopped.load(ordering: .relaxed) {
                    let invalid = piece.range.filter { !self.changes[$0].verifySignature() }
                    piece.invalid.withLock { $0 = invalid }
                }
                piece.done.signal()
            }
        }
    }

    /// The parts to merge, in order: growing from one piece to ``largestPart`` changes, so the
    /// first part waits for little and later ones are checked while earlier ones are applied.
    var parts: [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = 0, size = Self.pieceSize
        while start < self.changes.count {
            let end = min(start + size, self.changes.count)
            parts.append(start..<end)
            start = end
            size = min(size * 2, Self.largestPart)
        }
        return parts
    }

    /// Waits until every change of `part` is checked; returns the positions of those whose
    /// signature does not verify, in order.
    func invalid(in part: Range<Int>) -> [Int] {
        var invalid: [Int] = []
        for piece in self.pieces where piece.range.overlaps(part) {
            piece.done.wait()
            piece.done.signal()  // a later part overlapping the piece may wait for it too
            invalid += piece.invalid.withLock { $0 }.filter(part.contains)
        }
        return invalid
    }

    /// The changes of `part`.
    subscript(part: Range<Int>) -> [SignedChange] { Array(self.changes[part]) }

    /// Stops checking the pieces not begun (the batch is refused, or done with).
    func stop() { self.stopped.store(true, ordering: .relaxed) }
}
