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

extension MemoryReplica {
    /// `count` replicas of one founded collective: the first founds it and admits the others
    /// in its founding change, which every other replica has received.
    public static func collective(
        _ count: Int, identities: [SigningIdentity]? = nil, clock: UInt64 = 1_700_000_000_000
    ) throws -> (founding: SignedChange, replicas: [MemoryReplica]) {
        let identities = identities ?? (0..<count).map { _ in SigningIdentity() }
        let salt = [UInt8](repeating: 0x5a, count: Founding.saltBytes)
        let collective = Founding.collectiveID(founder: identities[0].author, salt: salt)
        var replicas = (0..<count).map { MemoryReplica(collective: collective, identity: identities[$0], clock: clock + UInt64($0)) }
        let founding = try replicas[0].commit { change in
            Admission.found(collective: "Atelier", salt: salt, founder: "M0", key: identities[0].author, noiseKey: [UInt8](repeating: 1, count: 32), into: &change)
            for index in 1..<count {
                Admission.admit(name: "M\(index)", key: identities[index].author, noiseKey: [UInt8](repeating: UInt8(index + 1), count: 32), into: &change)
            }
        }
        for index in 1..<count { try replicas[index].receive([founding]) }
        return (founding, replicas)
    }
}

extension MemoryReplica {
    /// Signs a change on top of this replica's state without the local authority check, and
    /// merges it: what a crafted peer does. Returns the change (refused operations included).
    @discardableResult
    public mutating func craft(_ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        let tips = try self.storage.tips(of: self.author)
        let heads = Array(Set(try self.storage.frontier() + tips.map(\.id)))
        var builder = ChangeBuilder(author: self.author)
        try build(&builder)
        self.clock += 1
        let change = Change(
            collective: self.collective, author: self.author, seq: Merge.expectedSeq(author: self.author, heads: tips), heads: heads,
            timestamp: HybridTimestamp(wallMillis: self.clock, counter: 0), message: "", operations: builder.operations)
        let signed = try SignedChange(signing: change, with: self.identity)
        try self.receive([signed])
        return signed
    }
}
