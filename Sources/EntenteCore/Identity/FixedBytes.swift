/// A value made of a fixed number of bytes, shown in hex: keys, hashes and ids.
public protocol FixedBytes: Hashable, Comparable, Sendable, CustomStringConvertible {
    static var byteCount: Int { get }
    var bytes: [UInt8] { get }
    /// Wraps `bytes` without checking their count; use ``init(validating:)`` on untrusted data.
    init(unchecked bytes: [UInt8])
}

extension FixedBytes {
    /// Wraps `bytes`, or returns `nil` when they are not exactly ``byteCount`` long.
    public init?(validating bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(unchecked: bytes)
    }

    /// Parses full-length hex, or returns `nil`.
    public init?(hex: String) {
        guard let raw = Hex.decode(hex) else { return nil }
        self.init(validating: raw)
    }

    /// Hashes the bytes as one block (the synthesized hash combines them one by one, which
    /// showed up in profiles of the merge path).
    public func hash(into hasher: inout Hasher) {
        self.bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public var hex: String { Hex.encode(self.bytes) }
    /// The first 8 hex digits, as shown in listings (like a short git hash).
    public var short: String { Hex.encode(self.bytes.prefix(4)) }
    public var description: String { self.hex }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    static func read(from reader: inout ByteReader, _ what: String) throws -> Self {
        Self(unchecked: try reader.readRaw(Self.byteCount, what))
    }
}

/// An author's Ed25519 public key (32 bytes): who signed a change. One key per device.
public struct AuthorKey: FixedBytes {
    public static let byteCount = 32
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// A short, human-checkable fingerprint: the first 8 bytes of SHA-256 of the key, in 4 groups.
    public var fingerprint: String {
        let digest = Hex.encode(SHA256Digest.hash(self.bytes).prefix(8))
        var groups: [String] = []
        var rest = Substring(digest)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: "-")
    }

    /// The fingerprint's first group (4 hex digits): beside a name, it tells two devices or
    /// two namesakes apart (`log`, `history`, `audit`, the board).
    public var shortFingerprint: String { Hex.encode(SHA256Digest.hash(self.bytes).prefix(2)) }
}

/// The id of a change: SHA-256 of its unsigned canonical encoding (32 bytes).
public struct ChangeID: FixedBytes {
    public static let byteCount = 32
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
    /// The all-zero hash, used as the "previous change" of an author's first change.
    public static let none = ChangeID(unchecked: [UInt8](repeating: 0, count: 32))
}

/// The id of a collective (16 random bytes chosen by its founder). Every change carries it,
/// so changes from another collective are refused.
public struct CollectiveID: FixedBytes {
    public static let byteCount = 16
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public static func random() -> CollectiveID {
        var generator = SystemRandomNumberGenerator()
        return CollectiveID(unchecked: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// The id of a record (a member, a commitment...): 16 bytes derived from the id of the change
/// that created it, so that no two records can share an id, whatever any device signed (see
/// `Protocol/CHANGES.md` §2).
public struct RecordID: FixedBytes {
    public static let byteCount = 16
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// `SHA-256("entente-record" || change id || u32 opIndex)[0..<16]`.
    public static func derive(change: ChangeID, opIndex: UInt32) -> RecordID {
        var writer = ByteWriter(capacity: 52)
        writer.writeRaw(Array("entente-record".utf8))
        writer.writeRaw(change.bytes)
        writer.write(opIndex)
        return RecordID(unchecked: Array(SHA256Digest.hash(writer.bytes).prefix(16)))
    }

    /// The id a change being built gives the record its operation `opIndex` creates, until it is
    /// signed and the real id (``derive(change:opIndex:)``) replaces it everywhere in the change
    /// (``SignedChange/resolve(_:)``). Never encoded: a change names its own records by index.
    public static func placeholder(_ opIndex: Int) -> RecordID {
        var writer = ByteWriter(capacity: 16)
        writer.writeRaw([UInt8](repeating: 0, count: 12))
        writer.write(UInt32(truncatingIfNeeded: opIndex))
        return RecordID(unchecked: writer.bytes)
    }
}
