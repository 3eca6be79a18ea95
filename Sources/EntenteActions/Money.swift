import EntenteCore
import Foundation

/// Amounts and ratios as people type them ("60", "60.50", "60,50", "10 %", "0.5"), read into
/// exact integers: minor units for money, thousandths for multipliers and percentages.
public enum Money {
    /// Minor digits of the currencies the collectives we serve use; any other code: 2.
    public static let minorDigits: [String: Int64] = [
        "EUR": 2, "USD": 2, "CHF": 2, "GBP": 2, "CAD": 2, "MAD": 2, "JPY": 0, "XOF": 0, "XAF": 0, "TND": 3, "KWD": 3,
    ]

    /// `text` as minor units with `digits` decimals.
    /// - Throws: ``ActionError`` for a negative amount, more decimals than the currency has, or
    ///   an amount too large.
    public static func parse(_ text: String, digits: Int64, what: String) throws -> Int64 {
        guard let value = self.fixed(text, digits: digits) else {
            let example = digits == 0 ? "60" : "60." + String(repeating: "5", count: Int(digits))
            throw ActionError(Phrase(
                "'\(text)' is not an amount for \(what): write a positive number with at most \(digits) decimal(s), for example \(example)",
                fr: "« \(text) » n'est pas un montant pour \(what) : écrivez un nombre positif avec au plus \(French.count(Int(digits), "décimale", "décimales")), par exemple \(example.replacingOccurrences(of: ".", with: ","))"))
        }
        return value
    }

    /// A ratio as thousandths: "0.5" → 500, "2" → 2000, "12.5 %" → 125 when `percent`.
    public static func thousandths(_ text: String, percent: Bool, what: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isPercent = percent || trimmed.hasSuffix("%")
        let number = trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed
        // Percent with one decimal (12.5 %) or a ratio with three (0.125): both thousandths.
        guard let value = self.fixed(number, digits: isPercent ? 1 : 3) else {
            throw ActionError(Phrase(
                "'\(text)' is not a \(isPercent ? "percentage" : "multiplier") for \(what): for example \(isPercent ? "10 %" : "0.5 or 2")",
                fr: "« \(text) » n'est pas \(isPercent ? "un pourcentage" : "un multiplicateur") pour \(what) : par exemple \(isPercent ? "10 %" : "0,5 ou 2")"))
        }
        return value
    }

    /// `digits` decimals of a non-negative decimal number, exactly; nil when it is not one,
    /// has more decimals, or does not fit.
    static func fixed(_ text: String, digits: Int64) -> Int64? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: ".")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= digits, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { return nil }
        let padded = String(whole) + fraction + String(repeating: "0", count: Int(digits) - fraction.count)
        return Int64(padded)  // nil on overflow
    }

    /// Minor units shown with the currency's decimals: 6050 EUR → "60.50 EUR"; in French
    /// "60,50 EUR", thousands set apart by a narrow no-break space ("1 800,00 EUR").
    public static func format(_ minor: Int64, digits: Int64, currency: String, language: Language = .english) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        let divisor = (0..<digits).reduce(UInt64(1)) { value, _ in value * 10 }
        let whole = magnitude / divisor, fraction = magnitude % divisor
        var text = language == .french ? Self.grouped(whole) : String(whole)
        if digits > 0 {
            let decimals = String(fraction)
            text += (language == .french ? "," : ".") + String(repeating: "0", count: Int(digits) - decimals.count) + decimals
        }
        return (negative ? "-" : "") + text + (language == .french ? "\u{202F}" : " ") + currency
    }

    /// Thousandths shown as a ratio ("×0.5") or a percentage ("12.5 %"); in French with a
    /// decimal comma, and a narrow no-break space before "%" ("×0,5", "12,5 %").
    public static func ratio(_ thousandths: Int64, percent: Bool, language: Language = .english) -> String {
        let point = language == .french ? "," : "."
        if percent {
            let tenths = thousandths % 10
            return "\(thousandths / 10)\(tenths == 0 ? "" : point + String(tenths))" + (language == .french ? "\u{202F}%" : " %")
        }
        var decimals = String(thousandths % 1000)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "×\(thousandths / 1000)\(decimals.isEmpty ? "" : point + decimals)"
    }

    /// A whole number with its thousands set apart by a narrow no-break space, as French
    /// writes them: 1234567 → "1 234 567".
    public static func grouped(_ number: UInt64) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert("\u{202F}", at: index)
            index -= 3
        }
        return String(digits)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
