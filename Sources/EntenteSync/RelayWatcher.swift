import EntenteStore
import Foundation

/// While `entente serve` runs: a pass over the relay folders every ``interval`` seconds, so
/// what arrives in a folder is imported within seconds and this replica's new changes (the
/// board's, a peer's) are written out.
public final class RelayWatcher: @unchecked Sendable {  // `stopped` is guarded by `condition`
    /// Seconds between two passes.
    public static let interval: TimeInterval = 2

    private let folders: RelayFolders
    private let report: @Sendable ([(folder: String, result: Result<RelayReport, Error>)]) -> Void
    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?

    public init(replica: Replica, report: @escaping @Sendable ([(folder: String, result: Result<RelayReport, Error>)]) -> Void) {
        self.folders = RelayFolders(replica: replica)
        self.report = report
    }

    public func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "entente relay"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        self.condition.lock()
        self.stopped = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    private func loop() {
        while true {
            self.condition.lock()
            if !self.stopped { _ = self.condition.wait(until: Date().addingTimeInterval(Self.interval)) }
            let stop = self.stopped
            self.condition.unlock()
            if stop { return }
            self.report(self.folders.exchange())
        }
    }
}
