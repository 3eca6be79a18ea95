import Crypto

/// A device's Ed25519 signing key: the private half of an ``AuthorKey``.
///
/// Each replica has its own; the store keeps it in the replica folder with owner-only
/// permissions. Signing is deterministic (RFC 8032), so golden vectors can pin signatures.
public struct SigningIdentity: @unchecked Sendable {
    // swift-crypto does not declare its private keys `Sendable` on Linux; this one is a `let`
    // set once, and signing only reads it (Ed25519 signing is a pure function of key and
    // message), so sharing it between threads races on nothing.
    private let key: Curve25519.Signing.PrivateKey

    public init() {
        self.key = Curve25519.Signing.PrivateKey()
    }

    /// Loads a key from its 32-byte raw seed.
    /// - Throws: ``IdentityError/malformedKey`` if the bytes are not a valid seed.
    public init(rawSeed: [UInt8]) throws {
        guard rawSeed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawSeed) else {
            throw IdentityError.malformedKey(length: rawSeed.count)
        }
        self.key = key
    }

    public var rawSeed: [UInt8] { Array(self.key.rawRepresentation) }
    public var author: AuthorKey { AuthorKey(unchecked: Array(self.key.publicKey.rawRepresentation)) }

    public func sign(_ message: [UInt8]) -> [UInt8] {
        // Signing only fails on allocation failure in BoringSSL; an empty signature would then
        // fail verification everywhere rather than be accepted.
        (try? Array(self.key.signature(for: message))) ?? []
    }
}

extension AuthorKey {
    /// Verifies an Ed25519 `signature` of `message` by this key. Never throws: malformed keys or
    /// signatures simply do not verify.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: self.bytes)
        else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Problems with key material.
public enum IdentityError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedKey(length: Int)

    public var description: String {
        switch self {
        case .malformedKey(let length):
            return "the signing key is malformed (\(length) bytes, expected a 32-byte Ed25519 seed); restore the replica's identity.key from a backup"
        }
    }
}
