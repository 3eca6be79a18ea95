/// A field value. Deliberately small: text, numbers, flags, raw bytes (keys) and references.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case bytes([UInt8])
    case record(RecordID)

    public var description: String {
        switch self {
        case .null: return "∅"
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .string(let text): return text
        case .bytes(let raw): return Hex.encode(raw)
        case .record(let id): return "@" + id.short
        }
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var int: Int64? {
        if case .int(let number) = self { return number }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var recordID: RecordID? {
        if case .record(let id) = self { return id }
        return nil
    }

    public var rawBytes: [UInt8]? {
        if case .bytes(let raw) = self { return raw }
        return nil
    }
}
