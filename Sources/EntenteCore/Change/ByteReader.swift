/// Reads the primitive encodings of `Protocol/CHANGES.md` from untrusted bytes.
///
/// Every read checks the remaining length first and throws ``DecodingError`` instead of
/// trapping; lengths are checked against a caller-supplied limit *before* anything is allocated.
public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    public var remaining: Int { self.bytes.count - self.offset }
    public var isAtEnd: Bool { self.offset == self.bytes.count }

    private mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= self.remaining else {
            throw DecodingError.truncated(what: what, offset: self.offset)
        }
        let slice = self.bytes[self.offset..<(self.offset + count)]
        self.offset += count
        return slice
    }

    public mutating func readUInt8(_ what: String) throws -> UInt8 {
        try self.take(1, what).first ?? 0
    }

    public mutating func readUInt16(_ what: String) throws -> UInt16 {
        try self.take(2, what).reduce(0) { ($0 << 8) | UInt16($1) }
    }

    public mutating func readUInt32(_ what: String) throws -> UInt32 {
        try self.take(4, what).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    public mutating func readUInt64(_ what: String) throws -> UInt64 {
        try self.take(8, what).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    public mutating func readInt64(_ what: String) throws -> Int64 {
        Int64(bitPattern: try self.readUInt64(what))
    }

    public mutating func readRaw(_ count: Int, _ what: String) throws -> [UInt8] {
        Array(try self.take(count, what))
    }

    /// A `u32`-prefixed byte string of at most `limit` bytes.
    public mutating func readBlob(_ what: String, limit: Int) throws -> [UInt8] {
        let count = Int(try self.readUInt32(what))
        guard count <= limit else {
            throw DecodingError.limitExceeded(what: what, limit: limit, actual: count)
        }
        return try self.readRaw(count, what)
    }

    /// A `u16`-prefixed UTF-8 string of at most `limit` bytes.
    public mutating func readShortString(_ what: String, limit: Int) throws -> String {
        let count = Int(try self.readUInt16(what))
        guard count <= limit else {
            throw DecodingError.limitExceeded(what: what, limit: limit, actual: count)
        }
        return try Self.utf8(try self.readRaw(count, what), what)
    }

    /// A `u32`-prefixed UTF-8 string of at most `limit` bytes.
    public mutating func readString(_ what: String, limit: Int) throws -> String {
        try Self.utf8(try self.readBlob(what, limit: limit), what)
    }

    private static func utf8(_ raw: [UInt8], _ what: String) throws -> String {
        // Decoding repairs what is not UTF-8, so the result holds the same bytes exactly when
        // they were valid: one fast decode and a compare, where `String(validating:as:)` cost
        // about a thousand instructions a string (BENCHMARKS.md, "Records read without a seek
        // per write").
        var string = String(decoding: raw, as: UTF8.self)
        let same = string.withUTF8 { decoded in
            raw.withUnsafeBufferPointer { original in
                guard decoded.count == original.count else { return false }
                for index in decoded.indices where decoded[index] != original[index] { return false }
                return true
            }
        }
        guard same else { throw DecodingError.invalidUTF8(what: what) }
        return string
    }

    /// Throws unless every byte has been consumed: canonical encodings have no trailing data.
    public func expectEnd(_ what: String) throws {
        guard self.isAtEnd else {
            throw DecodingError.trailingBytes(what: what, count: self.remaining)
        }
    }
}
