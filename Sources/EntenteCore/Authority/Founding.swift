/// How a collective is bound to its founder (`Protocol/CHANGES.md` §2, "Collective id").
///
/// The collective id is derived from the founder's author key and a random salt that the
/// founding change writes into the `collective` record, so nobody but the holder of the
/// founder's key can sign a founding change for that id, and the founder can sign only one
/// (a second founding change is a fork of the founder's key, reported as such; CHANGES.md §2).
public enum Founding {
    /// The field of the `collective` record that holds the salt (16 bytes).
    public static let saltField = "salt"
    public static let saltBytes = 16

    /// `SHA-256("entente-collective" || founder key(32) || salt(16))[0..<16]`.
    public static func collectiveID(founder: AuthorKey, salt: [UInt8]) -> CollectiveID {
        var writer = ByteWriter(capacity: 66)
        writer.writeRaw(Array("entente-collective".utf8))
        writer.writeRaw(founder.bytes)
        writer.writeRaw(salt)
        return CollectiveID(unchecked: Array(SHA256Digest.hash(writer.bytes).prefix(16)))
    }

    /// A fresh random salt.
    public static func randomSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<Self.saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Whether `change` is its collective's founding change: a change with no heads, its
    /// author's first, which creates a `collective` record and sets its `salt` to bytes from
    /// which the change's own collective id derives.
    public static func isFounding(_ change: Change) -> Bool {
        guard change.seq == 1, change.heads.isEmpty else { return false }
        var created = Set<RecordID>()
        for operation in change.operations {
            switch operation {
            case .create(let record, let kind) where kind == RecordKind.collective:
                created.insert(record)
            case .set(let record, Self.saltField, .bytes(let salt)) where created.contains(record):
                if salt.count == Self.saltBytes, Self.collectiveID(founder: change.author, salt: salt) == change.collective {
                    return true
                }
            default:
                continue
            }
        }
        return false
    }
}
