// MARK: - TextDocument

/// A collaboratively edited text: a sequence CRDT in the YATA family with the FugueMax
/// ("YjsMod") integration rule, which never interleaves concurrent insertions
/// (Nicolaescu et al., "Near Real-Time Peer-to-Peer Shared Editing on Extensible Data Types",
/// GROUP 2016; Weidner & Kleppmann, "The Art of the Fugue: Minimizing Interleaving in
/// Collaborative Text Editing", 2023; rule as in diamond-types). See TEXT.md.
///
/// `TextDocument` is a value type: every stored property is a copy-on-write array, so copies
/// are cheap until mutated and a copy never sees the other's edits. It is `Sendable`.
///
/// Layout (designed for speed): items are runs of scalars (split on demand, re-merged when
/// possible), kept in document order in leaves of at most ``Leaf/capacity`` items, each leaf
/// knowing its visible length; a cursor cache makes local edits O(1) amortised near the last
/// edit; scalars live in one content buffer per agent indexed by counter, and a per-agent
/// counter → leaf index finds any item by id.
public struct TextDocument: Sendable {
    /// Leaves in document order.
    var leaves: [Leaf] = []
    /// Leaf id → index in ``leaves``.
    var leafIndexByID: [Int32] = []
    /// Internal agent number → agent.
    var agents: [TextAgent] = []
    /// Agent → internal agent number.
    var agentNumbers: [TextAgent: UInt32] = [:]
    /// Per agent, scalar by counter (deleted scalars decoded from a state are U+0000).
    var contents: [[Unicode.Scalar]] = []
    /// Per agent, leaf id holding the item of each counter.
    var leafOf: [[UInt32]] = []
    /// Number of visible scalars.
    var visibleCount = 0
    /// Cursor cache: a leaf index and the visible position where that leaf starts.
    var cacheLeaf = 0
    var cacheStart = 0

    /// An empty text with no history.
    public init() {}

