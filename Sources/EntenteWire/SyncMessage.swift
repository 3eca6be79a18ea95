import EntenteCore

/// One application message of the sync protocol (`Protocol/SYNC.md`, "Messages"), carried by
/// the record layer (`NoiseRecordWriter` / `NoiseRecordReader`).
///
/// | type | message | body |
/// | --- | --- | --- |
/// | `0x07` | `vector` | uvarint n, then n × (author key prefix 8 bytes ‖ uvarint seq ‖ head 8 bytes), prefixes ascending |
/// | `0x01` | `vector` before heads | uvarint n, then n × (author key prefix 8 bytes ‖ uvarint seq); sent by older peers, answered in kind |
/// | `0x02` | `changes` (more follow) | uvarint n, then n × (uvarint length ‖ signed change) |
/// | `0x03` | `changes` (last batch) | same as `0x02` |
/// | `0x04` | `ack` | uvarint n: the number of changes of the batch acknowledged |
/// | `0x05` | `close` | code (1 byte) ‖ uvarint length ‖ reason (UTF-8) |
/// | `0x06` | `welcome` | the collective secret (32 bytes), responder to a joining newcomer only |
public enum SyncMessage: Equatable, Sendable {
    /// Type `0x07` when the vector has heads, `0x01` (the format before heads) when not.
    case vector(SyncVector)
    /// Raw signed changes (`SignedChange.encoded`), in causal order; `last` marks the final batch.
    case changes([[UInt8]], last: Bool)
    case ack(count: Int)
    case close(SyncRefusal)
    /// The collective secret, handed to a newcomer inside the session that admitted them.
    case welcome(secret: [UInt8])

    public enum TypeByte {
        public static let vector: UInt8 = 0x07
        /// The vector without heads, as Entente sent it before heads (SYNC.md §4).
        public static let vectorWithoutHeads: UInt8 = 0x01
        public static let changes: UInt8 = 0x02
        public static let lastChanges: UInt8 = 0x03
        public static let ack: UInt8 = 0x04
        public static let close: UInt8 = 0x05
        public static let welcome: UInt8 = 0x06
    }

    // MARK: - Encoding

    public func encoded() -> [UInt8] {
        switch self {
        case .vector(let vector):
            var writer = ByteWriter(capacity: 2 + vector.count * (SyncVector.prefixLength + SyncVector.headLength + 4))
            writer.write(vector.heads == nil ? TypeByte.vectorWithoutHeads : TypeByte.vector)
            writer.writeVarint(vector.count)
            for (prefix, seq) in vector.sorted {
                writer.writeRaw(prefix)
                writer.writeVarint(seq)
                if let heads = vector.heads {
                    // `SyncVector` gives every entry a head; a missing one would only cause a probe.
                    writer.writeRaw(heads[prefix] ?? [UInt8](repeating: 0, count: SyncVector.headLength))
                }
            }
            return writer.bytes
        case .changes(let changes, let last):
            let size = changes.reduce(4) { $0 + $1.count + 3 }
            var writer = ByteWriter(capacity: size)
            writer.write(last ? TypeByte.lastChanges : TypeByte.changes)
            writer.writeVarint(changes.count)
            for change in changes {
                writer.writeVarint(change.count)
                writer.writeRaw(change)
            }
            return writer.bytes
        case .ack(let count):
            var writer = ByteWriter(capacity: 4)
            writer.write(TypeByte.ack)
            writer.writeVarint(count)
            return writer.bytes
        case .close(let refusal):
            let reason = Self.truncated(refusal.reason, toBytes: SyncLimits.maximumReasonBytes)
            var writer = ByteWriter(capacity: 4 + reason.count)
            writer.write(TypeByte.close)
            writer.write(refusal.code.rawValue)
            writer.writeVarint(reason.count)
            writer.writeRaw(reason)
            return writer.bytes
        case .welcome(let secret):
            var writer = ByteWriter(capacity: 1 + secret.count)
            writer.write(TypeByte.welcome)
            writer.writeRaw(secret)
            return writer.bytes
        }
    }

    /// `text` cut at a character boundary so that its UTF-8 fits in `limit` bytes.
    static func truncated(_ text: String, toBytes limit: Int) -> [UInt8] {
        var result = [UInt8]()
        for character in text {
            let utf8 = Array(String(character).utf8)
            guard result.count + utf8.count <= limit else { break }
            result.append(contentsOf: utf8)
        }
        return result
    }

    // MARK: - Decoding

    /// Decodes one application message.
    /// - Throws: `DecodingError` for an unknown type, a malformed or non-canonical body, a
    ///   count over its `SyncLimits` limit, or trailing bytes.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        let type = try reader.readUInt8("sync message type")
        switch type {
        case TypeByte.vector, TypeByte.vectorWithoutHeads:
            let withHeads = type == TypeByte.vector
            let count = try reader.readCount("version vector entry count", limit: SyncLimits.maximumVectorEntries)
            var entries: [[UInt8]: UInt64] = [:]
            var heads: [[UInt8]: [UInt8]] = [:]
            var previous: [UInt8]?
            for _ in 0..<count {
                let prefix = try reader.readRaw(SyncVector.prefixLength, "version vector author prefix")
                let seq = try reader.readVarint("version vector sequence number")
                guard seq >= 1, previous.map({ $0.lexicographicallyPrecedes(prefix) }) ?? true else {
                    throw DecodingError.notCanonical(what: "the version vector")
                }
                if withHeads { heads[prefix] = try reader.readRaw(SyncVector.headLength, "version vector head") }
                entries[prefix] = seq
                previous = prefix
            }
            try reader.expectEnd("the version vector")
            self = .vector(SyncVector(entries: entries, heads: withHeads ? heads : nil))
        case TypeByte.changes, TypeByte.lastChanges:
            let count = try reader.readCount("batch change count", limit: SyncLimits.maximumBatchChanges)
            var changes: [[UInt8]] = []
            changes.reserveCapacity(min(count, reader.remaining))
            for _ in 0..<count {
                let length = try reader.readCount("signed change length", limit: SyncLimits.maximumChangeBytes)
                changes.append(try reader.readRaw(length, "signed change"))
            }
            try reader.expectEnd("the batch of changes")
            self = .changes(changes, last: type == TypeByte.lastChanges)
        case TypeByte.ack:
            let count = try reader.readCount("acknowledged change count", limit: SyncLimits.maximumBatchChanges)
            try reader.expectEnd("the acknowledgement")
            self = .ack(count: count)
        case TypeByte.close:
            let code = SyncRefusal.Code(rawValue: try reader.readUInt8("close code"))
            let length = try reader.readCount("close reason length", limit: SyncLimits.maximumReasonBytes)
            let raw = try reader.readRaw(length, "close reason")
            try reader.expectEnd("the close message")
            guard let reason = String(validating: raw, as: UTF8.self) else {
                throw DecodingError.invalidUTF8(what: "close reason")
            }
            self = .close(SyncRefusal(code, reason))
        case TypeByte.welcome:
            let secret = try reader.readRaw(NoiseLimits.keyLength, "collective secret")
            try reader.expectEnd("the welcome message")
            self = .welcome(secret: secret)
        default:
            throw DecodingError.unknownTag(what: "sync message", tag: type)
        }
    }
}
