/// Why a bundle file could not be sealed or opened (`Protocol/CHANGES.md` §7, "Bundles").
///
/// A closed set: each case is one of the refusals the specification lists, in the order a
/// reader checks them. Descriptions say what the user can do. Opening never traps on bad input;
/// it throws one of these, and nothing in the bundle is imported.
public enum BundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first bytes are not `"ENTB"`: the file is not an Entente bundle at all.
    case notABundle
    /// A bundle of an earlier format (version 1 was plaintext, version 2 carried changes of
    /// format 2), which this Entente no longer reads.
    case earlierFormat(version: UInt8)
    /// A bundle of a later format than this Entente knows.
    case laterFormat(version: UInt8)
    /// Shorter than a header and an authentication tag.
    case truncated(length: Int)
    /// Over ``ChangeBundle/maximumBytes`` (or too many changes to seal in one bundle).
    case tooLarge(what: String, limit: Int, actual: Int)
    /// The authentication tag does not match: the bytes were changed or cut, or the bundle was
    /// sealed with another collective's secret.
    case damaged
    /// The bundle opened, but its contents are not a well-formed list of changes (the reason
    /// is the description of the ``DecodingError`` or ``ChangeError`` found).
    case invalidContents(String)
    /// The collective secret given to seal or open is not ``ChangeBundle/secretLength`` bytes.
    case invalidSecret(length: Int)
    /// The system's cryptography refused to seal (it only does so when out of memory).
    case sealingFailed(String)

    public var description: String {
        switch self {
        case .notABundle:
            return "this is not an Entente bundle: its first bytes do not match"
        case .earlierFormat(let version):
            return "this bundle was made by an earlier Entente (bundle format \(version)\(version < 2 ? ", not encrypted" : "")), whose changes this one cannot read; ask its sender to export it again with this version"
        case .laterFormat(let version):
            return "bundle format \(version) is not supported by this Entente; upgrade to read it"
        case .truncated(let length):
            return "the bundle is only \(length) byte(s) long, shorter than a bundle's header and authentication tag (\(ChangeBundle.minimumBytes)); the file is truncated or damaged"
        case .tooLarge(let what, let limit, let actual):
            return "\(what) is \(actual), over the limit of \(limit) for one bundle (Protocol/CHANGES.md §8)"
        case .damaged:
            return "the bundle is damaged (changed or cut after it was written), or was sealed with another collective's secret; nothing was imported"
        case .invalidContents(let reason):
            return "the bundle opened but its contents are malformed (\(reason)); it was not made by a conforming Entente"
        case .invalidSecret(let length):
            return "the collective secret is \(length) byte(s) long instead of \(ChangeBundle.secretLength); restore collective.secret from a backup"
        case .sealingFailed(let reason):
            return "the bundle could not be sealed (\(reason))"
        }
    }
}
