import Crypto
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// Rotations of the collective secret in the pure core (`Protocol/VISION.md`, "`secret`"):
/// the sealed entry's bytes, the reading limits, when a rotation is due, and that its fields
/// are fixed.
@Suite struct SecretRotationTests {
    static func hex(_ text: String) -> [UInt8] { Hex.decode(text.filter { !$0.isWhitespace }) ?? [] }
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 0xc0, count: 16))
    static let secret = [UInt8](repeating: 0x42, count: 32)

    /// VISION.md, "`secret`": sealed by Python's pyca/cryptography HPKE
    /// (`Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.CHACHA20_POLY1305).encrypt(secret, public, info)`)
    /// to the X25519 key of seed 32 × `03`, info `"entente/2 secret" ‖ 16 × c0`.
    static let pythonSealed = hex("""
        4445b074bed16c1b4e21bd63d9cb42596a910397314ec9dc93058fa7c0d2ff09
        474cfc0bbda1a9245120966a7f7b72819b177c631c895774163a0d280e7abcf730df98950d7a97580b478537df84f0fe
        """)

    @Test func anEntrySealedByAnotherImplementationOpens() throws {
        let recipient = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: 3, count: 32))
        #expect(Hex.encode(Array(recipient.publicKey.rawRepresentation)) == "5dfedd3b6bd47f6fa28ee15d969d5bb0ea53774d488bdaf9df1c6e0124b3ef22")
        let device = SigningIdentity().author
        let entry = SealedSecret(device: device, encapsulatedKey: Array(Self.pythonSealed.prefix(32)), ciphertext: Array(Self.pythonSealed.dropFirst(32)))
        #expect(entry.open(with: recipient, collective: Self.collective) == Self.secret)
        #expect(Hex.encode(SecretCheck.of(Self.secret)) == "7cccbe5080c7f225d9490cd306500eec")
        // Another collective's info, another key, an altered byte: nothing opens.
        #expect(entry.open(with: recipient, collective: CollectiveID(unchecked: [UInt8](repeating: 0xc1, count: 16))) == nil)
        #expect(entry.open(with: Curve25519.KeyAgreement.PrivateKey(), collective: Self.collective) == nil)
        var altered = entry
        altered.ciphertext[0] ^= 1
        #expect(altered.open(with: recipient, collective: Self.collective) == nil)
    }

    @Test func sealedHereOpensThereAndRoundTripsItsBytes() throws {
        let recipient = Curve25519.KeyAgreement.PrivateKey()
        let device = SigningIdentity().author
        let entry = try #require(SealedSecret.seal(Self.secret, to: device, noiseKey: Array(recipient.publicKey.rawRepresentation), collective: Self.collective))
        #expect(entry.encoded.count == SealedSecret.length)
        #expect(SealedSecret.decodeAll(entry.encoded) == [entry])
        #expect(entry.open(with: recipient, collective: Self.collective) == Self.secret)
        #expect(SealedSecret.seal(Self.secret, to: device, noiseKey: [1, 2, 3], collective: Self.collective) == nil)  // not a key
    }

    @Test func recipientsLimitBothSides() throws {
        let recipient = Curve25519.KeyAgreement.PrivateKey()
        let entry = try #require(SealedSecret.seal(Self.secret, to: SigningIdentity().author, noiseKey: Array(recipient.publicKey.rawRepresentation), collective: Self.collective))
        #expect(SecretRotation.maximumRecipients == 1024)
        let full = [UInt8]((0..<1024).flatMap { _ in entry.encoded })
        #expect(SealedSecret.decodeAll(full).count == 1024)
        #expect(SealedSecret.decodeAll(full + entry.encoded).isEmpty)  // 1,025: malformed
        #expect(SealedSecret.decodeAll(Array(entry.encoded.dropLast())).isEmpty)
        #expect(SealedSecret.decodeAll([]).isEmpty)
    }

    /// Alice, Bob and Carol; the members gone and the rotations as read by Alice.
    struct Trio {
        var replicas: [MemoryReplica]
        var ids: [RecordID] = []

        init() throws {
            self.replicas = try MemoryReplica.collective(3).replicas
            let directory = Directory(records: try self.replicas[0].storage.authorityRecords())
            self.ids = try self.replicas.map { try #require(directory.member(for: $0.author)).id }
        }

        var directory: Directory {
            get throws { Directory(records: try self.replicas[0].storage.authorityRecords(), today: "2026-12-06") }
        }

        var records: [RecordState] {
            get throws { try self.replicas[0].storage.allRecords().compactMap { try self.replicas[0].record($0.id) } }
        }

        func due() throws -> [RecordID] { SecretRotation.due(records: try self.records, directory: try self.directory) }

        @discardableResult
        mutating func rotate() throws -> SignedChange {
            let directory = try self.directory
            let collective = self.replicas[0].collective
            return try self.replicas[0].commit { change in
                SecretRotation.write(into: &change, secret: SecretRotationTests.secret, recipients: SecretRotation.recipients(in: directory), collective: collective)
            }
        }

        /// Carol records her own departure on `date`; Alice receives it.
        mutating func carolLeaves(on date: String) throws {
            let carol = self.ids[2]
            let change = try self.replicas[2].commit { change in change.set(carol, Member.Field.leftOn, .string(date)) }
            try self.replicas[0].receive([change])
        }
    }

    @Test func aRotationIsDueWhileSomeoneGoneMayKnowTheSecret() throws {
        var trio = try Trio()
        #expect(try trio.due().isEmpty)  // everybody active
        try trio.carolLeaves(on: "2027-06-01")
        #expect(try trio.due().isEmpty)  // she leaves later: still active
        trio = try Trio()
        try trio.carolLeaves(on: "2026-12-01")
        #expect(try trio.due() == [trio.ids[2]])  // gone, and she knew the founding secret
        try trio.rotate()
        #expect(try trio.due().isEmpty)  // sealed to Alice and Bob only
        let rotation = try #require(SecretRotation.all(in: try trio.records).last)
        #expect(rotation.recipients == [trio.replicas[0].author, trio.replicas[1].author])
        #expect(rotation.check == SecretCheck.of(Self.secret))
    }

    @Test func aRotationMadeBeforeTheDepartureIsDueAgain() throws {
        var trio = try Trio()
        try trio.rotate()  // sealed to all three
        #expect(try trio.due().isEmpty)
        try trio.carolLeaves(on: "2026-12-01")
        #expect(try trio.due() == [trio.ids[2]])
    }

    @Test func theFieldsOfARotationAreFixed() throws {
        var trio = try Trio()
        let change = try trio.rotate()
        let rotation = try #require(SecretRotation.all(in: try trio.records).last)
        #expect(change.change.operations.count == 3)
        // Bob rewrites its check: refused, no effect.
        var bob = trio.replicas[1]
        try bob.receive([change])
        let crafted = try bob.craft { $0.set(rotation.id, SecretRotation.Field.check, .bytes([UInt8](repeating: 0, count: 16))) }
        try trio.replicas[0].receive([crafted])
        #expect(SecretRotation.all(in: try trio.records).last?.check == SecretCheck.of(Self.secret))
    }
}
