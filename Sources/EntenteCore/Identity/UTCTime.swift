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

extension UTCTime {
    /// The UTC date (YYYY-MM-DD) `millis` after 1970.
    public static func date(millis: UInt64) -> String { UTCTime(millis: millis).date }
}
