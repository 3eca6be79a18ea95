import Crypto

/// What one device holds, signed by it and sealed for the collective: the file a device leaves
/// in a relay folder so that writers know when every device has read their files and may
/// remove them (`Protocol/RELAY.md` §7).
///
/// ```
/// "ENTR" || u8 version(1) || collective(16) || nonce(12) || ChaCha20-Poly1305(body) || tag(16)
/// body = device(32) || u64 sequence || u16 count || count × (author(32) || u64 seq || head(32)) || signature(64)
/// signature = Ed25519 by `device` of "entente/1 relay receipt" || collective || body without the signature
/// key  = HKDF-SHA256(ikm: collective secret, salt: collective id, info: "entente/1 relay receipt", 32 bytes)
/// ```
///
/// The 33-byte header is the additional authenticated data, as for bundles.
public struct RelayReceipt: Sendable, Equatable {
    public static let magic: [UInt8] = Array("ENTR".utf8)
    public static let formatVersion: UInt8 = 1
    public static let headerLength = 4 + 1 + CollectiveID.byteCount + ChangeBundle.nonceLength
    /// The most tips a receipt carries (one per device, more after forks).
    public static let maximumTips = 1024
    static let tipLength = AuthorKey.byteCount + 8 + ChangeID.byteCount
    /// The largest sealed receipt: every tip, the device, sequence, count, signature, header and tag.
    public static let maximumBytes = headerLength + AuthorKey.byteCount + 8 + 2 + maximumTips * tipLength + 64 + ChangeBundle.tagLength
    static let context: [UInt8] = Array("entente/1 relay receipt".utf8)

    public var collective: CollectiveID
    /// The device that signed it.
    public var device: AuthorKey
    /// Larger in each later receipt of the device (its clock in milliseconds, or one more).
    public var sequence: UInt64
    /// What the device held: its replica's history summary (full-length tips).
    public var holding: HistorySummary
    public var signature: [UInt8]

    /// A receipt signed by `identity`. Tips shorter than full keys and ids are left out.
    public init(collective: CollectiveID, sequence: UInt64, holding: HistorySummary, signing identity: SigningIdentity) throws {
        let tips = holding.tips.filter { $0.author.count == AuthorKey.byteCount && $0.head.count == ChangeID.byteCount }
        guard tips.count <= Self.maximumTips else {
            throw BundleError.tooLarge(what: "the receipt's tips", limit: Self.maximumTips, actual: tips.count)
        }
        self.collective = collective
        self.device = identity.author
        self.sequence = sequence
        self.holding = HistorySummary(tips)
        self.signature = []
        self.signature = identity.sign(Self.context + collective.bytes + self.unsignedBody)
    }

    /// The body before its signature.
    var unsignedBody: [UInt8] {
        var writer = ByteWriter(capacity: 42 + self.holding.tips.count * Self.tipLength)
        writer.writeRaw(self.device)
        writer.write(self.sequence)
        writer.write(UInt16(truncatingIfNeeded: self.holding.tips.count))
        for tip in self.holding.tips {
            writer.writeRaw(tip.author)
            writer.write(tip.seq)
            writer.writeRaw(tip.head)
        }
        return writer.bytes
    }

