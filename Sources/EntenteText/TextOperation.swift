// MARK: - TextOperation

/// What one change to a text carries: its author, the runs of Unicode scalars it inserts (with
/// their origins) and the ranges of items it deletes.
///
/// The inserted scalars get consecutive ids `(author, startCounter)`, `(author, startCounter + 1)`,
/// … in the order of ``insertions`` and of the scalars inside each insertion. The first scalar of
/// an insertion has the origins ``Insertion/originLeft`` and ``Insertion/originRight``; each
/// following scalar has the previous scalar of the run as its left origin and the same right
/// origin. See TEXT.md for the binary form (``encoded()``).
public struct TextOperation: Hashable, Sendable {
    /// One run of inserted scalars.
    public struct Insertion: Hashable, Sendable {
        /// The item just left of the insertion when it was made (nil: the start of the text).
        public let originLeft: TextItemID?
        /// The item just right of the left origin when the insertion was made (nil: the end).
        public let originRight: TextItemID?
        /// The inserted text (at least one scalar).
        public let content: String
        /// `content.unicodeScalars.count`.
        public let scalarCount: Int

        public init(originLeft: TextItemID?, originRight: TextItemID?, content: String) {
            self.originLeft = originLeft
            self.originRight = originRight
            self.content = content
            self.scalarCount = content.unicodeScalars.count
        }

        init(originLeft: TextItemID?, originRight: TextItemID?, content: String, scalarCount: Int) {
            self.originLeft = originLeft
            self.originRight = originRight
            self.content = content
            self.scalarCount = scalarCount
        }

        /// Scalar-exact equality (Swift's `String ==` would equate canonically equivalent texts
        /// such as "é" and "e\u{301}", which are different edits).
        public static func == (lhs: Insertion, rhs: Insertion) -> Bool {
            lhs.originLeft == rhs.originLeft && lhs.originRight == rhs.originRight
                && lhs.scalarCount == rhs.scalarCount && lhs.content.utf8.elementsEqual(rhs.content.utf8)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(originLeft)
            hasher.combine(originRight)
            hasher.combine(scalarCount)
            for byte in content.utf8 { hasher.combine(byte) }
        }
    }

    /// A range of deleted items: `count` consecutive counters of one agent from `start`.
    public struct Deletion: Hashable, Sendable {
        public let start: TextItemID
        public let count: Int

        public init(start: TextItemID, count: Int) {
            self.start = start
            self.count = count
        }
    }

    /// Who made the change.
    public let author: TextAgent
    /// The author's counter of the first inserted scalar (the author's next counter when the
    /// operation has no insertion).
    public let startCounter: Int
    /// Inserted runs, in the order they were made.
    public let insertions: [Insertion]
    /// Deleted ranges (applied after all insertions).
    public let deletions: [Deletion]

    public init(author: TextAgent, startCounter: Int, insertions: [Insertion], deletions: [Deletion]) {
        self.author = author
        self.startCounter = startCounter
        self.insertions = insertions
        self.deletions = deletions
    }

    /// Total number of inserted scalars.
    public var insertedScalarCount: Int { insertions.reduce(0) { $0 + $1.scalarCount } }

    /// Whether the operation changes nothing.
    public var isEmpty: Bool { insertions.isEmpty && deletions.isEmpty }
}

// MARK: - Encoding

extension TextOperation {
    /// Format version byte of an encoded operation.
    public static let encodingVersion: UInt8 = 1

    /// The canonical binary form (TEXT.md, "Operation encoding").
    public func encoded() -> [UInt8] {
        // Agent table: the author, then other agents in order of first reference.
        var table: [TextAgent] = [author]
        var index: [TextAgent: Int] = [author: 0]
        func ref(_ agent: TextAgent) -> Int {
            if let i = index[agent] { return i }
            index[agent] = table.count
            table.append(agent)
            return table.count - 1
        }
        var body = ByteWriter()
        body.varint(startCounter)
        body.varint(insertions.count)
        var counter = startCounter
        for ins in insertions {
            var flags: UInt8 = 0
            if ins.originLeft != nil { flags |= 1 }
            if ins.originRight != nil { flags |= 2 }
            body.byte(flags)
            for origin in [ins.originLeft, ins.originRight] {
                if let origin {
                    body.varint(ref(origin.agent))
                    body.signed(origin.counter - counter)
                }
            }
            let utf8 = ins.content.utf8
            body.varint(utf8.count)
            body.raw(utf8)
            counter += ins.scalarCount
        }
        body.varint(deletions.count)
        for del in deletions {
            body.varint(ref(del.start.agent))
            body.varint(del.start.counter)
            body.varint(del.count)
        }
        var out = ByteWriter()
        out.bytes.reserveCapacity(body.bytes.count + 2 + 33 * table.count)
        out.byte(TextOperation.encodingVersion)
        out.varint(table.count)
        for agent in table {
            out.byte(UInt8(agent.bytes.count))
            out.raw(agent.bytes)
        }
        out.raw(body.bytes)
        return out.bytes
    }

