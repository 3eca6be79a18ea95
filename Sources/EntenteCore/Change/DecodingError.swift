/// Why bytes from a file or a peer could not be decoded as an Entente structure.
///
/// Every case says what was being read, so that a user (or a peer's log) can tell which
/// input is damaged. Decoding never traps on bad input; it throws one of these.
public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(what: String, offset: Int)
    case limitExceeded(what: String, limit: Int, actual: Int)
    case invalidUTF8(what: String)
    case trailingBytes(what: String, count: Int)
    case unknownTag(what: String, tag: UInt8)
    case badMagic(expected: String)
    case unsupportedVersion(UInt8)
    case notCanonical(what: String)
    case invalidText(String)

    public var description: String {
        switch self {
        case .truncated(let what, let offset):
            return "the data ends too early while reading \(what) (at byte \(offset)); the file or message is truncated or damaged"
        case .limitExceeded(let what, let limit, let actual):
            return "\(what) is \(actual) long, over the limit of \(limit); the data is damaged or was not made by Entente"
        case .invalidUTF8(let what):
            return "\(what) is not valid UTF-8 text; the data is damaged"
        case .trailingBytes(let what, let count):
            return "\(count) unexpected byte(s) after \(what); the data is damaged or not canonical"
        case .unknownTag(let what, let tag):
            return "unknown \(what) tag \(tag); the data is damaged or was made by a newer Entente (upgrade to read it)"
        case .badMagic(let expected):
            return "this is not \(expected): its first bytes do not match"
        case .unsupportedVersion(let version):
            return version < Change.formatVersion
                ? "format version \(version) is from an earlier Entente, whose changes this one cannot read; recreate the replica with this version"
                : "format version \(version) is not supported by this Entente; upgrade to read it"
        case .invalidText(let reason):
            return "a text operation is malformed (\(reason)); the data is damaged or was not made by a conforming peer"
        case .notCanonical(let what):
            return "\(what) is not in canonical form (entries must be sorted and unique); the data was not made by a conforming peer"
        }
    }
}
