import Crypto

/// A Noise `HandshakeState` (Noise spec revision 34 §5.3) for XX and XXpsk3 over
/// 25519 / ChaChaPoly / SHA256. Pure: it turns payloads into messages and back; the caller
/// moves the bytes (framed with `NoiseFrameParser.frame`).
///
/// Entente uses `.xxpsk3` with `NoiseHandshake.ententePrologue` and the collective secret as
/// psk; HANDSHAKE.md section 4 specifies the flow byte by byte.
///
/// The initiator writes messages 1 and 3 and reads message 2; the responder the opposite.
/// After the third message `isComplete` is true and `split()` gives the `NoiseTransport`.
/// Any error while writing or reading a message aborts the handshake (§5.3: the
/// HandshakeState must then be deleted); later calls throw `.handshakeAborted`.
public struct NoiseHandshake {
    /// The Entente prologue (HANDSHAKE.md section 3, "Prologue"): the 9 ASCII bytes `entente/1`.
    public static let ententePrologue: [UInt8] = Array("entente/1".utf8)

    private enum Status: Sendable { case inProgress, aborted, split }

    public let pattern: NoisePattern
    public let role: NoiseRole
    private var symmetric: NoiseSymmetricState
    private let localStatic: Curve25519.KeyAgreement.PrivateKey
    private var localEphemeral: Curve25519.KeyAgreement.PrivateKey?
    private let fixedEphemeral: Curve25519.KeyAgreement.PrivateKey?
    private var remoteStatic: Curve25519.KeyAgreement.PublicKey?
    private var remoteEphemeral: Curve25519.KeyAgreement.PublicKey?
    private var psk: [UInt8]?
    private var messageIndex = 0
    private var status = Status.inProgress

    /// `Initialize(handshake_pattern, initiator, prologue, s, e, rs, re)` (§5.3) with
    /// `psk` for `xxpsk3`.
    ///
    /// - Parameters:
    ///   - prologue: bytes both sides must agree on (Entente: `NoiseHandshake.ententePrologue`).
    ///   - staticKey: this party's long-term X25519 key `s`.
    ///   - psk: the 32-byte pre-shared key; required for `.xxpsk3`, forbidden for `.xx`.
    /// - Throws: `NoiseError.Kind.invalidPSK`.
    public init(
        pattern: NoisePattern,
        role: NoiseRole,
        prologue: [UInt8],
        staticKey: Curve25519.KeyAgreement.PrivateKey,
        psk: [UInt8]? = nil
    ) throws {
        try self.init(pattern: pattern, role: role, prologue: prologue, staticKey: staticKey, psk: psk, fixedEphemeral: nil)
    }

    /// Testing only: like the documented initializer, but uses `_ephemeral` as the ephemeral
    /// key instead of generating a fresh one, so test vectors can be reproduced. Never use
    /// it outside tests: reusing an ephemeral key breaks the protocol's security.
    public init(
        _pattern pattern: NoisePattern,
        role: NoiseRole,
        prologue: [UInt8],
        staticKey: Curve25519.KeyAgreement.PrivateKey,
        psk: [UInt8]? = nil,
        _ephemeral ephemeral: Curve25519.KeyAgreement.PrivateKey
    ) throws {
        try self.init(pattern: pattern, role: role, prologue: prologue, staticKey: staticKey, psk: psk, fixedEphemeral: ephemeral)
    }

    private init(
        pattern: NoisePattern,
        role: NoiseRole,
        prologue: [UInt8],
        staticKey: Curve25519.KeyAgreement.PrivateKey,
        psk: [UInt8]?,
        fixedEphemeral: Curve25519.KeyAgreement.PrivateKey?
    ) throws {
        if pattern.usesPSK {
            guard let psk else { throw NoiseError(.invalidPSK, "\(pattern.protocolName) needs a 32-byte psk") }
            guard psk.count == NoiseLimits.keyLength else {
                throw NoiseError(.invalidPSK, "got \(psk.count) bytes, need \(NoiseLimits.keyLength)")
            }
        } else if psk != nil {
            throw NoiseError(.invalidPSK, "\(pattern.protocolName) takes no psk")
        }
        self.pattern = pattern
        self.role = role
        self.localStatic = staticKey
        self.fixedEphemeral = fixedEphemeral
        self.psk = psk
        self.symmetric = NoiseSymmetricState(protocolName: pattern.protocolName)
        symmetric.mixHash(prologue)
        // XX has no pre-messages (§7.5), so nothing else is hashed here.
    }

    /// True once all three handshake messages have been written or read.
    public var isComplete: Bool {
        status != .aborted && messageIndex == pattern.messagePatterns.count
    }

    /// True when the next handshake call of this party is `writeMessage`.
    public var isWriteTurn: Bool {
        status == .inProgress && !isComplete && (messageIndex % 2 == 0) == (role == .initiator)
    }

