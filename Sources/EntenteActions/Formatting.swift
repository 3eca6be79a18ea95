import EntenteCore
import Foundation
import EntenteText

public enum Formatting {
    /// `2026-11-27 10:15 CET` (in French `27 nov. 2026 10:15 CET`): a hybrid timestamp in the
    /// reader's time zone, the zone named, the date as the reader's language writes dates.
    public static func time(_ timestamp: HybridTimestamp, zone: TimeZone = .current, language: Language = .current) -> String {
        var clock = LocalClock(zone: zone, language: language)
        return clock.time(timestamp)
    }

    /// A moment of this machine's clock (seconds since 1970), as ``time(_:zone:language:)``
    /// shows it.
    public static func time(seconds: Double, zone: TimeZone = .current, language: Language = .current) -> String {
        let millis = seconds.isFinite && seconds > 0 ? UInt64(min(seconds * 1000, 9.0e15)) : 0
        return self.time(HybridTimestamp(wallMillis: millis, counter: 0), zone: zone, language: language)
    }

    /// Local times for many timestamps (a log): the zone's offset is looked up once per hour
    /// of time shown, not once per line.
    public struct LocalClock {
        public let zone: TimeZone
        public let language: Language
        private var hour: UInt64 = .max
        private var offsetMillis: Int64 = 0
        private var abbreviation = ""

        public init(zone: TimeZone = .current, language: Language = .current) {
            self.zone = zone
            self.language = language
        }

        /// The local calendar date (ISO), the hour and minute, and the zone's name.
        public mutating func parts(_ timestamp: HybridTimestamp) -> (date: String, time: String, zone: String) {
            let millis = timestamp.wallMillis
            if millis / 3_600_000 != self.hour {
                self.hour = millis / 3_600_000
                let date = Date(timeIntervalSince1970: Double(millis / 1000))
                self.offsetMillis = Int64(self.zone.secondsFromGMT(for: date)) * 1000
                let name = self.zone.abbreviation(for: date) ?? "UTC"
                self.abbreviation = name == "GMT" && self.zone.secondsFromGMT(for: date) == 0 ? "UTC" : name
            }
            // The wall time is the author's claim: a value near the top must not trap.
            let (shifted, overflow) = Int64(clamping: millis).addingReportingOverflow(self.offsetMillis)
            let local = overflow || millis > UInt64(Int64.max) ? millis : UInt64(max(0, shifted))
            let t = UTCTime(millis: local)
            return (t.date, "\(Formatting.two(t.hour)):\(Formatting.two(t.minute))", self.abbreviation)
        }

        /// `2026-11-27 10:15 CET`, in French `27 nov. 2026 10:15 CET`.
        public mutating func time(_ timestamp: HybridTimestamp) -> String {
            let parts = self.parts(timestamp)
            let date = self.language == .french ? Dates.shown(parts.date, language: .french) : parts.date
            return "\(date) \(parts.time) \(parts.zone)"
        }
    }

    /// ISO 8601 with milliseconds, in UTC, for JSON: `2026-11-27T09:15:02.123Z`.
    public static func iso(_ timestamp: HybridTimestamp) -> String {
        let t = UTCTime(millis: timestamp.wallMillis)
        let millis = String(t.millisecond + 1000).dropFirst()
        return "\(t.date)T\(Self.two(t.hour)):\(Self.two(t.minute)):\(Self.two(t.second)).\(millis)Z"
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// A one-line description of an operation, naming records by their short id.
    public static func describe(_ operation: ChangeOperation) -> String {
        switch operation {
        case .create(let record, let kind): return "created \(kind) \(record.short)"
        case .set(_, let field, let value): return "set \(field) = \(value)"
        case .add(_, let field, let element): return "added \(element) to \(field)"
        case .remove(_, let field, let element): return "removed \(element) from \(field)"
        case .text(_, let field, let edit):
            let deleted = edit.deletions.reduce(0) { $0 + $1.count }
            return "edited \(field): \(edit.insertedScalarCount) character(s) inserted, \(deleted) deleted"
        }
    }
}

