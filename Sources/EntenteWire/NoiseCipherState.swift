import Crypto

/// The Noise `CipherState` object (Noise spec revision 34 §5.1) for ChaChaPoly (§12.3).
///
/// Holds a 32-byte key `k` (or none) and a 64-bit nonce `n`. The AEAD nonce is 4 zero bytes
/// followed by `n` as a 64-bit little-endian integer (§12.3). `n = 2^64-1` is reserved (§5.1):
/// using it throws `NoiseError.Kind.nonceExhausted`.
struct NoiseCipherState {
    private(set) var key: SymmetricKey?
    /// The next nonce `n`.
    var nonce: UInt64 = 0

    init() {}

    init(key: SymmetricKey) {
        self.key = key
    }

    /// `HasKey()` (§5.1).
    var hasKey: Bool { key != nil }

    /// `InitializeKey(key)` (§5.1): sets `k` and resets `n` to zero.
    mutating func initializeKey(_ key: SymmetricKey?) {
        self.key = key
        self.nonce = 0
    }

    /// `EncryptWithAd(ad, plaintext)` (§5.1): with no key returns the plaintext; otherwise
    /// `ENCRYPT(k, n++, ad, plaintext)` = ciphertext || 16-byte tag.
    mutating func encryptWithAd(_ ad: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce != UInt64.max else { throw NoiseError(.nonceExhausted) }
        let sealed = try ChaChaPoly.seal(plaintext, using: key, nonce: Self.aeadNonce(nonce), authenticating: ad)
        nonce += 1
        var output = [UInt8]()
        output.reserveCapacity(plaintext.count + NoiseLimits.tagLength)
        output.append(contentsOf: sealed.ciphertext)
        output.append(contentsOf: sealed.tag)
        return output
    }

    /// `DecryptWithAd(ad, ciphertext)` (§5.1): with no key returns the ciphertext; otherwise
    /// `DECRYPT(k, n++, ad, ciphertext)`. On an authentication failure throws `failure` and
    /// leaves `n` unchanged, as §5.1 requires.
    mutating func decryptWithAd(_ ad: [UInt8], ciphertext: [UInt8], failure: NoiseError.Kind) throws -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce != UInt64.max else { throw NoiseError(.nonceExhausted) }
        guard ciphertext.count >= NoiseLimits.tagLength else {
            throw NoiseError(.messageTooShort, "\(ciphertext.count) bytes, shorter than the \(NoiseLimits.tagLength)-byte tag")
        }
        let split = ciphertext.count - NoiseLimits.tagLength
        let plaintext: [UInt8]
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: Self.aeadNonce(nonce),
                ciphertext: ciphertext[..<split],
                tag: ciphertext[split...]
            )
            plaintext = Array(try ChaChaPoly.open(box, using: key, authenticating: ad))
        } catch {
            throw NoiseError(failure)
        }
        nonce += 1
        return plaintext
    }

    /// The 96-bit ChaChaPoly nonce for counter `n`: 32 bits of zeros followed by the
    /// little-endian encoding of `n` (§12.3).
    static func aeadNonce(_ n: UInt64) throws -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 {
            bytes[4 + index] = UInt8(truncatingIfNeeded: n >> (8 * UInt64(index)))
        }
        return try ChaChaPoly.Nonce(data: bytes)
    }
}