    /// The peer's static public key `rs` (32 bytes) once it has been received and
    /// authenticated: after message 2 for the initiator, after message 3 for the responder.
    /// `nil` after the handshake aborted.
    /// The caller must still decide whether to trust this key.
    public var remoteStaticKey: [UInt8]? {
        remoteStatic.map { Array($0.rawRepresentation) }
    }

    /// The handshake hash `h` (§5.2). After the handshake completes it identifies the
    /// session uniquely (§11.2, channel binding).
    public var handshakeHash: [UInt8] { symmetric.hash }

    /// `WriteMessage(payload, message_buffer)` (§5.3): processes this party's next message
    /// pattern and encrypts `payload` (encrypted unless no key exists yet, i.e. in XX message 1).
    ///
    /// - Throws: `.outOfTurn`, `.handshakeAlreadyComplete`, `.handshakeAborted`,
    ///   `.messageTooLong` (checked before anything is allocated), `.nonceExhausted`.
    public mutating func writeMessage(payload: [UInt8]) throws -> [UInt8] {
        try checkTurn(writing: true)
        let tokens = pattern.messagePatterns[messageIndex]
        let length = messageLength(tokens: tokens, payloadLength: payload.count)
        guard length <= NoiseLimits.maximumMessageLength else {
            throw NoiseError(.messageTooLong, "a \(payload.count)-byte payload makes a \(length)-byte handshake message")
        }
        do {
            var message = [UInt8]()
            message.reserveCapacity(length)
            for token in tokens {
                switch token {
                case .e:
                    let ephemeral = fixedEphemeral ?? Curve25519.KeyAgreement.PrivateKey()
                    localEphemeral = ephemeral
                    let publicKey = Array(ephemeral.publicKey.rawRepresentation)
                    message.append(contentsOf: publicKey)
                    symmetric.mixHash(publicKey)
                    if pattern.usesPSK { symmetric.mixKey(publicKey) }  // §9.2
                case .s:
                    message.append(contentsOf: try symmetric.encryptAndHash(Array(localStatic.publicKey.rawRepresentation)))
                default:
                    try mixDiffieHellmanOrPSK(token)
                }
            }
            message.append(contentsOf: try symmetric.encryptAndHash(payload))
            messageIndex += 1
            return message
        } catch {
            abort()
            throw error
        }
    }

    /// Replaces the psk before its token is processed (XXpsk3: before message 3), so a
    /// responder can try the keys it accepts on copies of one handshake.
    /// - Throws: `NoiseError(.invalidPSK)` for a psk that is not 32 bytes or a pattern without one.
    public mutating func replacePSK(_ psk: [UInt8]) throws {
        guard self.psk != nil, psk.count == NoiseLimits.keyLength else { throw NoiseError(.invalidPSK, "need a 32-byte psk") }
        self.psk = psk
    }

    /// `ReadMessage(message, payload_buffer)` (§5.3): processes the peer's next message
    /// pattern and returns the decrypted payload.
    ///
    /// - Throws: `.outOfTurn`, `.handshakeAlreadyComplete`, `.handshakeAborted`,
    ///   `.messageTooLong`, `.messageTooShort`, `.handshakeAuthenticationFailed` (wrong psk or
    ///   tampered data), `.invalidRemoteKey`.
    public mutating func readMessage(_ message: [UInt8]) throws -> [UInt8] {
        try checkTurn(writing: false)
        let tokens = pattern.messagePatterns[messageIndex]
        do {
            guard message.count <= NoiseLimits.maximumMessageLength else {
                throw NoiseError(.messageTooLong, "\(message.count) bytes")
            }
            let minimum = messageLength(tokens: tokens, payloadLength: 0)
            guard message.count >= minimum else {
                throw NoiseError(.messageTooShort, "\(message.count) bytes, handshake message \(messageIndex + 1) needs at least \(minimum)")
            }
            var offset = 0
            for token in tokens {
                switch token {
                case .e:
                    let publicKey = Array(message[offset..<(offset + NoiseLimits.keyLength)])
                    offset += NoiseLimits.keyLength
                    remoteEphemeral = try Self.publicKey(publicKey)
                    symmetric.mixHash(publicKey)
                    if pattern.usesPSK { symmetric.mixKey(publicKey) }  // §9.2
                case .s:
                    let length = NoiseLimits.keyLength + (symmetric.cipher.hasKey ? NoiseLimits.tagLength : 0)
                    let decrypted = try symmetric.decryptAndHash(Array(message[offset..<(offset + length)]))
                    offset += length
                    remoteStatic = try Self.publicKey(decrypted)
                default:
                    try mixDiffieHellmanOrPSK(token)
                }
            }
            let payload = try symmetric.decryptAndHash(Array(message[offset...]))
            messageIndex += 1
            return payload
        } catch {
            abort()
            throw error
        }
    }

