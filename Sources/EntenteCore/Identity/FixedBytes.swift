/// A value made of a fixed number of bytes, shown in hex: keys, hashes and ids.
///
/// The bytes are held inline (``InlineBytes``), not in an array of their own: a replica reads
/// hundreds of thousands of ids at a time, and an array each was an allocation, a reference
/// count on every copy and a free (BENCHMARKS.md, "Ids held inline").
public protocol FixedBytes: Hashable, Comparable, Sendable, CustomStringConvertible {
    associatedtype Storage: InlineBytes
    static var byteCount: Int { get }
    var storage: Storage { get }
    init(storage: Storage)
}

extension FixedBytes {
    @inlinable public static var byteCount: Int { Storage.byteCount }

    /// The bytes, as a new array.
    public var bytes: [UInt8] { self.storage.withUnsafeBytes { Array($0) } }

    /// Calls `body` with the bytes, without copying them.
    @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.storage.withUnsafeBytes(body)
    }

    /// Wraps `bytes` without checking their count (missing bytes read as zero, extra ones are
    /// left out); use ``init(validating:)`` on untrusted data.
    public init(unchecked bytes: [UInt8]) {
        self.init(storage: bytes.withUnsafeBytes { Storage(copying: $0) })
    }

    /// Wraps `bytes`, or returns `nil` when they are not exactly ``byteCount`` long.
    public init?(validating bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(unchecked: bytes)
    }

    /// Wraps `raw`, or returns `nil` when it is not exactly ``byteCount`` long (a column read
    /// in place, without an array in between).
    @inlinable public init?(validating raw: UnsafeRawBufferPointer) {
        guard raw.count == Self.byteCount else { return nil }
        self.init(storage: Storage(copying: raw))
    }

    /// Parses full-length hex, or returns `nil`.
    public init?(hex: String) {
        guard let raw = Hex.decode(hex) else { return nil }
        self.init(validating: raw)
    }

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage == rhs.storage }

    @inlinable public func hash(into hasher: inout Hasher) { self.storage.hash(into: &hasher) }

    public var hex: String { Hex.encode(self.bytes) }
    /// The first 8 hex digits, as shown in listings (like a short git hash).
    public var short: String { Hex.encode(self.bytes.prefix(4)) }
    public var description: String { self.hex }

    /// Lexicographic order of the bytes.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.storage.precedes(rhs.storage) }

    static func read(from reader: inout ByteReader, _ what: String) throws -> Self {
        Self(unchecked: try reader.readRaw(Self.byteCount, what))
    }
}

/// A fixed number of bytes held in machine words, in their order in memory (a tuple keeps its
/// elements in order).
public protocol InlineBytes: Hashable, Sendable {
    associatedtype Words
    static var byteCount: Int { get }
    var words: Words { get set }
    /// All zero.
    init()
    /// Whether these bytes sort before `other`'s, lexicographically.
    func precedes(_ other: Self) -> Bool
}

extension InlineBytes {
    /// The first ``byteCount`` bytes of `raw`, zero-filled when it holds fewer.
    @inlinable public init(copying raw: UnsafeRawBufferPointer) {
        self.init()
        Swift.withUnsafeMutableBytes(of: &self.words) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(Self.byteCount))) }
    }

    @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: self.words, body)
    }
}

/// 16 bytes inline (collective and record ids).
public struct InlineBytes16: InlineBytes {
    @inlinable public static var byteCount: Int { 16 }
    public var words: (UInt64, UInt64) = (0, 0)
    @inlinable public init() {}

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(self.words.0)
        hasher.combine(self.words.1)
    }

    @inlinable public func precedes(_ other: Self) -> Bool {
        // A word read as big-endian orders as its bytes do.
        (UInt64(bigEndian: self.words.0), UInt64(bigEndian: self.words.1))
            < (UInt64(bigEndian: other.words.0), UInt64(bigEndian: other.words.1))
    }
}

/// 32 bytes inline (keys and change ids).
public struct InlineBytes32: InlineBytes {
    @inlinable public static var byteCount: Int { 32 }
    public var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @inlinable public init() {}

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(self.words.0)
        hasher.combine(self.words.1)
        hasher.combine(self.words.2)
        hasher.combine(self.words.3)
    }

    @inlinable public func precedes(_ other: Self) -> Bool {
        (UInt64(bigEndian: self.words.0), UInt64(bigEndian: self.words.1), UInt64(bigEndian: self.words.2), UInt64(bigEndian: self.words.3))
            < (UInt64(bigEndian: other.words.0), UInt64(bigEndian: other.words.1), UInt64(bigEndian: other.words.2), UInt64(bigEndian: other.words.3))
    }
}

/// An author's Ed25519 public key (32 bytes): who signed a change. One key per device.
public struct AuthorKey: FixedBytes {
    public let storage: InlineBytes32
    @inlinable public init(storage: InlineBytes32) { self.storage = storage }

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
    public let storage: InlineBytes32
    @inlinable public init(storage: InlineBytes32) { self.storage = storage }
    /// The all-zero hash, used as the "previous change" of an author's first change.
    public static let none = ChangeID(unchecked: [UInt8](repeating: 0, count: 32))
}

/// The id of a collective (16 random bytes chosen by its founder). Every change carries it,
/// so changes from another collective are refused.
public struct CollectiveID: FixedBytes {
    public let storage: InlineBytes16
    @inlinable public init(storage: InlineBytes16) { self.storage = storage }

    public static func random() -> CollectiveID {
        var generator = SystemRandomNumberGenerator()
        return CollectiveID(unchecked: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// The id of a record (a member, a commitment...): 16 bytes derived from the id of the change
/// that created it, so that no two records can share an id, whatever any device signed (see
/// `Protocol/CHANGES.md` §2).
public struct RecordID: FixedBytes {
    public let storage: InlineBytes16
    @inlinable public init(storage: InlineBytes16) { self.storage = storage }

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
