// MARK: - ByteWriter

/// Appends unsigned LEB128 integers and raw bytes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: Int) {
        var v = UInt64(truncatingIfNeeded: value)  // a negative value (invalid) never traps; decoders reject it
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zigzag-encoded signed integer (0, -1, 1, -2, ... → 0, 1, 2, 3, ...).
    mutating func signed(_ value: Int) {
        varint(Int(bitPattern: UInt((value << 1) ^ (value >> 63))))
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func raw<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }
}

// MARK: - ByteReader

/// Reads what ``ByteWriter`` writes, rejecting truncation and non-minimal integers.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func byte(_ what: String) throws -> UInt8 {
        guard offset < bytes.count else { throw TextError.truncated(what: what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Minimal unsigned LEB128, at most `maximum`.
    mutating func varint(_ what: String, maximum: Int = Int(UInt32.max)) throws -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw TextError.truncated(what: what) }
            let b = bytes[offset]
            offset += 1
            if shift == 63 && b > 1 { throw TextError.malformedInteger(what: what) }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 {
                if b == 0 && shift > 0 { throw TextError.malformedInteger(what: what) }
                break
            }
            shift += 7
            if shift > 63 { throw TextError.malformedInteger(what: what) }
        }
        guard result <= UInt64(maximum) else { throw TextError.malformedInteger(what: what) }
        return Int(result)
    }

    /// Zigzag signed integer whose magnitude fits 32 bits.
    mutating func signed(_ what: String) throws -> Int {
        let z = try varint(what, maximum: Int(UInt32.max) * 2 + 1)
        return (z >> 1) ^ -(z & 1)
    }

    mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw TextError.truncated(what: what) }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    func finish() throws {
        if remaining > 0 { throw TextError.trailingBytes(count: remaining) }
    }
}

// MARK: - UTF-8 validation

enum UTF8Check {
    /// Decodes validated UTF-8 into scalars; nil if invalid.
    static func scalars<C: Collection>(_ bytes: C) -> [Unicode.Scalar]? where C.Element == UInt8 {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(bytes.count)
        var it = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&it) {
            case let .scalarValue(s): out.append(s)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return out
    }

    static func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
