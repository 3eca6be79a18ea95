import EntenteCore
import EntenteWire

/// What one sync with one peer did: printed as the one-line summary and logged.
public struct SyncSummary: Sendable {
    /// The peer's member name, or its key's short form.
    public var peer: String
    /// The peer's address (`host:port`).
    public var address: String
    /// Changes we sent / received in this session.
    public var changesSent: Int
    public var changesReceived: Int
    /// Changes newly applied to our replica.
    public var applied: Int
    /// Every byte counted (see `SyncCounters`; the benchmark's hook for wire overhead).
    public var counters: SyncCounters
    /// Wall-clock duration in seconds.
    public var seconds: Double

    /// `synced with Bob (10.0.0.2:7420): sent 3 changes, received 5 (5 new), 2.1 KiB in 0.04 s`
    public var line: String {
        let kib = Double(self.counters.wireBytes) / 1024
        return "synced with \(self.peer) (\(self.address)): sent \(self.changesSent) change\(self.changesSent == 1 ? "" : "s"), "
            + "received \(self.changesReceived) (\(self.applied) new), "
            + String(format: "%.1f KiB in %.2f s", kib, self.seconds)
    }
}
