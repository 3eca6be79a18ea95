import Crypto

/// A digest of a replica's materialised state: two replicas that hold the same changes have
/// the same state hash, and it equals the hash of a replay of their log.
///
/// The input is specified in `Protocol/CHANGES.md` ("State hash"): for every record in id
/// order `0x01 || id || u16 kind || kind || creator tag || timestamp`, then for every surviving
/// write in canonical slot order `0x02 || record || u16 field || field || u32 element ||
/// element || change id || u32 op || u64 wall || u32 counter || value`, then every text.
public enum StateHash {
    public static func compute(_ storage: some ReplicaStorage) throws -> String {
        var hasher = SHA256()
        for record in try storage.allRecords() {
            var writer = ByteWriter(capacity: 96)
            writer.write(UInt8(1))
            writer.writeRaw(record.id)
            writer.writeShortString(record.kind)
            self.write(record.createdBy, record.createdAt, into: &writer)
            hasher.update(data: writer.bytes)
        }
        try storage.forEachWrite { slot, write in
            var writer = ByteWriter(capacity: 128)
            writer.write(UInt8(2))
            writer.writeRaw(slot.record)
            writer.writeShortString(slot.field)
            writer.writeBlob(slot.element)
            self.write(write.tag, write.timestamp, into: &writer)
            write.value.encode(into: &writer)
            hasher.update(data: writer.bytes)
        }
        try storage.forEachText { record, field, content in
            var writer = ByteWriter(capacity: 64 + content.utf8.count)
            writer.write(UInt8(3))
            writer.writeRaw(record.bytes)
            writer.writeShortString(field)
            writer.writeString(content)
            hasher.update(data: writer.bytes)
        }
        return Hex.encode(Array(hasher.finalize()))
    }

    private static func write(_ tag: WriteTag, _ timestamp: HybridTimestamp, into writer: inout ByteWriter) {
        writer.writeRaw(tag.change)
        writer.write(tag.op)
        writer.write(timestamp.wallMillis)
        writer.write(timestamp.counter)
    }
}
