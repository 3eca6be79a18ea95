/// Appends the primitive encodings of `Protocol/CHANGES.md` to a byte buffer.
///
/// Every integer is fixed-width big-endian; every string or byte string is preceded by its length.
/// The writer never fails: limits are checked by the types that own them, and again by
/// ``ByteReader`` on the way in, because peer data is untrusted.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) {
        self.bytes.append(value)
    }

    public mutating func write(_ value: UInt16) {
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        self.bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    public mutating func write(_ value: Int64) {
        self.write(UInt64(bitPattern: value))
    }

    /// Raw bytes with no length prefix (fixed-size fields such as keys and hashes).
    public mutating func writeRaw<C: Collection>(_ raw: C) where C.Element == UInt8 {
        self.bytes.append(contentsOf: raw)
    }

    /// The bytes of an id or a key, as they are.
    public mutating func writeRaw(_ value: some FixedBytes) {
        value.withUnsafeBytes { self.bytes.append(contentsOf: $0) }
    }

    /// A byte string preceded by its length as a `u32`.
    public mutating func writeBlob<C: Collection>(_ blob: C) where C.Element == UInt8 {
        self.write(UInt32(truncatingIfNeeded: blob.count))
        self.bytes.append(contentsOf: blob)
    }

    /// A UTF-8 string preceded by its byte length as a `u16` (short names).
    public mutating func writeShortString(_ string: String) {
        let utf8 = Array(string.utf8)
        self.write(UInt16(truncatingIfNeeded: utf8.count))
        self.bytes.append(contentsOf: utf8)
    }

    /// A UTF-8 string preceded by its byte length as a `u32`.
    public mutating func writeString(_ string: String) {
        self.writeBlob(Array(string.utf8))
    }
}
