import EntenteCore
import EntenteStore
import Foundation

/// Calendar dates typed by users, as the tool shows them: ISO `2027-01-15`, day first with
/// slashes or dots `15/01/2027` (as French speakers write it), or with the month in words,
/// either language, abbreviated or not (`15 janv. 2027`, `1er mars 2027`, `15 January 2027`,
/// `Jan 15, 2027`). Each is checked to be a real day and kept as ISO.
public enum Dates {
    /// The ISO date `text` names.
    /// - Throws: ``ActionError`` with an example when `text` is not a real date.
    public static func validate(_ text: String, option: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let (year, month, day) = Self.parse(trimmed), (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Self.days(inMonth: month, year: year)
        else {
            throw ActionError(Phrase(
                "'\(text)' is not a valid date for \(option); use YYYY-MM-DD, for example 2026-12-31 (31/12/2026 and 31 Dec 2026 work too)",
                fr: "« \(text) » n'est pas une date valide pour \(option) ; écrivez JJ/MM/AAAA, par exemple 31/12/2026 (31 déc. 2026 et 2026-12-31 conviennent aussi)"))
        }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Year, month and day as typed, not yet checked to be a real day.
    static func parse(_ text: String) -> (Int, Int, Int)? {
        func number(_ part: Substring, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(part)
        }
        // ISO: 2027-01-15.
        let dashed = text.split(separator: "-", omittingEmptySubsequences: false)
        if dashed.count == 3 {
            guard let year = number(dashed[0], digits: 4...4), let month = number(dashed[1], digits: 2...2),
                  let day = number(dashed[2], digits: 2...2) else { return nil }
            return (year, month, day)
        }
        // Day first: 15/01/2027, 15.01.2027, 5/1/2027.
        for separator: Character in ["/", "."] {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 3, let day = number(parts[0], digits: 1...2), let month = number(parts[1], digits: 1...2),
               let year = number(parts[2], digits: 4...4) {
                return (year, month, day)
            }
        }
        // Words: 15 janv. 2027, 1er mars 2027, 15 January 2027, Jan 15, 2027.
        let words = text.split { $0 == " " || $0 == "," }
        guard words.count == 3, let year = number(words[2], digits: 4...4) else { return nil }
        let dayFirst = Self.day(words[0]).flatMap { day in Self.month(words[1]).map { (day, $0) } }
        let monthFirst = Self.month(words[0]).flatMap { month in Self.day(words[1]).map { ($0, month) } }
        guard let (day, month) = dayFirst ?? monthFirst else { return nil }
        return (year, month, day)
    }

    /// A day of the month as written: `15`, `1er`, `1st`, `2nd`, `3rd`, `15th`.
    static func day(_ word: Substring) -> Int? {
        let digits = word.prefix { $0.isASCIIDigit }
        let rest = NameMatching.fold(String(word.dropFirst(digits.count)))
        guard (1...2).contains(digits.count), ["", "er", "st", "nd", "rd", "th"].contains(rest) else { return nil }
        return Int(digits)
    }

    /// The month a word names, in French or English, whole or abbreviated (at least three
    /// letters, with or without the dot): `janv.`, `janvier`, `Jan`, `August`, `août`.
    static func month(_ word: Substring) -> Int? {
        let folded = NameMatching.fold(String(word)).replacingOccurrences(of: ".", with: "")
        guard folded.count >= 3 else { return nil }
        let found = Set(Self.monthNames.enumerated().compactMap { index, names in
            names.contains { $0.hasPrefix(folded) } ? index + 1 : nil
        })
        return found.count == 1 ? found.first : nil
    }

    /// Whole month names, folded, in both languages.
    static let monthNames = [
        ["janvier", "january"], ["fevrier", "february"], ["mars", "march"], ["avril", "april"], ["mai", "may"], ["juin", "june"],
        ["juillet", "july"], ["aout", "august"], ["septembre", "september"], ["octobre", "october"], ["novembre", "november"],
        ["decembre", "december"],
    ]

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
