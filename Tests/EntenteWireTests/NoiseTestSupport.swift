import Crypto
import EntenteWire
import Foundation
import Testing

/// Helpers shared by the EntenteWire tests.
enum NoiseTestSupport {
    static let vectorFileName = "cacophony-25519-ChaChaPoly-SHA256.json"

    /// Where the cacophony vectors may be, in order: `$ENTENTE_NOISE_VECTORS` (the file or its
    /// folder), `<repoRoot>/../shared/data/noise/` (repoRoot is 3 levels above this file),
    /// `/work/shared/data/noise/`.
    static func vectorFileCandidates(filePath: String = #filePath) -> [String] {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["ENTENTE_NOISE_VECTORS"], !override.isEmpty {
            candidates.append(override.hasSuffix(".json") ? override : override + "/" + vectorFileName)
        }
        let repoRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // EntenteWireTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repoRoot
        candidates.append(repoRoot.appendingPathComponent("../shared/data/noise/\(vectorFileName)").standardizedFileURL.path)
        candidates.append("/work/shared/data/noise/\(vectorFileName)")
        return candidates
    }

    struct VectorFile: Decodable {
        let vectors: [Vector]
    }

    struct Vector: Decodable {
        struct Message: Decodable {
            let payload: String
            let ciphertext: String
        }
        let protocol_name: String
        let init_prologue: String
        let init_static: String?
        let init_ephemeral: String
        let init_psks: [String]?
        let resp_prologue: String
        let resp_static: String?
        let resp_ephemeral: String?
        let resp_psks: [String]?
        let handshake_hash: String
        let messages: [Message]
    }

    /// Loads the vectors, recording a test failure (not a skip) when the file is missing.
    static func loadVectors() throws -> [Vector] {
        let candidates = vectorFileCandidates()
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            Issue.record("cacophony vector file not found; looked in: \(candidates.joined(separator: ", "))")
            throw VectorFileMissing()
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(VectorFile.self, from: data).vectors
    }

    struct VectorFileMissing: Error {}

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    static func privateKey(_ hex: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: bytes(hex))
    }

    /// Deterministic test bytes: byte i is (i * 31 + seed) mod 256.
    static func pattern(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// Fixed inputs of the cacophony Noise_XXpsk3_25519_ChaChaPoly_SHA256 vector, used by
    /// HANDSHAKE.md's worked examples.
    enum Fixed {
        static let prologue = bytes("4a6f686e2047616c74")
        static let psk = bytes("54686973206973206d7920417573747269616e20706572737065637469766521")
        static let initiatorStatic = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"
        static let initiatorEphemeral = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"
        static let responderStatic = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"
        static let responderEphemeral = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"
    }

    /// A pair of handshakes with the fixed keys above.
    static func fixedPair(
        pattern: NoisePattern = .xxpsk3,
        prologue: [UInt8] = Fixed.prologue,
        initiatorPSK: [UInt8]? = Fixed.psk,
        responderPSK: [UInt8]? = Fixed.psk
    ) throws -> (initiator: NoiseHandshake, responder: NoiseHandshake) {
        let initiator = try NoiseHandshake(
            _pattern: pattern, role: .initiator, prologue: prologue,
            staticKey: privateKey(Fixed.initiatorStatic),
            psk: pattern == .xx ? nil : initiatorPSK,
            _ephemeral: privateKey(Fixed.initiatorEphemeral))
        let responder = try NoiseHandshake(
            _pattern: pattern, role: .responder, prologue: prologue,
            staticKey: privateKey(Fixed.responderStatic),
            psk: pattern == .xx ? nil : responderPSK,
            _ephemeral: privateKey(Fixed.responderEphemeral))
        return (initiator, responder)
    }

    /// A pair with fresh random keys.
    static func randomPair(
        pattern: NoisePattern = .xxpsk3,
        psk: [UInt8] = [UInt8](repeating: 7, count: 32)
    ) throws -> (initiator: NoiseHandshake, responder: NoiseHandshake) {
        let initiator = try NoiseHandshake(
            pattern: pattern, role: .initiator, prologue: NoiseHandshake.ententePrologue,
            staticKey: Curve25519.KeyAgreement.PrivateKey(), psk: pattern == .xx ? nil : psk)
        let responder = try NoiseHandshake(
            pattern: pattern, role: .responder, prologue: NoiseHandshake.ententePrologue,
            staticKey: Curve25519.KeyAgreement.PrivateKey(), psk: pattern == .xx ? nil : psk)
        return (initiator, responder)
    }

    /// Runs the three handshake messages with the given payloads and returns both transports.
    static func complete(
        _ initiator: inout NoiseHandshake,
        _ responder: inout NoiseHandshake,
        payloads: [[UInt8]] = [[], [], []]
    ) throws -> (initiator: NoiseTransport, responder: NoiseTransport) {
        let m1 = try initiator.writeMessage(payload: payloads[0])
        #expect(try responder.readMessage(m1) == payloads[0])
        let m2 = try responder.writeMessage(payload: payloads[1])
        #expect(try initiator.readMessage(m2) == payloads[1])
        let m3 = try initiator.writeMessage(payload: payloads[2])
        #expect(try responder.readMessage(m3) == payloads[2])
        return (try initiator.split(), try responder.split())
    }

    /// Asserts that `body` throws a `NoiseError` of `kind`.
    static func expectNoiseError(
        _ kind: NoiseError.Kind,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected NoiseError \(kind), nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as NoiseError {
            #expect(error.kind == kind, "got \(error.kind): \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected NoiseError \(kind), got \(error)", sourceLocation: sourceLocation)
        }
    }
}
