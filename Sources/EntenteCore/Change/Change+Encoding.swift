import EntenteText

// MARK: - Canonical encoding (Protocol/CHANGES.md)

extension Change {
    /// The 4 magic bytes "ENTC" that open every change.
    public static let magic: [UInt8] = Array("ENTC".utf8)
    /// The encoding version this build writes and reads.
    public static let formatVersion: UInt8 = 3

    /// The unsigned canonical encoding: the bytes that are hashed into the change id and signed.
    ///
    /// A record this change creates is named by the index of its `create` operation (its id
    /// derives from the change id, which these bytes make), so the bytes are the same before
    /// and after ``SignedChange`` gives the records their ids.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 96 + self.heads.count * 32 + self.operations.count * 48)
        writer.writeRaw(Self.magic)
        writer.write(Self.formatVersion)
        writer.writeRaw(self.collective)
        writer.writeRaw(self.author)
        writer.write(self.seq)
        writer.write(self.timestamp.wallMillis)
        writer.write(self.timestamp.counter)
        writer.write(UInt16(truncatingIfNeeded: self.heads.count))
        for head in self.heads { writer.writeRaw(head) }
        writer.writeString(self.message)
        writer.write(UInt32(truncatingIfNeeded: self.operations.count))
        let created = self.createdRecords
        for operation in self.operations {
            operation.encode(into: &writer, created: created)
        }
        return writer.bytes
    }

    /// Decodes an unsigned change and checks that the bytes are its canonical encoding.
    ///
    /// - Parameter id: the change id (SHA-256 of `bytes`), when the caller has it already; the
    ///   records the change creates get their ids from it.
    /// - Throws: ``DecodingError`` for anything malformed, over a limit or not canonical.
    public init(decoding bytes: [UInt8], id: ChangeID? = nil) throws {
        guard bytes.count <= ChangeLimits.maximumChangeBytes else {
            throw DecodingError.limitExceeded(what: "change", limit: ChangeLimits.maximumChangeBytes, actual: bytes.count)
        }
        let id = id ?? ChangeID(unchecked: SHA256Digest.hash(bytes))
        var reader = ByteReader(bytes)
        let heading = try Heading(from: &reader)
        let operationCount = Int(try reader.readUInt32("operation count"))
        guard operationCount >= 1, operationCount <= ChangeLimits.maximumOperations else {
            throw DecodingError.limitExceeded(what: "operation count", limit: ChangeLimits.maximumOperations, actual: operationCount)
        }
        var operations: [ChangeOperation] = []
        operations.reserveCapacity(min(operationCount, reader.remaining / 8))
        var context = LocalRecords(change: id)
        for index in 0..<operationCount {
            context.current = index
            let operation = try ChangeOperation(from: &reader, context)
            if case .create(let record, _) = operation { context.created[index] = record }
            operations.append(operation)
        }
        try reader.expectEnd("change")
        self.init(
            collective: heading.collective, author: heading.author, seq: heading.seq, heads: heading.heads,
            timestamp: heading.timestamp, message: heading.message, operations: operations)
    }
}

extension Change {
    /// The time and message of an encoded change (the unsigned bytes, or the signed ones: the
    /// signature follows), read without decoding its operations: what a log line shows of a
    /// change already verified and stored. Checks what it reads, nothing past the message.
    public static func timeAndMessage(of bytes: [UInt8]) throws -> (timestamp: HybridTimestamp, message: String) {
        var reader = ByteReader(bytes)
        let heading = try Heading(from: &reader)
        return (heading.timestamp, heading.message)
    }

    /// The fields of an encoded change before its operations (CHANGES.md §3), read and checked.
    struct Heading {
        let collective: CollectiveID
        let author: AuthorKey
        let seq: UInt64
        let timestamp: HybridTimestamp
        let heads: [ChangeID]
        let message: String

