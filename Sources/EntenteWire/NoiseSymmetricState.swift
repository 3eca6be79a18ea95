import Crypto

/// The Noise `SymmetricState` object (Noise spec revision 34 §5.2) for SHA256 (§12.5).
///
/// Holds the chaining key `ck`, the handshake hash `h` and a `CipherState`.
struct NoiseSymmetricState {
    private(set) var cipher = NoiseCipherState()
    private(set) var chainingKey: [UInt8]
    private(set) var hash: [UInt8]

    /// `InitializeSymmetric(protocol_name)` (§5.2): a name of at most HASHLEN (32) bytes is
    /// zero-padded to 32 bytes, a longer one is hashed; `ck = h`; no cipher key.
    init(protocolName: String) {
        let name = Array(protocolName.utf8)
        if name.count <= NoiseLimits.hashLength {
            hash = name + [UInt8](repeating: 0, count: NoiseLimits.hashLength - name.count)
        } else {
            hash = Array(SHA256.hash(data: name))
        }
        chainingKey = hash
    }

    /// `MixKey(input_key_material)` (§5.2): `ck, temp_k = HKDF(ck, ikm, 2)`; `InitializeKey(temp_k)`.
    mutating func mixKey(_ inputKeyMaterial: [UInt8]) {
        let outputs = Self.hkdf(chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputCount: 2)
        chainingKey = outputs[0]
        cipher.initializeKey(SymmetricKey(data: outputs[1]))
    }

    /// `MixHash(data)` (§5.2): `h = HASH(h || data)`.
    mutating func mixHash(_ data: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: hash)
        hasher.update(data: data)
        hash = Array(hasher.finalize())
    }

    /// `MixKeyAndHash(input_key_material)` (§5.2), used for the `psk` token:
    /// `ck, temp_h, temp_k = HKDF(ck, ikm, 3)`; `MixHash(temp_h)`; `InitializeKey(temp_k)`.
    mutating func mixKeyAndHash(_ inputKeyMaterial: [UInt8]) {
        let outputs = Self.hkdf(chainingKey: chainingKey, inputKeyMaterial: inputKeyMaterial, outputCount: 3)
        chainingKey = outputs[0]
        mixHash(outputs[1])
        cipher.initializeKey(SymmetricKey(data: outputs[2]))
    }

    /// `EncryptAndHash(plaintext)` (§5.2): `ciphertext = EncryptWithAd(h, plaintext)`; `MixHash(ciphertext)`.
    mutating func encryptAndHash(_ plaintext: [UInt8]) throws -> [UInt8] {
        let ciphertext = try cipher.encryptWithAd(hash, plaintext: plaintext)
        mixHash(ciphertext)
        return ciphertext
    }

    /// `DecryptAndHash(ciphertext)` (§5.2): `plaintext = DecryptWithAd(h, ciphertext)`; `MixHash(ciphertext)`.
    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws -> [UInt8] {
        let plaintext = try cipher.decryptWithAd(hash, ciphertext: ciphertext, failure: .handshakeAuthenticationFailed)
        mixHash(ciphertext)
        return plaintext
    }

    /// `Split()` (§5.2): `temp_k1, temp_k2 = HKDF(ck, zerolen, 2)`; returns two CipherStates,
    /// the first for initiator-to-responder messages, the second for responder-to-initiator.
    func split() -> (initiatorToResponder: NoiseCipherState, responderToInitiator: NoiseCipherState) {
        let outputs = Self.hkdf(chainingKey: chainingKey, inputKeyMaterial: [], outputCount: 2)
        return (NoiseCipherState(key: SymmetricKey(data: outputs[0])), NoiseCipherState(key: SymmetricKey(data: outputs[1])))
    }

    /// Noise's `HKDF(chaining_key, input_key_material, num_outputs)` (§4.3). It equals RFC 5869
    /// HKDF-Extract with salt `ck` and IKM `input_key_material`, then HKDF-Expand with empty
    /// info to `num_outputs * HASHLEN` bytes, split into HASHLEN-byte outputs; so it uses
    /// swift-crypto's `HKDF<SHA256>`.
    static func hkdf(chainingKey: [UInt8], inputKeyMaterial: [UInt8], outputCount: Int) -> [[UInt8]] {
        let length = NoiseLimits.hashLength
        let okm = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: inputKeyMaterial),
            salt: chainingKey,
            info: [UInt8](),
            outputByteCount: outputCount * length
        )
        return okm.withUnsafeBytes { raw in
            (0..<outputCount).map { Array(raw[($0 * length)..<(($0 + 1) * length)]) }
        }
    }
}
