import Crypto
import EntenteWire
import Testing

/// The cacophony test vectors (github.com/haskell-cryptography/cacophony, vectors/) for the
/// two patterns EntenteWire implements: every handshake message, the handshake hash, and
/// every transport message after the split.
@Suite("Cacophony test vectors")
struct NoiseVectorTests {
    typealias S = NoiseTestSupport

    @Test("the vector file is found from #filePath, $ENTENTE_NOISE_VECTORS or /work/shared")
    func vectorFileIsPresent() throws {
        let vectors = try S.loadVectors()
        #expect(vectors.count > 0)
    }

    @Test(
        "every vector of the pattern passes",
        arguments: [
            ("Noise_XX_25519_ChaChaPoly_SHA256", NoisePattern.xx),
            ("Noise_XXpsk3_25519_ChaChaPoly_SHA256", NoisePattern.xxpsk3),
        ]
    )
    func vectorsPass(name: String, pattern: NoisePattern) throws {
        #expect(pattern.protocolName == name)
        let vectors = try S.loadVectors().filter { $0.protocol_name == name }
        #expect(vectors.count >= 1, "no \(name) vector in the file")
        for vector in vectors {
            try check(vector, pattern: pattern)
        }
    }

    private func check(_ vector: S.Vector, pattern: NoisePattern) throws {
        let initiatorStatic = try S.privateKey(try #require(vector.init_static))
        let responderStatic = try S.privateKey(try #require(vector.resp_static))
        var initiator = try NoiseHandshake(
            _pattern: pattern, role: .initiator, prologue: S.bytes(vector.init_prologue),
            staticKey: initiatorStatic, psk: vector.init_psks?.first.map(S.bytes),
            _ephemeral: S.privateKey(vector.init_ephemeral))
        var responder = try NoiseHandshake(
            _pattern: pattern, role: .responder, prologue: S.bytes(vector.resp_prologue),
            staticKey: responderStatic, psk: vector.resp_psks?.first.map(S.bytes),
            _ephemeral: S.privateKey(try #require(vector.resp_ephemeral)))

        #expect(vector.messages.count > 3, "the vector should include transport messages")
        var transports: (initiator: NoiseTransport, responder: NoiseTransport)?
        for (index, message) in vector.messages.enumerated() {
            let payload = S.bytes(message.payload)
            let expected = S.bytes(message.ciphertext)
            let initiatorSends = index % 2 == 0
            if index < 3 {
                #expect(!initiator.isComplete && !responder.isComplete)
                #expect(initiator.isWriteTurn == initiatorSends)
                #expect(responder.isWriteTurn == !initiatorSends)
                let written = initiatorSends
                    ? try initiator.writeMessage(payload: payload)
                    : try responder.writeMessage(payload: payload)
                #expect(S.hex(written) == message.ciphertext, "\(vector.protocol_name) message \(index)")
                let read = initiatorSends
                    ? try initiator.readMessageAsPeer(of: &responder, expected)
                    : try responder.readMessageAsPeer(of: &initiator, expected)
                #expect(read == payload, "\(vector.protocol_name) message \(index) payload")
                #expect(initiator.handshakeHash == responder.handshakeHash)
                if index == 2 {
                    #expect(initiator.isComplete && responder.isComplete)
                    #expect(S.hex(initiator.handshakeHash) == vector.handshake_hash)
                    #expect(S.hex(responder.handshakeHash) == vector.handshake_hash)
                    #expect(initiator.remoteStaticKey == Array(responderStatic.publicKey.rawRepresentation))
                    #expect(responder.remoteStaticKey == Array(initiatorStatic.publicKey.rawRepresentation))
                    transports = (try initiator.split(), try responder.split())
                }
            } else {
                var pair = try #require(transports)
                if initiatorSends {
                    #expect(S.hex(try pair.initiator.encrypt(payload)) == message.ciphertext, "transport message \(index)")
                    #expect(try pair.responder.decrypt(expected) == payload)
                } else {
                    #expect(S.hex(try pair.responder.encrypt(payload)) == message.ciphertext, "transport message \(index)")
                    #expect(try pair.initiator.decrypt(expected) == payload)
                }
                transports = pair
            }
        }
        let pair = try #require(transports)
        #expect(S.hex(pair.initiator.handshakeHash) == vector.handshake_hash)
        #expect(pair.initiator.remoteStaticKey == Array(responderStatic.publicKey.rawRepresentation))
        #expect(pair.responder.remoteStaticKey == Array(initiatorStatic.publicKey.rawRepresentation))
    }
}

private extension NoiseHandshake {
    /// Reads `message` on `peer` (the other side); a helper to keep the loop symmetric.
    func readMessageAsPeer(of peer: inout NoiseHandshake, _ message: [UInt8]) throws -> [UInt8] {
        try peer.readMessage(message)
    }
}