    /// The visible text.
    public var text: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(visibleCount + visibleCount / 4)
        for leaf in leaves {
            for item in leaf.items where !item.deleted {
                let scalars = contents[Int(item.agent)]
                for c in Int(item.counter) ..< Int(item.end) {
                    UTF8Check.appendUTF8(scalars[c], to: &utf8)
                }
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Number of visible Unicode scalars.
    public var scalarCount: Int { visibleCount }

    /// Number of stored item runs (deleted ones included): a measure of history size.
    public var itemCount: Int { leaves.reduce(0) { $0 + $1.items.count } }

    /// Agents known to this document, in the order first seen.
    public var knownAgents: [TextAgent] { agents }

    /// The next counter `agent` would use (number of scalars it has inserted so far).
    public func nextCounter(of agent: TextAgent) -> Int {
        agentNumbers[agent].map { contents[Int($0)].count } ?? 0
    }

    /// The visible text as maximal runs by author ("who wrote which part").
    public func authorship() -> [(agent: TextAgent, text: String)] {
        var result: [(agent: TextAgent, text: String)] = []
        var current: UInt32 = Item.none
        var view = String.UnicodeScalarView()
        for leaf in leaves {
            for item in leaf.items where !item.deleted {
                if item.agent != current {
                    if current != Item.none { result.append((agents[Int(current)], String(view))) }
                    current = item.agent
                    view = String.UnicodeScalarView()
                }
                view.append(contentsOf: contents[Int(item.agent)][Int(item.counter) ..< Int(item.end)])
            }
        }
        if current != Item.none { result.append((agents[Int(current)], String(view))) }
        return result
    }
}

// MARK: - Local edits

extension TextDocument {
    /// Applies patches (sequentially, each on the result of the previous) as local edits by
    /// `agent`; returns the one operation to ship to other replicas.
    ///
    /// Throws ``TextError/patchOutOfRange(index:position:deleteCount:documentCount:)`` when a
    /// patch does not fit, or ``TextError/limitExceeded(limit:maximum:actual:)`` when the
    /// operation would break a limit of TEXT.md; the document is unchanged when it throws.
    public mutating func applyLocal(_ patches: [TextPatch], by agent: TextAgent) throws -> TextOperation {
        // Validate everything first so that a throw leaves the document untouched.
        var length = visibleCount
        var contentBytes = 0
        var insertedScalars = 0
        var deletedScalars = 0
        for (k, patch) in patches.enumerated() {
            guard patch.position >= 0, patch.deleteCount >= 0, patch.position <= length,
                  patch.deleteCount <= length - patch.position else {
                throw TextError.patchOutOfRange(index: k, position: patch.position,
                                                deleteCount: patch.deleteCount, documentCount: length)
            }
            let n = patch.insert.unicodeScalars.count
            length += n - patch.deleteCount
            insertedScalars += n
            deletedScalars += patch.deleteCount
            contentBytes += patch.insert.utf8.count
        }
        guard contentBytes <= TextLimits.maxContentBytesPerOperation else {
            throw TextError.limitExceeded(limit: "maxContentBytesPerOperation",
                                          maximum: TextLimits.maxContentBytesPerOperation, actual: contentBytes)
        }
        guard patches.count <= TextLimits.maxInsertsPerOperation else {
            throw TextError.limitExceeded(limit: "maxInsertsPerOperation",
                                          maximum: TextLimits.maxInsertsPerOperation, actual: patches.count)
        }
        // Deletion ranges are at most the deleted scalars, and at most the item runs touched.
        if deletedScalars > TextLimits.maxDeletesPerOperation {
            let bound = itemCount + 3 * patches.count
            guard bound <= TextLimits.maxDeletesPerOperation else {
                throw TextError.limitExceeded(limit: "maxDeletesPerOperation",
                                              maximum: TextLimits.maxDeletesPerOperation, actual: bound)
            }
        }
        let start = nextCounter(of: agent)
        guard start + insertedScalars <= TextLimits.maxCounter + 1 else {
            throw TextError.limitExceeded(limit: "maxCounter", maximum: TextLimits.maxCounter,
                                          actual: start + insertedScalars)
        }

        let a = intern(agent)
        var insertions: [TextOperation.Insertion] = []
        var deletions: [TextOperation.Deletion] = []
        // The insertion being built: consecutive patches that continue it are appended in place.
        var pending: (left: TextItemID?, right: TextItemID?, content: String, count: Int, end: Int)? = nil
        func flush() {
            if let p = pending {
                insertions.append(.init(originLeft: p.left, originRight: p.right, content: p.content, scalarCount: p.count))
                pending = nil
            }
        }
        var ranges: [(UInt32, Int, Int)] = []
        for patch in patches {
            if patch.deleteCount > 0 {
                ranges.removeAll(keepingCapacity: true)
                localDelete(at: patch.position, count: patch.deleteCount) { ranges.append(($0, $1, $2)) }
                for (agentNumber, counter, count) in ranges {
                    let id = TextItemID(agent: agents[Int(agentNumber)], counter: counter)
                    if let last = deletions.last, last.start.agent == id.agent,
                       last.start.counter + last.count == counter {
                        deletions[deletions.count - 1] = .init(start: last.start, count: last.count + count)
                    } else {
                        deletions.append(.init(start: id, count: count))
                    }
                }
            }
            if !patch.insert.isEmpty {
                let counter = contents[Int(a)].count
                let (left, right) = localInsert(at: patch.position, scalars: patch.insert.unicodeScalars, agent: a)
                let count = contents[Int(a)].count - counter
                let rightID = right.map { TextItemID(agent: agents[Int($0.0)], counter: Int($0.1)) }
                if pending != nil, let l = left, l.0 == a, Int(l.1) == counter - 1, pending?.end == counter,
                   pending?.right == rightID {
                    pending?.content.append(patch.insert)
                    pending?.count += count
                    pending?.end += count
                } else {
                    flush()
                    let leftID = left.map { TextItemID(agent: agents[Int($0.0)], counter: Int($0.1)) }
                    pending = (leftID, rightID, patch.insert, count, counter + count)
                }
            }
        }
        flush()
        return TextOperation(author: agent, startCounter: start, insertions: insertions, deletions: deletions)
    }
}

// MARK: - Remote operations

extension TextDocument {
    /// Applies a remote operation. Delivery must be causal (every item the operation refers to
    /// already applied); applying an operation again is a no-op. Throws ``TextError`` (leaving
    /// the document unchanged) when the operation refers to unknown items or does not continue
    /// its author's counters.
    public mutating func apply(_ operation: TextOperation) throws {
        let author = operation.author
        let known = nextCounter(of: author)
        let total = operation.insertedScalarCount
        var applyInsertions = false
        guard operation.startCounter >= 0, operation.startCounter + total <= TextLimits.maxCounter + 1 else {
            throw TextError.limitExceeded(limit: "maxCounter", maximum: TextLimits.maxCounter,
                                          actual: operation.startCounter + total)
        }
        if total > 0 {
            if operation.startCounter + total <= known {
                applyInsertions = false  // already applied
            } else if operation.startCounter == known {
                applyInsertions = true
            } else if operation.startCounter < known {
                throw TextError.partiallyApplied(agent: author, counter: operation.startCounter)
            } else {
                throw TextError.counterGap(agent: author, expected: known, actual: operation.startCounter)
            }
        }
        // Validate references (the author's own earlier scalars in this operation count).
        func check(_ id: TextItemID, authorLimit: Int) throws {
            let limit = id.agent == author ? authorLimit : nextCounter(of: id.agent)
            guard id.counter >= 0, id.counter < limit else {
                throw TextError.unknownItem(agent: id.agent, counter: id.counter)
            }
        }
        var counter = operation.startCounter
        if applyInsertions {
            for ins in operation.insertions {
                guard ins.scalarCount >= 1 else { throw TextError.malformed("empty insertion") }
                if let l = ins.originLeft { try check(l, authorLimit: counter) }
                if let r = ins.originRight { try check(r, authorLimit: counter) }
                counter += ins.scalarCount
            }
        }
        let authorLimit = max(known, applyInsertions ? counter : known)
        for del in operation.deletions {
            guard del.count >= 1, del.count <= TextLimits.maxCounter + 1 else {
                throw TextError.malformed("deletion range of \(del.count) scalars")
            }
            try check(del.start, authorLimit: authorLimit)
            try check(TextItemID(agent: del.start.agent, counter: del.start.counter + del.count - 1),
                      authorLimit: authorLimit)
        }
        // Apply: insertions in order, then deletions.
        if applyInsertions {
            let a = intern(author)
            var c = operation.startCounter
            for ins in operation.insertions {
                // Validated above: every origin's agent is known.
                let left = ins.originLeft.flatMap { id in agentNumbers[id.agent].map { ($0, UInt32(id.counter)) } }
                let right = ins.originRight.flatMap { id in agentNumbers[id.agent].map { ($0, UInt32(id.counter)) } }
                remoteInsert(agent: a, counter: UInt32(c), left: left, right: right, scalars: ins.content.unicodeScalars)
                c += ins.scalarCount
            }
        }
        for del in operation.deletions {
            guard let a = agentNumbers[del.start.agent] else { continue }
            remoteDelete(agent: a, counter: del.start.counter, count: del.count)
        }
    }
}
