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

    /// Today in UTC as `YYYY-MM-DD`.
    public static func today(_ now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: now)
    }
}
