import Crypto

/// A file of signed changes that travels by mail or USB stick, sealed so that only members of
/// its collective can read it and any change to its bytes is detected (`Protocol/CHANGES.md` §7).
///
/// ```
/// "ENTB" || u8 version(3) || collective(16) || nonce(12) || ChaCha20-Poly1305(body) || tag(16)
/// body = u32 count || count × blob(signed change)
/// key  = HKDF-SHA256(ikm: collective secret, salt: collective id, info: "entente/1 bundle", 32 bytes)
/// ```
///
/// The 33-byte header is the additional authenticated data, so the collective id can be read
/// (and a foreign bundle refused) before anything is decrypted, yet not altered.
///
/// ```swift
/// let bytes = try ChangeBundle(collective: id, changes: changes).sealed(secret: secret)
/// let header = try ChangeBundle.Header(of: bytes)   // no secret needed
/// let bundle = try ChangeBundle(opening: bytes, secret: secret)
/// ```
public struct ChangeBundle: Sendable {
    public static let magic: [UInt8] = Array("ENTB".utf8)
    /// Version 1 was a plaintext body after the collective id; version 2 carried changes of
    /// format 2; both are refused as ``BundleError/earlierFormat(version:)``.
    public static let formatVersion: UInt8 = 3
    /// The length of the collective secret, the key derivation's input key material.
    public static let secretLength = 32
    /// The ChaCha20-Poly1305 nonce: 12 fresh random bytes per bundle.
    public static let nonceLength = 12
    /// The Poly1305 authentication tag at the end of the file.
    public static let tagLength = 16
    /// Magic, version, collective id and nonce: the additional authenticated data.
    public static let headerLength = 4 + 1 + CollectiveID.byteCount + nonceLength
    /// A header and a tag: anything shorter is refused as truncated before any decryption.
    public static let minimumBytes = headerLength + tagLength
    /// The most changes one bundle may hold.
    public static let maximumChanges = 10_000_000
    /// The largest bundle file, 1 GiB: a bundle is read, decrypted and decoded whole in memory,
    /// so a reader checks the file's size before reading it.
    public static let maximumBytes = 1 << 30
    /// The HKDF `info` that binds the derived key to this use of the collective secret.
    static let keyInfo: [UInt8] = Array("entente/1 bundle".utf8)

    public var collective: CollectiveID
    public var changes: [SignedChange]

    public init(collective: CollectiveID, changes: [SignedChange]) {
        self.collective = collective
        self.changes = changes
    }

    // MARK: - Header

    /// The clear part of a sealed bundle: who it is for and its nonce.
    public struct Header: Sendable, Equatable {
        public var collective: CollectiveID
        public var nonce: [UInt8]

        /// Reads and checks the header of a whole sealed bundle, without the secret.
        ///
        /// Use it to refuse a bundle of another collective before trying to open it (opening it
        /// with this collective's secret would only say that it is damaged).
        /// - Throws: ``BundleError``, in this order of checks: `.notABundle`, `.truncated`
        ///   (under 5 bytes), `.earlierFormat` / `.laterFormat`, `.tooLarge`, `.truncated`
        ///   (under ``ChangeBundle/minimumBytes``).
        public init(of sealed: [UInt8]) throws {
            guard sealed.count >= ChangeBundle.magic.count, sealed.prefix(ChangeBundle.magic.count).elementsEqual(ChangeBundle.magic) else {
                throw BundleError.notABundle
            }
            guard sealed.count > ChangeBundle.magic.count else { throw BundleError.truncated(length: sealed.count) }
            let version = sealed[ChangeBundle.magic.count]
            guard version >= ChangeBundle.formatVersion else { throw BundleError.earlierFormat(version: version) }
            guard version == ChangeBundle.formatVersion else { throw BundleError.laterFormat(version: version) }
            try ChangeBundle.checkSize(sealed.count)
            guard sealed.count >= ChangeBundle.minimumBytes else { throw BundleError.truncated(length: sealed.count) }
            let collectiveStart = ChangeBundle.magic.count + 1
            let nonceStart = collectiveStart + CollectiveID.byteCount
            self.collective = CollectiveID(unchecked: Array(sealed[collectiveStart..<nonceStart]))
            self.nonce = Array(sealed[nonceStart..<ChangeBundle.headerLength])
        }

