import Crypto
@testable import EntenteWire
import Testing

@Suite("Noise handshake and transport")
struct NoiseHandshakeTests {
    typealias S = NoiseTestSupport

    @Test("protocol names are exact")
    func protocolNames() {
        #expect(NoisePattern.xx.protocolName == "Noise_XX_25519_ChaChaPoly_SHA256")
        #expect(NoisePattern.xxpsk3.protocolName == "Noise_XXpsk3_25519_ChaChaPoly_SHA256")
        #expect(NoiseHandshake.ententePrologue == Array("entente/1".utf8))
    }

    @Test("random keys complete a handshake and talk both ways", arguments: [NoisePattern.xx, .xxpsk3])
    func randomHandshake(pattern: NoisePattern) throws {
        var (initiator, responder) = try S.randomPair(pattern: pattern)
        #expect(initiator.remoteStaticKey == nil && responder.remoteStaticKey == nil)
        var (a, b) = try S.complete(&initiator, &responder, payloads: [[1], [2, 2], Array("identity".utf8)])
        #expect(a.handshakeHash == b.handshakeHash)
        #expect(a.handshakeHash.count == 32)
        #expect(initiator.remoteStaticKey?.count == 32)
        for round in 0..<50 {
            let message = S.pattern(round * 37, seed: UInt8(round))
            #expect(try b.decrypt(try a.encrypt(message)) == message)
            #expect(try a.decrypt(try b.encrypt(message)) == message)
        }
        #expect(a.sendNonce == 50 && a.receiveNonce == 50 && b.sendNonce == 50)
        // Different sessions get different keys and hashes.
        var (i2, r2) = try S.randomPair(pattern: pattern)
        let (a2, _) = try S.complete(&i2, &r2)
        #expect(a2.handshakeHash != a.handshakeHash)
    }

