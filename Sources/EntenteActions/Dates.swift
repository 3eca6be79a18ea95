import EntenteCore
import EntenteStore
import Foundation

/// Calendar dates typed by users: ISO `YYYY-MM-DD`, checked to be real days.
public enum Dates {
    /// - Throws: ``ActionError`` with an example when `text` is not a real ISO date.
    public static func validate(_ text: String, option: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year)
        else {
            throw ActionError(Phrase(
                "'\(text)' is not a valid date for \(option); use YYYY-MM-DD, for example 2026-12-31",
                fr: "« \(text) » n'est pas une date valide pour \(option) ; écrivez AAAA-MM-JJ, par exemple 2026-12-31"))
        }
        return text
    }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in the reader's time zone as `YYYY-MM-DD` (the local date).
    public static func today(_ now: Date = Date(), zone: TimeZone = .current) -> String {
        let seconds = now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now))
        return UTCTime.date(millis: UInt64(max(0, (seconds * 1000).rounded(.down))))
    }

    /// Days since 1970-01-01 of an ISO date (Howard Hinnant's days_from_civil), or nil.
    public static func dayNumber(_ iso: String) -> Int? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), (1...9999).contains(y0) else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The ISO date of a day number (the inverse of ``dayNumber(_:)``; days before 1970 read as 1970-01-01).
    public static func iso(dayNumber day: Int) -> String {
        UTCTime(millis: UInt64(max(0, day)) * 86_400_000).date
    }

    /// A calendar date as people read it: `2026-12-03` as "3 Dec 2026" or "3 déc. 2026"; a
    /// text that is not an ISO date as it is.
    public static func shown(_ iso: String, language: Language) -> String {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit), let month = Int(parts[1]),
              let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day) else { return iso }
        let names = language == .french ? Self.frenchMonths : Self.englishMonths
        return "\(day) \(names[month - 1]) \(parts[0])"
    }

    /// Abbreviated month names (CLDR's, written here: Foundation's locale data is not on every Linux).
    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let frenchMonths = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

    /// `date` plus `days` (clamped to 0...36,500), as `YYYY-MM-DD`; `date` itself when it is not one.
    public static func adding(days: Int, to date: String) -> String {
        guard let day = self.dayNumber(date) else { return date }
        return self.iso(dayNumber: day + min(max(days, 0), 36_500))
    }
}