    /// Returns the transport (§5.2 `Split()`): the initiator sends with the first
    /// CipherState and receives with the second; the responder the opposite. Call it once,
    /// after the handshake is complete.
    ///
    /// - Throws: `.handshakeNotComplete`, `.handshakeAborted`, `.alreadySplit`.
    public mutating func split() throws -> NoiseTransport {
        switch status {
        case .aborted: throw NoiseError(.handshakeAborted)
        case .split: throw NoiseError(.alreadySplit)
        case .inProgress: break
        }
        guard isComplete else { throw NoiseError(.handshakeNotComplete) }
        guard let remoteStatic else { throw NoiseError(.handshakeNotComplete) }
        let (initiatorToResponder, responderToInitiator) = symmetric.split()
        status = .split
        switch role {
        case .initiator:
            return NoiseTransport(
                sender: initiatorToResponder, receiver: responderToInitiator,
                handshakeHash: symmetric.hash, remoteStaticKey: Array(remoteStatic.rawRepresentation)
            )
        case .responder:
            return NoiseTransport(
                sender: responderToInitiator, receiver: initiatorToResponder,
                handshakeHash: symmetric.hash, remoteStaticKey: Array(remoteStatic.rawRepresentation)
            )
        }
    }

    // MARK: - Internals

    /// Marks the handshake unusable and forgets the keys learned so far, so that a peer key
    /// from a message that failed authentication is never reported by `remoteStaticKey`.
    private mutating func abort() {
        status = .aborted
        localEphemeral = nil
        remoteEphemeral = nil
        remoteStatic = nil
    }

    private func checkTurn(writing: Bool) throws {
        switch status {
        case .aborted: throw NoiseError(.handshakeAborted)
        case .split: throw NoiseError(.handshakeAlreadyComplete)
        case .inProgress: break
        }
        guard !isComplete else { throw NoiseError(.handshakeAlreadyComplete) }
        let initiatorWrites = messageIndex % 2 == 0
        let writesNow = initiatorWrites == (role == .initiator)
        guard writesNow == writing else {
            throw NoiseError(.outOfTurn, writing
                ? "handshake message \(messageIndex + 1) is the peer's to send"
                : "handshake message \(messageIndex + 1) is ours to send")
        }
    }

    /// The length of a message for `tokens` and a payload of `payloadLength` bytes: 32 per
    /// `e`, 32 (+16 once a key exists) per `s`, the payload (+16 once a key exists).
    private func messageLength(tokens: [NoisePattern.Token], payloadLength: Int) -> Int {
        var hasKey = symmetric.cipher.hasKey
        var length = 0
        for token in tokens {
            switch token {
            case .e:
                length += NoiseLimits.keyLength
                if pattern.usesPSK { hasKey = true }
            case .s:
                length += NoiseLimits.keyLength + (hasKey ? NoiseLimits.tagLength : 0)
            case .ee, .es, .se, .ss, .psk:
                hasKey = true
            }
        }
        return length + payloadLength + (hasKey ? NoiseLimits.tagLength : 0)
    }

    /// The `ee`, `es`, `se`, `ss` tokens (§5.3: `MixKey(DH(..))`) and `psk` (§9.2: `MixKeyAndHash(psk)`).
    private mutating func mixDiffieHellmanOrPSK(_ token: NoisePattern.Token) throws {
        let isInitiator = role == .initiator
        switch token {
        case .ee:
            symmetric.mixKey(try Self.dh(localEphemeral, remoteEphemeral))
        case .es:
            symmetric.mixKey(try isInitiator ? Self.dh(localEphemeral, remoteStatic) : Self.dh(localStatic, remoteEphemeral))
        case .se:
            symmetric.mixKey(try isInitiator ? Self.dh(localStatic, remoteEphemeral) : Self.dh(localEphemeral, remoteStatic))
        case .ss:
            symmetric.mixKey(try Self.dh(localStatic, remoteStatic))
        case .psk:
            guard let psk else { throw NoiseError(.invalidPSK) }
            symmetric.mixKeyAndHash(psk)
        case .e, .s:
            break
        }
    }

    /// `DH(key_pair, public_key)` (§4.1, §12.1) with X25519. Rejects an all-zero output
    /// (a low-order public key), which §12.1 permits.
    private static func dh(
        _ privateKey: Curve25519.KeyAgreement.PrivateKey?,
        _ publicKey: Curve25519.KeyAgreement.PublicKey?
    ) throws -> [UInt8] {
        guard let privateKey, let publicKey else {
            // Unreachable with the fixed XX patterns; kept as an error rather than a crash.
            throw NoiseError(.handshakeAborted, "a key needed for Diffie-Hellman is missing")
        }
        let shared = try privateKey.sharedSecretFromKeyAgreement(with: publicKey)
        let bytes = shared.withUnsafeBytes { Array($0) }
        guard bytes.reduce(0, { $0 | $1 }) != 0 else { throw NoiseError(.invalidRemoteKey) }
        return bytes
    }

    private static func publicKey(_ bytes: [UInt8]) throws -> Curve25519.KeyAgreement.PublicKey {
        guard bytes.count == NoiseLimits.keyLength else {
            throw NoiseError(.invalidKeyLength, "\(bytes.count) bytes")
        }
        do {
            return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: bytes)
        } catch {
            throw NoiseError(.invalidKeyLength, "\(bytes.count) bytes")
        }
    }
}
