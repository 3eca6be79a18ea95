import EntenteText

// MARK: - Canonical encoding (Protocol/CHANGES.md)

extension Change {
    /// The 4 magic bytes "ENTC" that open every change.
    public static let magic: [UInt8] = Array("ENTC".utf8)
    /// The encoding version this build writes and reads.
    public static let formatVersion: UInt8 = 2

    /// The unsigned canonical encoding: the bytes that are hashed into the change id and signed.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 128 + self.operations.count * 48)
        writer.writeRaw(Self.magic)
        writer.write(Self.formatVersion)
        writer.writeRaw(self.collective.bytes)
        writer.writeRaw(self.author.bytes)
        writer.write(self.seq)
        writer.writeRaw(self.previous.bytes)
        writer.write(self.timestamp.wallMillis)
        writer.write(self.timestamp.counter)
        let context = self.context.sorted
        writer.write(UInt16(truncatingIfNeeded: context.count))
        for entry in context {
            writer.writeRaw(entry.author.bytes)
            writer.write(entry.seq)
        }
        writer.writeString(self.message)
        writer.write(UInt32(truncatingIfNeeded: self.operations.count))
        for operation in self.operations {
            operation.encode(into: &writer)
        }
        return writer.bytes
    }

    /// Decodes an unsigned change and checks that the bytes are its canonical encoding.
    ///
    /// - Throws: ``DecodingError`` for anything malformed, over a limit or not canonical.
    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count <= ChangeLimits.maximumChangeBytes else {
            throw DecodingError.limitExceeded(what: "change", limit: ChangeLimits.maximumChangeBytes, actual: bytes.count)
        }
        var reader = ByteReader(bytes)
        guard try reader.readRaw(4, "change magic") == Self.magic else {
            throw DecodingError.badMagic(expected: "an Entente change")
        }
        let version = try reader.readUInt8("change version")
        guard version == Self.formatVersion else { throw DecodingError.unsupportedVersion(version) }
        let collective = try CollectiveID.read(from: &reader, "collective id")
        let author = try AuthorKey.read(from: &reader, "author key")
        let seq = try reader.readUInt64("sequence number")
        let previous = try ChangeID.read(from: &reader, "previous change id")
        let wall = try reader.readUInt64("timestamp")
        let counter = try reader.readUInt32("timestamp counter")
        let contextCount = Int(try reader.readUInt16("context count"))
        guard contextCount <= ChangeLimits.maximumContextEntries else {
            throw DecodingError.limitExceeded(what: "causal context", limit: ChangeLimits.maximumContextEntries, actual: contextCount)
        }
        var context: [AuthorKey: UInt64] = [:]
        var lastKey: AuthorKey?
        for _ in 0..<contextCount {
            let key = try AuthorKey.read(from: &reader, "context author")
            let entrySeq = try reader.readUInt64("context sequence")
            guard lastKey.map({ $0 < key }) ?? true, entrySeq > 0, key != author else {
                throw DecodingError.notCanonical(what: "causal context")
            }
            lastKey = key
            context[key] = entrySeq
        }
        let message = try reader.readString("message", limit: ChangeLimits.maximumMessageBytes)
        let operationCount = Int(try reader.readUInt32("operation count"))
        guard operationCount >= 1, operationCount <= ChangeLimits.maximumOperations else {
            throw DecodingError.limitExceeded(what: "operation count", limit: ChangeLimits.maximumOperations, actual: operationCount)
        }
        var operations: [ChangeOperation] = []
        operations.reserveCapacity(min(operationCount, reader.remaining / 18))
        for _ in 0..<operationCount {
            operations.append(try ChangeOperation(from: &reader))
        }
        try reader.expectEnd("change")
        self.init(
            collective: collective, author: author, seq: seq, previous: previous,
            timestamp: HybridTimestamp(wallMillis: wall, counter: counter),
            context: VersionVector(context), message: message, operations: operations)
    }
}

extension ChangeOperation {
    /// The first byte of an encoded `text` operation, followed by its record's 16 bytes
    /// (CHANGES.md §3): what `Replica.textRewrites()` looks for in stored changes.
    public static let textTag = Tag.text.rawValue