    /// Decodes and validates an encoded operation; throws ``TextError`` on anything malformed,
    /// non-canonical or beyond ``TextLimits``.
    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        let version = try r.byte("version")
        guard version == TextOperation.encodingVersion else {
            throw TextError.malformed("unknown operation version \(version)")
        }
        let agentCount = try r.varint("agent count")
        guard agentCount >= 1 else { throw TextError.malformed("an operation needs its author") }
        guard agentCount <= TextLimits.maxAgentsPerOperation else {
            throw TextError.limitExceeded(limit: "maxAgentsPerOperation", maximum: TextLimits.maxAgentsPerOperation, actual: agentCount)
        }
        var table: [TextAgent] = []
        var seen = Set<TextAgent>()
        for _ in 0 ..< agentCount {
            let length = Int(try r.byte("agent length"))
            guard let agent = TextAgent(validating: Array(try r.take(length, "agent bytes"))) else {
                throw TextError.malformed("agent length \(length) is not 1...32")
            }
            guard seen.insert(agent).inserted else { throw TextError.malformed("duplicate agent in table") }
            table.append(agent)
        }
        func agentAt(_ i: Int) throws -> TextAgent {
            guard i < table.count else { throw TextError.malformed("agent index \(i) out of table") }
            return table[i]
        }
        let start = try r.varint("start counter", maximum: TextLimits.maxCounter)
        let insertCount = try r.varint("insertion count")
        guard insertCount <= TextLimits.maxInsertsPerOperation else {
            throw TextError.limitExceeded(limit: "maxInsertsPerOperation", maximum: TextLimits.maxInsertsPerOperation, actual: insertCount)
        }
        var insertions: [Insertion] = []
        var counter = start
        var contentBytes = 0
        for _ in 0 ..< insertCount {
            let flags = try r.byte("insertion flags")
            guard flags & ~3 == 0 else { throw TextError.malformed("unknown insertion flags \(flags)") }
            var origins: [TextItemID?] = [nil, nil]
            for k in 0 ..< 2 where flags & (1 << k) != 0 {
                let agent = try agentAt(try r.varint("origin agent"))
                let value = counter + (try r.signed("origin counter"))
                guard value >= 0, value <= TextLimits.maxCounter else {
                    throw TextError.malformed("origin counter \(value) out of range")
                }
                origins[k] = TextItemID(agent: agent, counter: value)
            }
            let length = try r.varint("content length")
            guard length >= 1 else { throw TextError.malformed("empty insertion") }
            contentBytes += length
            guard contentBytes <= TextLimits.maxContentBytesPerOperation else {
                throw TextError.limitExceeded(limit: "maxContentBytesPerOperation", maximum: TextLimits.maxContentBytesPerOperation, actual: contentBytes)
            }
            let raw = try r.take(length, "content")
            guard let scalars = UTF8Check.scalars(raw) else { throw TextError.invalidUTF8(what: "insertion content") }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            insertions.append(Insertion(originLeft: origins[0], originRight: origins[1],
                                        content: String(view), scalarCount: scalars.count))
            counter += scalars.count
            guard counter <= TextLimits.maxCounter + 1 else {
                throw TextError.limitExceeded(limit: "maxCounter", maximum: TextLimits.maxCounter, actual: counter - 1)
            }
        }
        let deleteCount = try r.varint("deletion count")
        guard deleteCount <= TextLimits.maxDeletesPerOperation else {
            throw TextError.limitExceeded(limit: "maxDeletesPerOperation", maximum: TextLimits.maxDeletesPerOperation, actual: deleteCount)
        }
        var deletions: [Deletion] = []
        for _ in 0 ..< deleteCount {
            let agent = try agentAt(try r.varint("deletion agent"))
            let c = try r.varint("deletion counter", maximum: TextLimits.maxCounter)
            let n = try r.varint("deletion count")
            guard n >= 1, c + n <= TextLimits.maxCounter + 1 else {
                throw TextError.malformed("deletion range \(c)+\(n) is empty or out of range")
            }
            deletions.append(Deletion(start: TextItemID(agent: agent, counter: c), count: n))
        }
        try r.finish()
        self.init(author: table[0], startCounter: start, insertions: insertions, deletions: deletions)
        // Canonical form: the agent table must be exactly the one the encoder builds.
        guard encoded() == bytes else {
            throw TextError.malformed("operation is not in canonical form (agent table order or unused agents)")
        }
    }
}

// MARK: - Agents

extension TextOperation {
    /// Every agent the operation names: its author, then the agents of its origins and
    /// deletions.
    public var referencedAgents: Set<TextAgent> {
        var agents: Set<TextAgent> = [self.author]
        for insertion in self.insertions {
            if let left = insertion.originLeft { agents.insert(left.agent) }
            if let right = insertion.originRight { agents.insert(right.agent) }
        }
        for deletion in self.deletions { agents.insert(deletion.start.agent) }
        return agents
    }

    /// The same operation with `old` named `new` wherever it appears (author, origins,
    /// deletions): how a container gives an operation made under a provisional agent its
    /// final one.
    public func replacingAgent(_ old: TextAgent, with new: TextAgent) -> TextOperation {
        func map(_ id: TextItemID?) -> TextItemID? {
            guard let id else { return nil }
            return id.agent == old ? TextItemID(agent: new, counter: id.counter) : id
        }
        return TextOperation(
            author: self.author == old ? new : self.author, startCounter: self.startCounter,
            insertions: self.insertions.map {
                Insertion(originLeft: map($0.originLeft), originRight: map($0.originRight), content: $0.content, scalarCount: $0.scalarCount)
            },
            deletions: self.deletions.map { Deletion(start: map($0.start) ?? $0.start, count: $0.count) })
    }
}
