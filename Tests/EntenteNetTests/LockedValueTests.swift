import Dispatch
import EntenteLocking
import Testing

/// The lock every module's shared state sits behind: no increment is lost among threads, and
/// under `swift test --sanitize=thread` (as `.ci/run` runs this suite) no access is reported.
@Suite("LockedValue")
struct LockedValueTests {
    @Test func concurrentUpdatesAreNeverLost() {
        let counts = LockedValue([String: Int]())
        let total = LockedValue(0)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for step in 0..<2_000 {
                counts.withLock { $0["key \(step % 7)", default: 0] += 1 }
                total.withLock { $0 += thread }
            }
        }
        #expect(counts.withLock { $0.values.reduce(0, +) } == 16_000)
        #expect(counts.withLock { $0.count } == 7)
        #expect(total.withLock { $0 } == 2_000 * (0..<8).reduce(0, +))
    }

    @Test func aLockGuardsWhatIsOutsideIt() throws {
        let lock = Lock()
        var order: [Int] = []
        struct Refused: Error {}
        #expect(throws: Refused.self) { try lock.withLock { throw Refused() } }
        // Released after a throw: taken again at once.
        lock.withLock { order.append(1) }
        #expect(order == [1])
    }
}