    enum Tag: UInt8 {
        case create = 1, set = 2, add = 3, remove = 4, text = 5
    }

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .create(let record, let kind):
            writer.write(Tag.create.rawValue)
            writer.writeRaw(record.bytes)
            writer.writeShortString(kind)
        case .set(let record, let field, let value):
            writer.write(Tag.set.rawValue)
            writer.writeRaw(record.bytes)
            writer.writeShortString(field)
            value.encode(into: &writer)
        case .add(let record, let field, let element):
            writer.write(Tag.add.rawValue)
            writer.writeRaw(record.bytes)
            writer.writeShortString(field)
            element.encode(into: &writer)
        case .remove(let record, let field, let element):
            writer.write(Tag.remove.rawValue)
            writer.writeRaw(record.bytes)
            writer.writeShortString(field)
            element.encode(into: &writer)
        case .text(let record, let field, let edit):
            writer.write(Tag.text.rawValue)
            writer.writeRaw(record.bytes)
            writer.writeShortString(field)
            writer.writeBlob(edit.encoded())
        }
    }

    init(from reader: inout ByteReader) throws {
        let rawTag = try reader.readUInt8("operation tag")
        guard let tag = Tag(rawValue: rawTag) else { throw DecodingError.unknownTag(what: "operation", tag: rawTag) }
        let record = try RecordID.read(from: &reader, "record id")
        switch tag {
        case .create:
            self = .create(record: record, kind: try reader.readShortString("record kind", limit: ChangeLimits.maximumKindBytes))
        case .set:
            let field = try reader.readShortString("field name", limit: ChangeLimits.maximumFieldBytes)
            self = .set(record: record, field: field, value: try Value(from: &reader))
        case .add:
            let field = try reader.readShortString("field name", limit: ChangeLimits.maximumFieldBytes)
            self = .add(record: record, field: field, element: try Value(from: &reader))
        case .remove:
            let field = try reader.readShortString("field name", limit: ChangeLimits.maximumFieldBytes)
            self = .remove(record: record, field: field, element: try Value(from: &reader))
        case .text:
            let field = try reader.readShortString("field name", limit: ChangeLimits.maximumFieldBytes)
            let bytes = try reader.readBlob("text operation", limit: ChangeLimits.maximumValueBytes)
            let edit: TextOperation
            do {
                edit = try TextOperation(decoding: bytes)
            } catch {
                throw DecodingError.invalidText(String(describing: error))
            }
            guard edit.encoded() == bytes else { throw DecodingError.notCanonical(what: "text operation") }
            self = .text(record: record, field: field, edit: edit)
        }
    }
}

extension Value {
    enum Tag: UInt8 {
        case null = 0, falseValue = 1, trueValue = 2, int = 3, string = 4, bytes = 5, record = 6
    }

    public func encode(into writer: inout ByteWriter) {
        switch self {
        case .null: writer.write(Tag.null.rawValue)
        case .bool(let flag): writer.write(flag ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
        case .int(let number):
            writer.write(Tag.int.rawValue)
            writer.write(number)
        case .string(let text):
            writer.write(Tag.string.rawValue)
            writer.writeString(text)
        case .bytes(let raw):
            writer.write(Tag.bytes.rawValue)
            writer.writeBlob(raw)
        case .record(let id):
            writer.write(Tag.record.rawValue)
            writer.writeRaw(id.bytes)
        }
    }

    /// The canonical encoding of this value alone: the identity of a set element.
    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: 16)
        self.encode(into: &writer)
        return writer.bytes
    }

    public init(from reader: inout ByteReader) throws {
        let rawTag = try reader.readUInt8("value tag")
        guard let tag = Tag(rawValue: rawTag) else { throw DecodingError.unknownTag(what: "value", tag: rawTag) }
        switch tag {
        case .null: self = .null
        case .falseValue: self = .bool(false)
        case .trueValue: self = .bool(true)
        case .int: self = .int(try reader.readInt64("integer value"))
        case .string: self = .string(try reader.readString("string value", limit: ChangeLimits.maximumValueBytes))
        case .bytes: self = .bytes(try reader.readBlob("bytes value", limit: ChangeLimits.maximumValueBytes))
        case .record: self = .record(try RecordID.read(from: &reader, "record reference"))
        }
    }

    /// Decodes one value that must fill `bytes` exactly.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
        try reader.expectEnd("value")
    }
}
