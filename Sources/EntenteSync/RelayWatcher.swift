import Dispatch
import EntenteLocking
import EntenteStore
import Foundation

/// While `entente serve` runs: a pass over the relay folders every ``interval`` seconds, so
/// what arrives in a folder is imported within seconds and this replica's new changes (the
/// board's, a peer's) are written out.
public final class RelayWatcher: Sendable {
    /// Seconds between two passes.
    public static let interval: TimeInterval = 2

    private let folders: RelayFolders
    private let report: @Sendable ([(folder: String, result: Result<RelayReport, Error>)]) -> Void
    private let stopped = LockedValue(false)
    /// Signalled by ``stop()``: it ends the wait between two passes.
    private let wake = DispatchSemaphore(value: 0)
    private let threads = SessionGroup()

    public init(replica: Replica, report: @escaping @Sendable ([(folder: String, result: Result<RelayReport, Error>)]) -> Void) {
        self.folders = RelayFolders(replica: replica)
        self.report = report
    }

    public func start() {
        self.threads.spawn(name: "entente relay") { [self] in self.loop() }
    }

    /// Ends the passes: a pass under way finishes, for at most `deadline` seconds.
    /// - Returns: whether the watcher's thread ended within the deadline.
    @discardableResult
    public func stop(within deadline: TimeInterval = SyncNetLimits.stopDeadline) -> Bool {
        self.stopped.withLock { $0 = true }
        self.wake.signal()
        return self.threads.wait(within: deadline) == 0
    }

    private func loop() {
        while !self.stopped.withLock({ $0 }) {
            _ = self.wake.wait(timeout: .now() + .milliseconds(Int(Self.interval * 1000)))
            if self.stopped.withLock({ $0 }) { return }
            self.report(self.folders.exchange())
        }
    }
}
