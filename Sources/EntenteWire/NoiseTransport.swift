/// The two transport CipherStates after the handshake (Noise §5.2 `Split()`, §5 "transport
/// messages"): one to encrypt what this party sends, one to decrypt what it receives.
/// Every message uses the next nonce, so messages must be decrypted in the order they were
/// encrypted (TCP's order); a failed decryption leaves the nonce unchanged (§5.1), but the
/// connection should be closed since the stream can no longer be trusted.
public struct NoiseTransport {
    private var sender: NoiseCipherState
    private var receiver: NoiseCipherState
    /// The handshake hash `h` of the completed handshake (channel binding, §11.2).
    public let handshakeHash: [UInt8]
    /// The peer's authenticated static public key (32 bytes).
    public let remoteStaticKey: [UInt8]

    init(sender: NoiseCipherState, receiver: NoiseCipherState, handshakeHash: [UInt8], remoteStaticKey: [UInt8]) {
        self.sender = sender
        self.receiver = receiver
        self.handshakeHash = handshakeHash
        self.remoteStaticKey = remoteStaticKey
    }

    /// The nonce the next `encrypt` uses.
    public var sendNonce: UInt64 { sender.nonce }
    /// The nonce the next `decrypt` uses.
    public var receiveNonce: UInt64 { receiver.nonce }

    /// Encrypts one transport message: `EncryptWithAd(zerolen, plaintext)` (§5.1), returning
    /// ciphertext || 16-byte tag.
    /// - Throws: `.messageTooLong` if `plaintext` is over `NoiseLimits.maximumTransportPayloadLength`
    ///   (65519) bytes, `.nonceExhausted`.
    public mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        guard plaintext.count <= NoiseLimits.maximumTransportPayloadLength else {
            throw NoiseError(.messageTooLong, "a \(plaintext.count)-byte plaintext; at most \(NoiseLimits.maximumTransportPayloadLength)")
        }
        return try sender.encryptWithAd([], plaintext: plaintext)
    }

    /// Decrypts one transport message: `DecryptWithAd(zerolen, ciphertext)` (§5.1).
    /// - Throws: `.messageTooLong`, `.messageTooShort` (under 16 bytes),
    ///   `.transportAuthenticationFailed`, `.nonceExhausted`.
    public mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8] {
        guard ciphertext.count <= NoiseLimits.maximumMessageLength else {
            throw NoiseError(.messageTooLong, "\(ciphertext.count) bytes")
        }
        return try receiver.decryptWithAd([], ciphertext: ciphertext, failure: .transportAuthenticationFailed)
    }

    /// Testing hook: sets both nonces (to exercise nonce exhaustion).
    mutating func _setNonces(send: UInt64, receive: UInt64) {
        sender.nonce = send
        receiver.nonce = receive
    }
}