        init(from reader: inout ByteReader) throws {
            guard try reader.readRaw(4, "change magic") == Change.magic else {
                throw DecodingError.badMagic(expected: "an Entente change")
            }
            let version = try reader.readUInt8("change version")
            guard version == Change.formatVersion else { throw DecodingError.unsupportedVersion(version) }
            self.collective = try CollectiveID.read(from: &reader, "collective id")
            self.author = try AuthorKey.read(from: &reader, "author key")
            self.seq = try reader.readUInt64("sequence number")
            let wall = try reader.readUInt64("timestamp")
            let counter = try reader.readUInt32("timestamp counter")
            self.timestamp = HybridTimestamp(wallMillis: wall, counter: counter)
            let headCount = Int(try reader.readUInt16("head count"))
            guard headCount <= ChangeLimits.maximumHeads else {
                throw DecodingError.limitExceeded(what: "heads", limit: ChangeLimits.maximumHeads, actual: headCount)
            }
            var heads: [ChangeID] = []
            heads.reserveCapacity(headCount)
            for _ in 0..<headCount {
                let head = try ChangeID.read(from: &reader, "head")
                guard heads.last.map({ $0 < head }) ?? true else { throw DecodingError.notCanonical(what: "heads") }
                heads.append(head)
            }
            self.heads = heads
            self.message = try reader.readString("message", limit: ChangeLimits.maximumMessageBytes)
        }
    }
}

/// The records a change being decoded has created so far, for its local references.
struct LocalRecords {
    let change: ChangeID
    /// `create` operations read so far, by index.
    var created: [Int: RecordID] = [:] {
        didSet { self.createdIDs = Set(self.created.values) }
    }
    private(set) var createdIDs = Set<RecordID>()
    /// The index of the operation being read.
    var current = 0

    /// The record of a local reference: a `create` before the current operation.
    func record(_ index: UInt32, _ what: String) throws -> RecordID {
        guard let record = self.created[Int(index)], Int(index) < self.current else {
            throw DecodingError.notCanonical(what: "\(what) (operation \(index) of this change does not create a record before this one)")
        }
        return record
    }

    /// A global reference: never to a record this change creates (that one is named by index).
    func global(_ record: RecordID, _ what: String) throws -> RecordID {
        guard !self.createdIDs.contains(record) else { throw DecodingError.notCanonical(what: what) }
        return record
    }
}

extension ChangeOperation {
    /// The first byte of an encoded `text` operation (CHANGES.md §3).
    public static let textTag = Tag.text.rawValue

    enum Tag: UInt8 {
        case create = 1, set = 2, add = 3, remove = 4, text = 5
    }

    /// A record reference: `u8 0, u32 index` for a record this change creates, `u8 1,
    /// bytes[16]` for any other.
    enum ReferenceForm: UInt8 {
        case local = 0, global = 1
    }

    static func writeReference(_ record: RecordID, created: [RecordID: Int], into writer: inout ByteWriter) {
        if let index = created[record] {
            writer.write(ReferenceForm.local.rawValue)
            writer.write(UInt32(truncatingIfNeeded: index))
        } else {
            writer.write(ReferenceForm.global.rawValue)
            writer.writeRaw(record)
        }
    }

    static func readReference(from reader: inout ByteReader, _ context: LocalRecords, _ what: String) throws -> RecordID {
        let raw = try reader.readUInt8(what)
        guard let form = ReferenceForm(rawValue: raw) else { throw DecodingError.unknownTag(what: what, tag: raw) }
        switch form {
        case .local:
            return try context.record(try reader.readUInt32(what), what)
        case .global:
            return try context.global(try RecordID.read(from: &reader, what), what)
        }
    }

