#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a fuzzer's input as a stream of choices: every read succeeds, an exhausted input
/// reads as zeros, so each byte string maps to exactly one run of a harness.
struct FuzzInput {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { self.offset >= self.bytes.count }
    var remaining: Int { max(0, self.bytes.count - self.offset) }

    mutating func byte() -> UInt8 {
        guard self.offset < self.bytes.count else { return 0 }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    mutating func bool() -> Bool { self.byte() & 1 == 1 }

    mutating func uint16() -> UInt16 { UInt16(self.byte()) << 8 | UInt16(self.byte()) }

    mutating func uint32() -> UInt32 { UInt32(self.uint16()) << 16 | UInt32(self.uint16()) }

    mutating func uint64() -> UInt64 { UInt64(self.uint32()) << 32 | UInt64(self.uint32()) }

    /// A number in `0..<count` (0 when `count` is 0).
    mutating func index(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        return Int(count <= 256 ? UInt64(self.byte()) : UInt64(self.uint32())) % count
    }

    /// One of `choices`, chosen by the next byte.
    mutating func pick<T>(_ choices: [T]) -> T { choices[self.index(choices.count)] }

    /// Up to `count` bytes (fewer when the input ends).
    mutating func take(_ count: Int) -> [UInt8] {
        let start = min(self.offset, self.bytes.count)
        let end = min(start + max(0, count), self.bytes.count)
        self.offset = end
        return Array(self.bytes[start..<end])
    }

    /// Exactly `count` bytes, padded with zeros.
    mutating func fixed(_ count: Int) -> [UInt8] {
        let taken = self.take(count)
        return taken + [UInt8](repeating: 0, count: count - taken.count)
    }

    /// A `u16` big-endian length, then that many bytes (fewer when the input ends).
    mutating func chunk() -> [UInt8] { self.take(Int(self.uint16())) }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] { self.take(self.remaining) }
}

extension FuzzInput {
    /// The inverse of ``chunk()``, for seeds: a `u16` length, then the bytes.
    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)] + bytes
    }
}

/// An oracle broke: the harness crashes on purpose so that libFuzzer saves the input.
/// Only harness checks call it; the code under test must never trap on peer bytes.
func fuzzFailure(_ target: String, _ what: String) -> Never {
    fatalError("fuzz target \(target): \(what)")
}

func fuzzCheck(_ condition: @autoclosure () -> Bool, _ target: String, _ what: @autoclosure () -> String) {
    if !condition() { fuzzFailure(target, what()) }
}

/// Byte-string equality by `memcmp`: `==` on arrays compares element by element, and the
/// fuzzer's comparison tracing makes that the hot spot of targets with 64 KiB messages.
func sameBytes(_ lhs: [UInt8]?, _ rhs: [UInt8]?) -> Bool {
    guard let lhs, let rhs else { return lhs == nil && rhs == nil }
    guard lhs.count == rhs.count else { return false }
    return lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            guard let a = left.baseAddress, let b = right.baseAddress else { return true }
            return memcmp(a, b, left.count) == 0
        }
    }
}

/// Lowercase hex to bytes, for the fixed inputs written in the harnesses (never peer data).
func fuzzHex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var high: UInt8?
    for character in text.utf8 {
        let nibble: UInt8
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
        default: continue
        }
        if let value = high {
            bytes.append(value << 4 | nibble)
            high = nil
        } else {
            high = nibble
        }
    }
    return bytes
}
