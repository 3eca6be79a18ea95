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