        init(collective: CollectiveID, nonce: [UInt8]) {
            self.collective = collective
            self.nonce = nonce
        }

        /// The ``ChangeBundle/headerLength`` bytes that start the file and are authenticated.
        var bytes: [UInt8] {
            ChangeBundle.magic + [ChangeBundle.formatVersion] + self.collective.bytes + self.nonce
        }
    }

    /// Throws unless a bundle of `byteCount` bytes is within ``maximumBytes``.
    /// Readers call it with a file's size before reading the file.
    public static func checkSize(_ byteCount: Int) throws {
        guard byteCount <= Self.maximumBytes else {
            throw BundleError.tooLarge(what: "the bundle's size in bytes", limit: Self.maximumBytes, actual: byteCount)
        }
    }

    // MARK: - Sealing

    /// The bundle file, sealed under the key derived from `secret` with a fresh random nonce.
    /// - Parameter secret: the collective secret (``secretLength`` bytes).
    /// - Throws: ``BundleError``: `.invalidSecret`, `.tooLarge` (over ``maximumChanges`` or
    ///   ``maximumBytes``: export fewer changes, with `since`).
    /// - Parameter padded: pads the body with zero bytes so that the sealed size is
    ///   ``paddedSize(_:)`` of what it would be (relay files: the folder sees size classes).
    public func sealed(secret: [UInt8], padded: Bool = false) throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<Self.nonceLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return try self.sealed(secret: secret, nonce: nonce, padded: padded)
    }

    /// Seals with a given nonce: for golden vectors only. Two bundles sealed with one nonce
    /// under one key reveal their contents; everything else calls ``sealed(secret:padded:)``.
    func sealed(secret: [UInt8], nonce: [UInt8], padded: Bool = false) throws -> [UInt8] {
        guard self.changes.count <= Self.maximumChanges else {
            throw BundleError.tooLarge(what: "the number of changes", limit: Self.maximumChanges, actual: self.changes.count)
        }
        var body = ByteWriter(capacity: 4 + self.changes.reduce(0) { $0 + $1.unsignedBytes.count + 68 })
        body.write(UInt32(truncatingIfNeeded: self.changes.count))
        for change in self.changes {
            body.writeBlob(change.encoded)
        }
        var bytes = body.bytes
        if padded {
            let size = Self.minimumBytes + bytes.count
            bytes += [UInt8](repeating: 0, count: max(0, min(Self.paddedSize(size), Self.maximumBytes) - size))
        }
        return try Self.seal(body: bytes, collective: self.collective, secret: secret, nonce: nonce)
    }

    /// The least a padded bundle measures (CHANGES.md §7, "Padding").
    public static let minimumPaddedBytes = 512

    /// The size a padded bundle of `length` bytes takes: Padmé (Nikitin et al., "Reducing
    /// metadata leakage from encrypted files and communication with PURBs", 2019) of
    /// max(`length`, ``minimumPaddedBytes``): with E = floor(log2 L) and S = floor(log2 E) + 1,
    /// the length rounded up to a multiple of 2^(E − S). At most about 12 % more; a size tells
    /// only O(log log L) bits.
    public static func paddedSize(_ length: Int) -> Int {
        let size = max(length, Self.minimumPaddedBytes)
        let exponent = Int.bitWidth - 1 - size.leadingZeroBitCount           // floor(log2 L)
        let significant = Int.bitWidth - exponent.leadingZeroBitCount       // floor(log2 E) + 1
        let mask = (1 << (exponent - significant)) - 1
        return (size + mask) & ~mask
    }

    /// `header || ChaCha20-Poly1305(key, nonce, aad: header, body)`, for any body (tests seal
    /// malformed ones to check that the limits hold after decryption).
    static func seal(body: [UInt8], collective: CollectiveID, secret: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        precondition(nonce.count == Self.nonceLength, "a bundle nonce has \(Self.nonceLength) bytes")
        let key = try Self.key(secret: secret, collective: collective)
        try Self.checkSize(Self.minimumBytes + body.count)
        let header = Header(collective: collective, nonce: nonce).bytes
        let box: ChaChaPoly.SealedBox
        do {
            box = try ChaChaPoly.seal(body, using: key, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: header)
        } catch {
            throw BundleError.sealingFailed("\(error)")
        }
        var sealed = header
        sealed.reserveCapacity(Self.minimumBytes + body.count)
        sealed.append(contentsOf: box.ciphertext)
        sealed.append(contentsOf: box.tag)
        return sealed
    }

    // MARK: - Opening

    /// Checks and decrypts a sealed bundle, then decodes its changes.
    ///
    /// Signatures are not checked here; the replica checks them on import. A caller that
    /// expects a given collective reads ``Header`` first, to say "another collective" rather
    /// than "damaged".
    /// - Parameter secret: the collective secret (``secretLength`` bytes).
    /// - Throws: ``BundleError``: the header's refusals (see ``Header/init(of:)``), then
    ///   `.invalidSecret`, `.damaged` (authentication failed: changed, cut, or another
    ///   collective's secret), `.invalidContents` (the decrypted body breaks a limit or does not decode).
    public init(opening sealed: [UInt8], secret: [UInt8]) throws {
        let header = try Header(of: sealed)
        let key = try Self.key(secret: secret, collective: header.collective)
        // Header(of:) checked sealed.count >= minimumBytes, so both ranges are in bounds.
        let tagStart = sealed.count - Self.tagLength
        let body: [UInt8]
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: try ChaChaPoly.Nonce(data: header.nonce),
                ciphertext: sealed[Self.headerLength..<tagStart],
                tag: sealed[tagStart...])
            body = Array(try ChaChaPoly.open(box, using: key, authenticating: sealed[..<Self.headerLength]))
        } catch {
            throw BundleError.damaged
        }
        do {
            self.changes = try Self.decodeBody(body)
        } catch {
            throw BundleError.invalidContents("\(error)")
        }
        self.collective = header.collective
    }

    /// `u32 count || count × blob(signed change) || zero bytes`, with every limit checked before allocating.
    static func decodeBody(_ body: [UInt8]) throws -> [SignedChange] {
        var reader = ByteReader(body)
        let count = Int(try reader.readUInt32("bundle change count"))
        guard count <= Self.maximumChanges, count <= reader.remaining / 4 else {
            throw DecodingError.limitExceeded(what: "bundle change count", limit: min(Self.maximumChanges, reader.remaining / 4), actual: count)
        }
        var changes: [SignedChange] = []
        // Each change takes at least its length and a signature: reserving no more than that
        // keeps a false count from reserving far more memory than the bundle's own size.
        changes.reserveCapacity(min(count, reader.remaining / (4 + SignedChange.signatureByteCount)))
        for _ in 0..<count {
            let signed = try reader.readBlob("bundled change", limit: ChangeLimits.maximumChangeBytes)
            changes.append(try SignedChange(decoding: signed))
        }
        // Padding: only zero bytes may follow the last change (anything else is refused as
        // trailing bytes).
        if !body[reader.offset...].allSatisfy({ $0 == 0 }) { try reader.expectEnd("bundle") }
        return changes
    }

    // MARK: - Key

    /// HKDF-SHA256 (RFC 5869) of the collective secret, salted with the collective id.
    static func key(secret: [UInt8], collective: CollectiveID) throws -> SymmetricKey {
        guard secret.count == Self.secretLength else { throw BundleError.invalidSecret(length: secret.count) }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: collective.bytes, info: Self.keyInfo, outputByteCount: 32)
    }
}
