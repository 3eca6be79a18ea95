import Crypto

/// SHA-256 from swift-crypto, as plain bytes.
public enum SHA256Digest {
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SHA256()
        bytes.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            ?? hasher.update(data: Array(bytes))
        return Array(hasher.finalize())
    }
}
