import Dispatch
import EntenteCore
import EntenteLocking
import Synchronization

/// The signature checks of one batch of changes, in small pieces taken in order, so that
/// applying the pieces already checked (SQLite has one writer) overlaps checking the next ones
/// (BENCHMARKS.md, "Merge throughput").
///
/// One core is left to the thread that applies: the pieces are checked by one background
/// worker per other core, and by the applying thread itself whenever the piece it needs is
/// not checked yet (it takes the next piece nobody took rather than wait). Checking on every
/// core at once made three threads share two cores: the applying thread, whose work no other
/// thread can take, got two thirds of one (BENCHMARKS.md, "Signatures checked beside the
/// merge; the first batch sooner").
final class SignatureChecks: Sendable {
    /// Changes per piece: small, so that applying starts soon after the first one is checked.
    static let pieceSize = 64
    /// The most changes merged in one part (each part waits for its pieces' checks).
    static let largestPart = 512

    private let changes: [SignedChange]
    private let pieces: [Piece]
    /// The first piece nobody has taken yet (pieces are taken in increasing order).
    private let nextPiece = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    private final class Piece: Sendable {
        let range: Range<Int>
        let checked = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
        /// The positions (in the batch) of the piece's changes whose signature does not verify.
        let invalid = LockedValue<[Int]>([])
        init(_ range: Range<Int>) { self.range = range }
    }

    /// Starts checking `changes` in the background, on `workers` threads (by default one per
    /// core but the caller's; none on one core, where the caller checks every piece).
    init(_ changes: [SignedChange], workers: Int = CoreCount.active - 1) {
        self.changes = changes
        self.pieces = stride(from: 0, to: changes.count, by: Self.pieceSize).map { Piece($0..<min($0 + Self.pieceSize, changes.count)) }
        let workers = min(max(0, workers), self.pieces.count)
        guard workers > 0 else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let piece = self.takePiece() { self.check(piece) }
            }
        }
    }

    /// The next piece nobody took, once; nil when all are taken or the checks stopped.
    private func takePiece() -> Piece? {
        guard !self.stopped.load(ordering: .relaxed) else { return nil }
        let index = self.nextPiece.add(1, ordering: .relaxed).oldValue
        return index < self.pieces.count ? self.pieces[index] : nil
    }

    private func check(_ piece: Piece) {
        let invalid = piece.range.filter { !self.changes[$0].verifySignature() }
        piece.invalid.withLock { $0 = invalid }
        piece.checked.store(true, ordering: .releasing)
        piece.done.signal()
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

    /// Returns, once every change of `part` is checked, the positions of those whose signature
    /// does not verify, in order. Meanwhile the caller checks the pieces nobody took yet.
    func invalid(in part: Range<Int>) -> [Int] {
        var invalid: [Int] = []
        for piece in self.pieces where piece.range.overlaps(part) {
            while !piece.checked.load(ordering: .acquiring) {
                if let untaken = self.takePiece() {
                    self.check(untaken)
                } else {
                    piece.done.wait()
                    piece.done.signal()  // a later part overlapping the piece may wait for it too
                }
            }
            invalid += piece.invalid.withLock { $0 }.filter(part.contains)
        }
        return invalid
    }

    /// The changes of `part`.
    subscript(part: Range<Int>) -> [SignedChange] { Array(self.changes[part]) }

    /// Stops checking the pieces not begun (the batch is refused, or done with).
    func stop() { self.stopped.store(true, ordering: .relaxed) }
}