    @Test("the fresh ephemeral key differs per handshake")
    func ephemeralIsFresh() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        var one = try NoiseHandshake(pattern: .xx, role: .initiator, prologue: [], staticKey: key)
        var two = try NoiseHandshake(pattern: .xx, role: .initiator, prologue: [], staticKey: key)
        #expect(try one.writeMessage(payload: []) != two.writeMessage(payload: []))
    }

    @Test("a wrong psk on one side makes the responder fail on message 3 with a typed error")
    func wrongPSK() throws {
        var wrong = S.Fixed.psk
        wrong[0] ^= 0x80
        for (initiatorPSK, responderPSK) in [(wrong, S.Fixed.psk), (S.Fixed.psk, wrong)] {
            var (initiator, responder) = try S.fixedPair(initiatorPSK: initiatorPSK, responderPSK: responderPSK)
            _ = try responder.readMessage(try initiator.writeMessage(payload: []))
            _ = try initiator.readMessage(try responder.writeMessage(payload: []))
            let m3 = try initiator.writeMessage(payload: Array("member".utf8))
            do {
                _ = try responder.readMessage(m3)
                Issue.record("message 3 was accepted with a wrong psk")
            } catch let error as NoiseError {
                #expect(error.kind == .handshakeAuthenticationFailed)
                #expect(error.description.contains("wrong collective secret or tampered data"))
            }
            #expect(!responder.isComplete)
            #expect(responder.remoteStaticKey == nil, "the initiator's identity must not be accepted")
            S.expectNoiseError(.handshakeAborted) { _ = try responder.writeMessage(payload: []) }
            S.expectNoiseError(.handshakeAborted) { _ = try responder.split() }
        }
    }

    @Test("a different prologue fails the handshake", arguments: [NoisePattern.xx, .xxpsk3])
    func wrongPrologue(pattern: NoisePattern) throws {
        var initiator = try NoiseHandshake(
            pattern: pattern, role: .initiator, prologue: Array("entente/1".utf8),
            staticKey: .init(), psk: pattern == .xx ? nil : S.Fixed.psk)
        var responder = try NoiseHandshake(
            pattern: pattern, role: .responder, prologue: Array("entente/2".utf8),
            staticKey: .init(), psk: pattern == .xx ? nil : S.Fixed.psk)
        let m1 = try initiator.writeMessage(payload: [])
        if pattern == .xxpsk3 {
            // With a psk, message 1 already carries a tag bound to h, which covers the prologue.
            S.expectNoiseError(.handshakeAuthenticationFailed) { _ = try responder.readMessage(m1) }
        } else {
            _ = try responder.readMessage(m1)
            let m2 = try responder.writeMessage(payload: [])
            S.expectNoiseError(.handshakeAuthenticationFailed) { _ = try initiator.readMessage(m2) }
        }
    }

    @Test("a tampered byte anywhere in any handshake message fails the handshake", arguments: [NoisePattern.xx, .xxpsk3])
    func tamperedHandshakeMessages(pattern: NoisePattern) throws {
        let payloads: [[UInt8]] = [Array("hello".utf8), Array("responder identity".utf8), Array("initiator identity".utf8)]
        // Reference run to learn the message lengths.
        var (refI, refR) = try S.fixedPair(pattern: pattern)
        var lengths: [Int] = []
        let r1 = try refI.writeMessage(payload: payloads[0]); lengths.append(r1.count); _ = try refR.readMessage(r1)
        let r2 = try refR.writeMessage(payload: payloads[1]); lengths.append(r2.count); _ = try refI.readMessage(r2)
        let r3 = try refI.writeMessage(payload: payloads[2]); lengths.append(r3.count)

        for messageIndex in 0..<3 {
            for position in 0..<lengths[messageIndex] {
                var (initiator, responder) = try S.fixedPair(pattern: pattern)
                var failedAt: Int?
                var failure: NoiseError?
                for step in 0..<3 {
                    let initiatorSends = step % 2 == 0
                    var message = initiatorSends
                        ? try initiator.writeMessage(payload: payloads[step])
                        : try responder.writeMessage(payload: payloads[step])
                    if step == messageIndex { message[position] ^= 0x01 }
                    do {
                        _ = initiatorSends ? try responder.readMessage(message) : try initiator.readMessage(message)
                    } catch let error as NoiseError {
                        failedAt = step
                        failure = error
                        break
                    }
                }
                let where_ = "message \(messageIndex + 1), byte \(position)"
                let step = try #require(failedAt, "tampering went unnoticed: \(where_)")
                let kind = try #require(failure).kind
                #expect(kind == .handshakeAuthenticationFailed || kind == .invalidRemoteKey, "\(where_): \(kind)")
                if pattern == .xxpsk3 || messageIndex > 0 {
                    // Every message is authenticated except the plaintext first message of XX,
                    // whose tampering is caught by the next message (h differs).
                    #expect(step == messageIndex, "\(where_) detected at message \(step + 1)")
                } else {
                    #expect(step == 1, "\(where_) detected at message \(step + 1)")
                }
            }
        }
    }

    @Test("tampered or reordered transport messages are rejected and leave the nonce alone")
    func tamperedTransport() throws {
        var (initiator, responder) = try S.fixedPair()
        var (a, b) = try S.complete(&initiator, &responder)
        let first = try a.encrypt(Array("first".utf8))
        let second = try a.encrypt(Array("second".utf8))
        for position in 0..<first.count {
            var tampered = first
            tampered[position] ^= 0x40
            S.expectNoiseError(.transportAuthenticationFailed) { _ = try b.decrypt(tampered) }
        }
        S.expectNoiseError(.transportAuthenticationFailed) { _ = try b.decrypt(second) }  // out of order
        S.expectNoiseError(.transportAuthenticationFailed) { _ = try b.decrypt(Array(first.dropLast())) }  // truncated
        #expect(b.receiveNonce == 0)
        #expect(try b.decrypt(first) == Array("first".utf8))
        S.expectNoiseError(.transportAuthenticationFailed) { _ = try b.decrypt(first) }  // replay
        #expect(try b.decrypt(second) == Array("second".utf8))
        // A message encrypted for the other direction does not decrypt here.
        let fromB = try b.encrypt([1, 2, 3])
        S.expectNoiseError(.transportAuthenticationFailed) { _ = try b.decrypt(fromB) }
        #expect(try a.decrypt(fromB) == [1, 2, 3])
        let error = NoiseError(.transportAuthenticationFailed)
        #expect(error.description.contains("tampered"))
    }

    @Test("calls out of turn throw and do not disturb the handshake")
    func outOfTurn() throws {
        var (initiator, responder) = try S.fixedPair()
        S.expectNoiseError(.outOfTurn) { _ = try responder.writeMessage(payload: []) }
        S.expectNoiseError(.outOfTurn) { _ = try initiator.readMessage([UInt8](repeating: 0, count: 64)) }
        S.expectNoiseError(.handshakeNotComplete) { _ = try initiator.split() }
        let m1 = try initiator.writeMessage(payload: [])
        S.expectNoiseError(.outOfTurn) { _ = try initiator.writeMessage(payload: []) }
        S.expectNoiseError(.outOfTurn) { _ = try responder.writeMessage(payload: []) }
        _ = try responder.readMessage(m1)
        S.expectNoiseError(.outOfTurn) { _ = try responder.readMessage(m1) }
        S.expectNoiseError(.handshakeNotComplete) { _ = try responder.split() }
        let m2 = try responder.writeMessage(payload: [])
        _ = try initiator.readMessage(m2)
        let m3 = try initiator.writeMessage(payload: [])
        #expect(initiator.isComplete)
        S.expectNoiseError(.handshakeAlreadyComplete) { _ = try initiator.writeMessage(payload: []) }
        S.expectNoiseError(.handshakeAlreadyComplete) { _ = try initiator.readMessage(m2) }
        _ = try responder.readMessage(m3)
        #expect(responder.isComplete)
        _ = try initiator.split()
        S.expectNoiseError(.alreadySplit) { _ = try initiator.split() }
        S.expectNoiseError(.handshakeAlreadyComplete) { _ = try initiator.writeMessage(payload: []) }
        _ = try responder.split()
    }

    @Test("short handshake messages throw messageTooShort", arguments: [NoisePattern.xx, .xxpsk3])
    func shortMessages(pattern: NoisePattern) throws {
        // Minimum lengths: XX 32, 96, 64; XXpsk3 48, 96, 64.
        let minimums = pattern == .xx ? [32, 96, 64] : [48, 96, 64]
        for messageIndex in 0..<3 {
            for cut in [0, 1, minimums[messageIndex] - 1] {
                var (initiator, responder) = try S.fixedPair(pattern: pattern)
                var messages: [[UInt8]] = []
                for step in 0..<messageIndex {
                    let sender = step % 2 == 0
                    let m = sender ? try initiator.writeMessage(payload: []) : try responder.writeMessage(payload: [])
                    _ = sender ? try responder.readMessage(m) : try initiator.readMessage(m)
                    messages.append(m)
                }
                let full = messageIndex % 2 == 0
                    ? try initiator.writeMessage(payload: [])
                    : try responder.writeMessage(payload: [])
                #expect(full.count == minimums[messageIndex])
                let short = Array(full.prefix(cut))
                S.expectNoiseError(.messageTooShort) {
                    _ = messageIndex % 2 == 0 ? try responder.readMessage(short) : try initiator.readMessage(short)
                }
            }
        }
    }

    @Test("psk and key lengths are checked")
    func pskValidation() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        for bad in [[UInt8](), [UInt8](repeating: 1, count: 31), [UInt8](repeating: 1, count: 33)] {
            S.expectNoiseError(.invalidPSK) {
                _ = try NoiseHandshake(pattern: .xxpsk3, role: .initiator, prologue: [], staticKey: key, psk: bad)
            }
        }
        S.expectNoiseError(.invalidPSK) {
            _ = try NoiseHandshake(pattern: .xxpsk3, role: .responder, prologue: [], staticKey: key, psk: nil)
        }
        S.expectNoiseError(.invalidPSK) {
            _ = try NoiseHandshake(pattern: .xx, role: .initiator, prologue: [], staticKey: key, psk: S.Fixed.psk)
        }
        _ = try NoiseHandshake(pattern: .xxpsk3, role: .initiator, prologue: [], staticKey: key, psk: S.Fixed.psk)
    }

    @Test("a low-order ephemeral key from the peer is rejected, not used")
    func lowOrderKey() throws {
        var responder = try NoiseHandshake(pattern: .xx, role: .responder, prologue: [], staticKey: .init())
        // Message 1 of XX is e || payload in clear: send the all-zero point (order 4).
        _ = try responder.readMessage([UInt8](repeating: 0, count: 32))
        S.expectNoiseError(.invalidRemoteKey) { _ = try responder.writeMessage(payload: []) }
        S.expectNoiseError(.handshakeAborted) { _ = try responder.writeMessage(payload: []) }
    }

    @Test("handshake message limits: exactly 65535 bytes accepted, one more rejected", arguments: [NoisePattern.xx, .xxpsk3])
    func handshakeLimits(pattern: NoisePattern) throws {
        let overhead = pattern == .xx ? 32 : 48
        let maxPayload = NoiseLimits.maximumMessageLength - overhead
        var (initiator, responder) = try S.fixedPair(pattern: pattern)
        S.expectNoiseError(.messageTooLong) { _ = try initiator.writeMessage(payload: [UInt8](repeating: 1, count: maxPayload + 1)) }
        // The refused write did not consume the turn or abort.
        let message = try initiator.writeMessage(payload: [UInt8](repeating: 1, count: maxPayload))
        #expect(message.count == NoiseLimits.maximumMessageLength)
        #expect(try responder.readMessage(message).count == maxPayload)

        var (_, other) = try S.fixedPair(pattern: pattern)
        S.expectNoiseError(.messageTooLong) { _ = try other.readMessage(message + [0]) }
        // Message 2 (e, ee, s, es + payload): overhead 32 + 48 + 16 = 96.
        let m2max = NoiseLimits.maximumMessageLength - 96
        S.expectNoiseError(.messageTooLong) { _ = try responder.writeMessage(payload: [UInt8](repeating: 2, count: m2max + 1)) }
        let m2 = try responder.writeMessage(payload: [UInt8](repeating: 2, count: m2max))
        #expect(m2.count == NoiseLimits.maximumMessageLength)
        #expect(try initiator.readMessage(m2).count == m2max)
    }

    @Test("transport limits: 65519-byte plaintext gives a 65535-byte message; one more is rejected")
    func transportLimits() throws {
        var (initiator, responder) = try S.fixedPair()
        var (a, b) = try S.complete(&initiator, &responder)
        let maxPlain = [UInt8](repeating: 9, count: NoiseLimits.maximumTransportPayloadLength)
        let ciphertext = try a.encrypt(maxPlain)
        #expect(ciphertext.count == NoiseLimits.maximumMessageLength)
        #expect(try b.decrypt(ciphertext) == maxPlain)
        S.expectNoiseError(.messageTooLong) { _ = try a.encrypt(maxPlain + [0]) }
        #expect(a.sendNonce == 1, "a refused encrypt must not use a nonce")
        S.expectNoiseError(.messageTooLong) { _ = try b.decrypt(ciphertext + [0]) }
        S.expectNoiseError(.messageTooShort) { _ = try b.decrypt([UInt8](repeating: 0, count: 15)) }
        S.expectNoiseError(.messageTooShort) { _ = try b.decrypt([]) }
        // An empty plaintext is a valid 16-byte message.
        let empty = try a.encrypt([])
        #expect(empty.count == 16)
        #expect(try b.decrypt(empty) == [])
    }

    @Test("nonce 2^64-1 is reserved: the channel refuses to use it")
    func nonceExhaustion() throws {
        var (initiator, responder) = try S.fixedPair()
        var (a, b) = try S.complete(&initiator, &responder)
        a._setNonces(send: UInt64.max - 1, receive: 0)
        b._setNonces(send: 0, receive: UInt64.max - 1)
        let last = try a.encrypt([42])
        #expect(try b.decrypt(last) == [42])
        #expect(a.sendNonce == UInt64.max)
        S.expectNoiseError(.nonceExhausted) { _ = try a.encrypt([43]) }
        S.expectNoiseError(.nonceExhausted) { _ = try b.decrypt(last) }
    }

    @Test("the AEAD nonce is 4 zero bytes then the little-endian counter")
    func nonceLayout() throws {
        let nonce = try NoiseCipherState.aeadNonce(0x0102030405060708)
        #expect(Array(nonce) == [0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1])
    }

    @Test("errors compare by kind and describe themselves for a person")
    func errorDescriptions() {
        #expect(NoiseError(.outOfTurn) == NoiseError(.outOfTurn))
        #expect(NoiseError(.outOfTurn).kind != NoiseError(.messageTooLong).kind)
        #expect(NoiseError(.handshakeAuthenticationFailed).description
            == "the peer's handshake message failed authentication: wrong collective secret or tampered data")
        #expect(NoiseError(.frameTooLong, "70000 bytes").description.hasSuffix("(70000 bytes)"))
        #expect(NoiseError.Kind.nonceExhausted.description == "nonceExhausted")
    }
}
