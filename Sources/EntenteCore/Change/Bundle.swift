/// A file of signed changes that travels by mail or USB stick (`Protocol/CHANGES.md`, "Bundles").
///
/// `"ENTB" || u8 version(1) || collective(16) || u32 count || count × (u32 length || signed change)`.
public struct ChangeBundle: Sendable {
    public static let magic: [UInt8] = Array("ENTB".utf8)
    public static let formatVersion: UInt8 = 1
    /// The most changes one bundle may hold.
    public static let maximumChanges = 10_000_000

    public var collective: CollectiveID
    public var changes: [SignedChange]

    public init(collective: CollectiveID, changes: [SignedChange]) {
        self.collective = collective
        self.changes = changes
    }

    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + self.changes.reduce(0) { $0 + $1.unsignedBytes.count + 68 })
        writer.writeRaw(Self.magic)
        writer.write(Self.formatVersion)
        writer.writeRaw(self.collective.bytes)
        writer.write(UInt32(truncatingIfNeeded: self.changes.count))
        for change in self.changes {
            writer.writeBlob(change.encoded)
        }
        return writer.bytes
    }

    /// Decodes a bundle. Signatures are not checked here; the replica checks them on import.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        guard bytes.count >= 4, try reader.readRaw(4, "bundle magic") == Self.magic else {
            throw DecodingError.badMagic(expected: "an Entente bundle")
        }
        let version = try reader.readUInt8("bundle version")
        guard version == Self.formatVersion else { throw DecodingError.unsupportedVersion(version) }
        let collective = try CollectiveID.read(from: &reader, "bundle collective id")
        let count = Int(try reader.readUInt32("bundle change count"))
        guard count <= Self.maximumChanges, count <= reader.remaining / 4 else {
            throw DecodingError.limitExceeded(what: "bundle change count", limit: min(Self.maximumChanges, reader.remaining / 4), actual: count)
        }
        var changes: [SignedChange] = []
        changes.reserveCapacity(count)
        for _ in 0..<count {
            let signed = try reader.readBlob("bundled change", limit: ChangeLimits.maximumChangeBytes)
            changes.append(try SignedChange(decoding: signed))
        }
        try reader.expectEnd("bundle")
        self.collective = collective
        self.changes = changes
    }
}
