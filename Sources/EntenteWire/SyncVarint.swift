import EntenteCore

/// Unsigned LEB128 ("uvarint" in `Protocol/SYNC.md`): 7 bits per byte, least significant group
/// first, high bit set on every byte but the last. The encoding must be minimal (no trailing
/// `0x80` groups) and at most 10 bytes, so every value has exactly one encoding.
extension ByteWriter {
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            self.write(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        self.write(UInt8(truncatingIfNeeded: rest))
    }

    mutating func writeVarint(_ value: Int) {
        self.writeVarint(UInt64(max(0, value)))
    }
}

extension ByteReader {
    mutating func readVarint(_ what: String) throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try self.readUInt8(what)
            let group = UInt64(byte & 0x7f)
            if index == 9 && byte > 1 { throw DecodingError.notCanonical(what: what) }
            value |= group << UInt64(7 * index)
            if byte & 0x80 == 0 {
                if index > 0 && byte == 0 { throw DecodingError.notCanonical(what: what) }
                return value
            }
        }
        throw DecodingError.notCanonical(what: what)
    }

    /// Reads a uvarint that must not exceed `limit`.
    mutating func readCount(_ what: String, limit: Int) throws -> Int {
        let value = try self.readVarint(what)
        guard value <= UInt64(limit) else {
            throw DecodingError.limitExceeded(what: what, limit: limit, actual: value > UInt64(Int.max) ? Int.max : Int(value))
        }
        return Int(value)
    }
}
