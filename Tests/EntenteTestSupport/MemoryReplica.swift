import EntenteCore

/// A replica held entirely in memory: a signing identity over a ``MemoryStorage``.
public struct MemoryReplica {
    public let collective: CollectiveID
    public let identity: SigningIdentity
    public var storage = MemoryStorage()
    public var clock: UInt64

    public init(collective: CollectiveID, identity: SigningIdentity = SigningIdentity(), clock: UInt64 = 1_700_000_000_000) {
        self.collective = collective
        self.identity = identity
        self.clock = clock
    }

    public var author: AuthorKey { self.identity.author }

    @discardableResult
    public mutating func commit(_ message: String = "", _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        self.clock += 1
        return try Merge.commit(collective: self.collective, identity: self.identity, message: message, now: self.clock, into: &self.storage, build)
    }

    @discardableResult
    public mutating func receive(_ changes: [SignedChange]) throws -> Merge.Report {
        self.clock += 1
        return try Merge.receive(changes, into: &self.storage, now: self.clock)
    }

    public func stateHash() throws -> String { try StateHash.compute(self.storage) }

    /// Every change this replica holds, applied or pending.
    public var changes: [SignedChange] { self.storage.allChanges }

    public func record(_ id: RecordID) throws -> RecordState? {
        guard let header = try self.storage.allRecords().first(where: { $0.id == id }) else { return nil }
        var writes: [(SlotKey, FieldWrite)] = []
        try self.storage.forEachWrite { slot, write in
            if slot.record == id { writes.append((slot, write)) }
        }
        return RecordState(header: header, writes: writes)
    }
}
