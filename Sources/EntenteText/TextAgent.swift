// MARK: - TextAgent

/// The external identity of an author of text: up to 32 opaque bytes
/// (in Entente, the author's 32-byte Ed25519 public key).
///
/// Agents are ordered lexicographically by their bytes (a shorter agent that is a prefix of a
/// longer one sorts first). This order is the tie-break of the CRDT, so it must be the same on
/// every peer.
public struct TextAgent: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Largest number of bytes an agent may hold.
    public static let maximumByteCount = 32

    /// The agent's bytes (1 to 32 of them).
    public let bytes: [UInt8]

    /// Wraps `bytes`. Precondition: `1...32` bytes (this initialiser is for trusted callers;
    /// decoders validate untrusted bytes with ``init(validating:)``).
    public init(_ bytes: [UInt8]) {
        precondition((1...TextAgent.maximumByteCount).contains(bytes.count),
                     "TextAgent must wrap 1 to 32 bytes")
        self.bytes = bytes
    }

    /// Wraps `bytes`, or returns nil unless there are 1 to 32 of them.
    public init?(validating bytes: [UInt8]) {
        guard (1...TextAgent.maximumByteCount).contains(bytes.count) else { return nil }
        self.bytes = bytes
    }

    public static func == (lhs: TextAgent, rhs: TextAgent) -> Bool { lhs.bytes == rhs.bytes }

    /// Hashes the bytes as one block (much faster than byte by byte).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: TextAgent, rhs: TextAgent) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Lowercase hex of the bytes.
    public var description: String {
        let digits: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return out
    }
}
