import EntenteCore
import Foundation

enum Formatting {
    /// `2026-11-27 09:15` in UTC, from a hybrid timestamp.
    static func time(_ timestamp: HybridTimestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(timestamp.wallMillis) / 1000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// ISO 8601 with milliseconds, in UTC, for JSON.
    static func iso(_ timestamp: HybridTimestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(timestamp.wallMillis) / 1000))
    }

    /// A one-line description of an operation, naming records by their short id.
    static func describe(_ operation: ChangeOperation) -> String {
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