    func encode(into writer: inout ByteWriter, created: [RecordID: Int]) {
        switch self {
        case .create(_, let kind):
            writer.write(Tag.create.rawValue)
            writer.writeShortString(kind)
        case .set(let record, let field, let value):
            writer.write(Tag.set.rawValue)
            Self.writeReference(record, created: created, into: &writer)
            writer.writeShortString(field)
            value.encode(into: &writer, created: created)
        case .add(let record, let field, let element):
            writer.write(Tag.add.rawValue)
            Self.writeReference(record, created: created, into: &writer)
            writer.writeShortString(field)
            element.encode(into: &writer, created: created)
        case .remove(let record, let field, let element):
            writer.write(Tag.remove.rawValue)
            Self.writeReference(record, created: created, into: &writer)
            writer.writeShortString(field)
            element.encode(into: &writer, created: created)
        case .text(let record, let field, let edit):
            writer.write(Tag.text.rawValue)
            Self.writeReference(record, created: created, into: &writer)
            writer.writeShortString(field)
            writer.writeBlob(edit.encoded())
        }
    }

    init(from reader: inout ByteReader, _ context: LocalRecords) throws {
        let rawTag = try reader.readUInt8("operation tag")
        guard let tag = Tag(rawValue: rawTag) else { throw DecodingError.unknownTag(what: "operation", tag: rawTag) }
        if tag == .create {
            let kind = try reader.readShortString("record kind", limit: ChangeLimits.maximumKindBytes)
            self = .create(record: RecordID.derive(change: context.change, opIndex: UInt32(context.current)), kind: kind)
            return
        }
        let record = try Self.readReference(from: &reader, context, "record reference")
        let field = try reader.readShortString("field name", limit: ChangeLimits.maximumFieldBytes)
        switch tag {
        case .create:
            throw DecodingError.unknownTag(what: "operation", tag: rawTag)
        case .set:
            self = .set(record: record, field: field, value: try Value(from: &reader, context))
        case .add:
            self = .add(record: record, field: field, element: try Value(from: &reader, context))
        case .remove:
            self = .remove(record: record, field: field, element: try Value(from: &reader, context))
        case .text:
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
        /// Inside a change only: a record the change creates, by its operation's index.
        case localRecord = 7
    }

    /// The encoding of a value on its own (stored values, set elements): records by id.
    public func encode(into writer: inout ByteWriter) {
        self.encode(into: &writer, created: [:])
    }

    /// The encoding inside a change: a record the change creates is named by the index of
    /// its `create` operation.
    func encode(into writer: inout ByteWriter, created: [RecordID: Int]) {
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
            if let index = created[id] {
                writer.write(Tag.localRecord.rawValue)
                writer.write(UInt32(truncatingIfNeeded: index))
            } else {
                writer.write(Tag.record.rawValue)
                writer.writeRaw(id)
            }
        }
    }

    /// The canonical encoding of this value alone: the identity of a set element.
    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: 16)
        self.encode(into: &writer)
        return writer.bytes
    }

    /// Reads a value on its own: a local record reference is not one.
    public init(from reader: inout ByteReader) throws {
        try self.init(from: &reader, nil)
    }

    init(from reader: inout ByteReader, _ context: LocalRecords?) throws {
        let rawTag = try reader.readUInt8("value tag")
        guard let tag = Tag(rawValue: rawTag), tag != .localRecord || context != nil else {
            throw DecodingError.unknownTag(what: "value", tag: rawTag)
        }
        switch tag {
        case .null: self = .null
        case .falseValue: self = .bool(false)
        case .trueValue: self = .bool(true)
        case .int: self = .int(try reader.readInt64("integer value"))
        case .string: self = .string(try reader.readString("string value", limit: ChangeLimits.maximumValueBytes))
        case .bytes: self = .bytes(try reader.readBlob("bytes value", limit: ChangeLimits.maximumValueBytes))
        case .record:
            let record = try RecordID.read(from: &reader, "record reference")
            self = .record(try context?.global(record, "record reference") ?? record)
        case .localRecord:
            guard let context else { throw DecodingError.unknownTag(what: "value", tag: rawTag) }
            self = .record(try context.record(try reader.readUInt32("record reference"), "record reference"))
        }
    }

    /// Decodes one value that must fill `bytes` exactly.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
        try reader.expectEnd("value")
    }
}
