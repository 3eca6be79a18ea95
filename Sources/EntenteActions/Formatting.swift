import EntenteCore
import Foundation

public enum Formatting {
    /// `2026-11-27 09:15` in UTC, from a hybrid timestamp.
    public static func time(_ timestamp: HybridTimestamp) -> String {
        let t = UTCTime(millis: timestamp.wallMillis)
        return "\(t.date) \(Self.two(t.hour)):\(Self.two(t.minute))"
    }

    /// ISO 8601 with milliseconds, in UTC, for JSON: `2026-11-27T09:15:02.123Z`.
    public static func iso(_ timestamp: HybridTimestamp) -> String {
        let t = UTCTime(millis: timestamp.wallMillis)
        let millis = String(t.millisecond + 1000).dropFirst()
        return "\(t.date)T\(Self.two(t.hour)):\(Self.two(t.minute)):\(Self.two(t.second)).\(millis)Z"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

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

/// A UTC calendar time computed from milliseconds since 1970 without a formatter (the log
/// prints one per change: formatters made per line cost seconds on a large replica).
public struct UTCTime {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int

    public init(millis: UInt64) {
        let totalSeconds = Int(millis / 1000)
        self.millisecond = Int(millis % 1000)
        let days = totalSeconds / 86_400
        let secondsOfDay = totalSeconds % 86_400
        self.hour = secondsOfDay / 3600
        self.minute = secondsOfDay % 3600 / 60
        self.second = secondsOfDay % 60
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        self.day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        self.month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DD`.
    public var date: String {
        let month = self.month < 10 ? "0\(self.month)" : String(self.month)
        let day = self.day < 10 ? "0\(self.day)" : String(self.day)
        return "\(self.year)-\(month)-\(day)"
    }
}
