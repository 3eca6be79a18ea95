import EntenteCore

/// One application message of the sync protocol (`Protocol/SYNC.md`, "Messages"), carried by
/// the record layer (`NoiseRecordWriter` / `NoiseRecordReader`).
///
/// | type | message | body |
/// | --- | --- | --- |
/// | `0x08` | `summary` | uvarint n, then n × (author key prefix 8 bytes ‖ uvarint seq ‖ change id prefix 16 bytes), ascending |
/// | `0x02` | `changes` (more follow) | uvarint n, then n × (uvarint length ‖ signed change) |
/// | `0x03` | `changes` (last batch) | same as `0x02` |
/// | `0x04` | `ack` | uvarint n: the number of changes of the batch acknowledged |
/// | `0x05` | `close` | code (1 byte) ‖ uvarint length ‖ reason (UTF-8) |
/// | `0x06` | `welcome` | the collective secret (32 bytes), responder to a joining newcomer only |
public enum SyncMessage: Equatable, Sendable {
    /// What the sender holds: every author's tips (``HistorySummary``, cut to the prefixes
    /// of ``SyncLimits``).
    case summary(HistorySummary)
    /// Raw signed changes (`SignedChange.encoded`), in causal order; `last` marks the final batch.
    case changes([[UInt8]], last: Bool)
    case ack(count: Int)
    case close(SyncRefusal)
    /// The collective secret, handed to a newcomer inside the session that admitted them.
    case welcome(secret: [UInt8])

    public enum TypeByte {
        public static let summary: UInt8 = 0x08
        /// The version vectors Entente sent before the change format 3 (with and without
        /// heads): refused with a message that says so (SYNC.md §4).
        public static let earlierVectors: Set<UInt8> = [0x01, 0x07]
        public static let changes: UInt8 = 0x02
        public static let lastChanges: UInt8 = 0x03
        public static let ack: UInt8 = 0x04
        public static let close: UInt8 = 0x05
        public static let welcome: UInt8 = 0x06
    }

    // MARK: - Encoding

    public func encoded() -> [UInt8] {
        switch self {
        case .summary(let summary):
            var writer = ByteWriter(capacity: 2 + summary.tips.count * (SyncLimits.summaryAuthorBytes + SyncLimits.summaryHeadBytes + 4))
            writer.write(TypeByte.summary)
            writer.writeVarint(summary.tips.count)
            for tip in summary.tips {
                writer.writeRaw(Self.fixed(tip.author, SyncLimits.summaryAuthorBytes))
                writer.writeVarint(tip.seq)
                writer.writeRaw(Self.fixed(tip.head, SyncLimits.summaryHeadBytes))
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
        case TypeByte.summary:
            let count = try reader.readCount("summary tip count", limit: SyncLimits.maximumSummaryTips)
            var tips: [HistorySummary.Tip] = []
            for _ in 0..<count {
                let author = try reader.readRaw(SyncLimits.summaryAuthorBytes, "summary author prefix")
                let seq = try reader.readVarint("summary sequence number")
                let head = try reader.readRaw(SyncLimits.summaryHeadBytes, "summary change id prefix")
                let tip = HistorySummary.Tip(author: author, seq: seq, head: head)
                guard seq >= 1, tips.last.map({ $0 < tip }) ?? true else {
                    throw DecodingError.notCanonical(what: "the summary")
                }
                tips.append(tip)
            }
            try reader.expectEnd("the summary")
            self = .summary(HistorySummary(tips))
        case let type where TypeByte.earlierVectors.contains(type):
            throw SyncMessageError.earlierEntente
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

extension SyncMessage {
    /// `bytes` cut or padded with zeros to `count` (a summary's prefixes have fixed lengths).
    static func fixed(_ bytes: [UInt8], _ count: Int) -> [UInt8] {
        Array(bytes.prefix(count)) + [UInt8](repeating: 0, count: max(0, count - bytes.count))
    }
}

/// A message this Entente recognises but cannot take.
public enum SyncMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A version vector: the peer runs an Entente from before change format 3.
    case earlierEntente

    public var description: String {
        switch self {
        case .earlierEntente:
            return "the peer runs an earlier Entente, whose changes (format 2) this one cannot read: update Entente on both sides (`entente --version`)"
        }
    }
}
