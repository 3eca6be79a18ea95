// MARK: - TextError

/// Everything that can go wrong when applying or decoding text edits.
///
/// Operations and states come from untrusted peers: every malformed input is reported with one
/// of these errors, never with a crash.
public enum TextError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A local patch does not fit the document (position or deletion beyond the end, negatives).
    case patchOutOfRange(index: Int, position: Int, deleteCount: Int, documentCount: Int)
    /// The bytes end before the structure they encode is complete.
    case truncated(what: String)
    /// An integer is not in minimal unsigned LEB128 form, or does not fit 32/64 bits.
    case malformedInteger(what: String)
    /// A structural rule of the encoding is broken (unknown version, flags, non-canonical form).
    case malformed(String)
    /// Text content is not valid UTF-8.
    case invalidUTF8(what: String)
    /// A named limit is exceeded.
    case limitExceeded(limit: String, maximum: Int, actual: Int)
    /// Bytes remain after the structure is complete.
    case trailingBytes(count: Int)
    /// An operation refers to an item this document does not have (a missing causal dependency).
    case unknownItem(agent: TextAgent, counter: Int)
    /// An operation's insertions do not continue its author's counter sequence.
    case counterGap(agent: TextAgent, expected: Int, actual: Int)
    /// An operation re-uses part of an already applied counter range with different extent.
    case partiallyApplied(agent: TextAgent, counter: Int)

    public var description: String {
        switch self {
        case let .patchOutOfRange(index, position, deleteCount, documentCount):
            return "patch #\(index) (position \(position), delete \(deleteCount)) does not fit a document of \(documentCount) scalars"
        case let .truncated(what):
            return "input ends in the middle of \(what)"
        case let .malformedInteger(what):
            return "integer \(what) is not minimal unsigned LEB128 or is too large"
        case let .malformed(why):
            return "malformed input: \(why)"
        case let .invalidUTF8(what):
            return "\(what) is not valid UTF-8"
        case let .limitExceeded(limit, maximum, actual):
            return "limit \(limit) exceeded: \(actual) > \(maximum)"
        case let .trailingBytes(count):
            return "\(count) unexpected byte(s) after the end of the structure"
        case let .unknownItem(agent, counter):
            return "operation refers to unknown item (\(agent), \(counter)); a causal dependency is missing"
        case let .counterGap(agent, expected, actual):
            return "insertion by \(agent) starts at counter \(actual) but the next expected counter is \(expected)"
        case let .partiallyApplied(agent, counter):
            return "insertion by \(agent) at counter \(counter) overlaps items already applied"
        }
    }
}
