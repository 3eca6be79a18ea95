import Foundation

/// When this replica last exchanged changes with another one (a sync session either way, a
/// merge or a bundle), kept in `last-sync` in its folder (STORE.md): lets a lookup that finds
/// nothing suggest a sync when the replica has not had news for a while.
extension Replica {
    /// How long without an exchange before "not found" suggests a sync (one day).
    public static let staleAfter: TimeInterval = 86_400

    /// The latest time `last-sync` may hold (9999-12-31): a damaged file reads as no exchange,
    /// and whoever turns the time into milliseconds cannot overflow.
    static let latestExchangeSeconds: Int64 = 253_402_300_799

    var lastSyncFile: URL { self.folder.url.appendingPathComponent("last-sync") }

    /// Notes an exchange now. Best effort: a full disk must not fail the exchange itself.
    public func noteExchange(now: Date = Date()) {
        let seconds = String(Int64(now.timeIntervalSince1970.rounded(.down)))
        try? Data(seconds.utf8).write(to: self.lastSyncFile, options: .atomic)
    }

    /// The last exchange, or nil when this replica never had one (or the file is unreadable).
    public func lastExchange() -> Date? {
        guard let data = FileManager.default.contents(atPath: self.lastSyncFile.path),
              let text = String(data: data, encoding: .utf8), let seconds = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              (0...Self.latestExchangeSeconds).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Whether this replica has had no exchange for ``staleAfter`` (or never had one).
    public func isStale(now: Date = Date()) -> Bool {
        guard let last = self.lastExchange() else { return true }
        return now.timeIntervalSince(last) > Self.staleAfter
    }
}
