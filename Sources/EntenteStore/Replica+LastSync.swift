import EntenteCore
import EntenteLocking
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

/// The last completed sync session with one device, as this replica noted it: when, and how
/// many changes this replica held then (a completed session leaves both sides holding the
/// same changes). Kept in `exchanges.json` (STORE.md).
public struct PeerExchange: Codable, Sendable, Equatable {
    /// Seconds since 1970.
    public var at: Int64
    /// This replica's change count when the session ended.
    public var changes: Int

    public init(at: Int64, changes: Int) {
        self.at = at
        self.changes = changes
    }
}

extension Replica {
    /// The most devices `exchanges.json` remembers (the oldest exchanges are forgotten first).
    public static let maximumRememberedExchanges = 1024
    /// Held while `exchanges.json` is read, changed and written back by this process.
    private static let exchangesLock = Lock()

    var exchangesFile: URL { self.folder.url.appendingPathComponent("exchanges.json") }

    /// Notes a completed sync session with the device `author` now. Best effort, like
    /// ``noteExchange(now:)``: a full disk must not fail the exchange.
    public func notePeerExchange(_ author: AuthorKey, now: Date = Date()) {
        guard let changes = try? self.changeCount() else { return }
        Self.exchangesLock.withLock { self.note(author, at: now, changes: changes) }
    }

    private func note(_ author: AuthorKey, at now: Date, changes: Int) {
        var all = self.peerExchanges()
        all[author] = PeerExchange(at: Int64(now.timeIntervalSince1970.rounded(.down)), changes: changes)
        if all.count > Self.maximumRememberedExchanges {
            for (key, _) in all.sorted(by: { $0.value.at < $1.value.at }).prefix(all.count - Self.maximumRememberedExchanges) { all[key] = nil }
        }
        let encoded = Dictionary(uniqueKeysWithValues: all.map { ($0.key.hex, $0.value) })
        if let data = try? JSONEncoder().encode(encoded) { try? data.write(to: self.exchangesFile, options: .atomic) }
    }

    /// The last completed session with each device; an unreadable file reads as none, and an
    /// entry out of range (a damaged file) is left out.
    public func peerExchanges() -> [AuthorKey: PeerExchange] {
        guard let data = FileManager.default.contents(atPath: self.exchangesFile.path),
              let decoded = try? JSONDecoder().decode([String: PeerExchange].self, from: data) else { return [:] }
        var result: [AuthorKey: PeerExchange] = [:]
        for (hex, exchange) in decoded.prefix(Self.maximumRememberedExchanges) {
            guard let key = Hex.decode(hex).flatMap(AuthorKey.init(validating:)), (0...Self.latestExchangeSeconds).contains(exchange.at),
                  exchange.changes >= 0 else { continue }
            result[key] = exchange
        }
        return result
    }
}