    /// The sealed file, under a fresh random nonce.
    public func sealed(secret: [UInt8]) throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return try self.sealed(secret: secret, nonce: (0..<ChangeBundle.nonceLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Sealed with a given nonce: for golden vectors and the fuzzer only (two receipts sealed
    /// with one nonce under one key reveal their contents).
    public func sealed(secret: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        let header = Self.magic + [Self.formatVersion] + self.collective.bytes + nonce
        let key = try Self.key(secret: secret, collective: self.collective)
        do {
            let box = try ChaChaPoly.seal(self.unsignedBody + self.signature, using: key, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: header)
            return header + Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw BundleError.sealingFailed("\(error)")
        }
    }

    /// The collective a sealed receipt is for, read without the secret.
    /// - Throws: ``BundleError``: `.notABundle` (not a receipt), `.earlierFormat`/`.laterFormat`,
    ///   `.tooLarge`, `.truncated`.
    public static func collective(of sealed: [UInt8]) throws -> CollectiveID {
        guard sealed.count >= Self.magic.count, sealed.prefix(Self.magic.count).elementsEqual(Self.magic) else { throw BundleError.notABundle }
        guard sealed.count > Self.magic.count else { throw BundleError.truncated(length: sealed.count) }
        let version = sealed[Self.magic.count]
        guard version >= Self.formatVersion else { throw BundleError.earlierFormat(version: version) }
        guard version == Self.formatVersion else { throw BundleError.laterFormat(version: version) }
        guard sealed.count <= Self.maximumBytes else {
            throw BundleError.tooLarge(what: "the receipt's size in bytes", limit: Self.maximumBytes, actual: sealed.count)
        }
        guard sealed.count >= Self.headerLength + ChangeBundle.tagLength else { throw BundleError.truncated(length: sealed.count) }
        return CollectiveID(unchecked: Array(sealed[(Self.magic.count + 1)..<(Self.magic.count + 1 + CollectiveID.byteCount)]))
    }

    /// Opens a sealed receipt with the first of `secrets` that opens it, decodes it and checks
    /// its signature.
    /// - Throws: ``BundleError``: the header's refusals, `.damaged` (opens with none),
    ///   `.invalidContents` (breaks a limit, does not decode, or its signature does not verify).
    public init(opening sealed: [UInt8], secrets: [[UInt8]]) throws {
        let collective = try Self.collective(of: sealed)
        let header = Array(sealed[..<Self.headerLength])
        let nonce = Array(header[(Self.magic.count + 1 + CollectiveID.byteCount)...])
        let tagStart = sealed.count - ChangeBundle.tagLength
        var opened: [UInt8]?
        for secret in secrets {
            guard let key = try? Self.key(secret: secret, collective: collective),
                  let box = try? ChaChaPoly.SealedBox(nonce: try ChaChaPoly.Nonce(data: nonce), ciphertext: sealed[Self.headerLength..<tagStart],
                                                      tag: sealed[tagStart...]),
                  let body = try? ChaChaPoly.open(box, using: key, authenticating: header) else { continue }
            opened = Array(body)
            break
        }
        guard let body = opened else { throw BundleError.damaged }
        do {
            var reader = ByteReader(body)
            guard let device = AuthorKey(validating: try reader.readRaw(AuthorKey.byteCount, "receipt device")) else {
                throw BundleError.invalidContents("the device key is not a key")
            }
            let sequence = try reader.readUInt64("receipt sequence")
            let count = Int(try reader.readUInt16("receipt tip count"))
            guard count <= Self.maximumTips, count * Self.tipLength + 64 <= reader.remaining else {
                throw BundleError.invalidContents("\(count) tips, at most \(Self.maximumTips) and no more than the receipt holds")
            }
            var tips: [HistorySummary.Tip] = []
            tips.reserveCapacity(count)
            for _ in 0..<count {
                let author = try reader.readRaw(AuthorKey.byteCount, "receipt tip author")
                let seq = try reader.readUInt64("receipt tip seq")
                let tip = HistorySummary.Tip(author: author, seq: seq, head: try reader.readRaw(ChangeID.byteCount, "receipt tip head"))
                // One encoding only: tips in ascending order, none twice.
                if let last = tips.last, !(last < tip) { throw BundleError.invalidContents("tips out of order or repeated") }
                tips.append(tip)
            }
            let signature = try reader.readRaw(64, "receipt signature")
            try reader.expectEnd("receipt")
            self.collective = collective
            self.device = device
            self.sequence = sequence
            self.holding = HistorySummary(tips)
            self.signature = signature
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError.invalidContents("\(error)")
        }
        guard self.device.isValidSignature(self.signature, for: Self.context + collective.bytes + Array(body.dropLast(64))) else {
            throw BundleError.invalidContents("the receipt's signature does not verify")
        }
    }

    static func key(secret: [UInt8], collective: CollectiveID) throws -> SymmetricKey {
        guard secret.count == ChangeBundle.secretLength else { throw BundleError.invalidSecret(length: secret.count) }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: collective.bytes, info: Self.context, outputByteCount: 32)
    }
}
