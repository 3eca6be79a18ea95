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
/// Layout (designed for speed and memory): items are runs of scalars (split on demand,
/// re-merged when possible), kept in document order in leaves of at most ``Leaf/capacity``
/// items, each leaf knowing its visible length; a cursor cache makes local edits O(1)
/// amortised near the last edit (other positions cost a walk over leaf lengths); scalars live in
/// one paged content buffer per agent indexed by counter (pages whose scalars are all deleted
/// are released), and a paged per-agent counter → leaf index finds any item by id. There is no
/// object per scalar or per item.
public struct TextDocument: Sendable {
    /// Leaves in document order.
    var leaves: [Leaf] = []
    /// Leaf id → index in ``leaves``.
    var leafIndexByID: [Int32] = []
    /// Internal agent number → agent.
    var agents: [TextAgent] = []
    /// Agent → internal agent number.
    var agentNumbers: [TextAgent: UInt32] = [:]
    /// Per agent, scalar by counter. Pages whose scalars are all deleted are released (their
    /// content is never read again); deleted scalars decoded from a state are U+0000.
    var contents: [PagedArray<Unicode.Scalar>] = []
    /// Per agent and page of ``contents``, how many of the page's scalars are deleted.
    var deletedPerPage: [[Int32]] = []
    /// Per agent, leaf id holding the item of each counter.
    var leafOf: [PagedArray<UInt32>] = []
    /// Number of visible scalars.
    var visibleCount = 0
    /// Number of scalars stored, deleted ones included (see ``TextLimits/maxScalarsPerState``).
    var storedScalars = 0
    /// Cursor cache: a leaf index and the visible position where that leaf starts.
    var cacheLeaf = 0
    var cacheStart = 0
    /// The agent of the last local edit (a cache in front of ``agentNumbers``).
    var lastAgent: UInt32 = 0

    /// An empty text with no history.
    public init() {}

    /// The visible text.
    public var text: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(visibleCount + visibleCount / 4)
        for leaf in leaves {
            for item in leaf.items where !item.deleted {
                contents[Int(item.agent)].forEach(in: Int(item.counter) ..< Int(item.end)) {
                    UTF8Check.appendUTF8($0, to: &utf8)
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
        number(of: agent).map { contents[Int($0)].count } ?? 0
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
                contents[Int(item.agent)].forEach(in: Int(item.counter) ..< Int(item.end)) { view.append($0) }
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
        guard storedScalars + insertedScalars <= TextLimits.maxScalarsPerState else {
            throw TextError.limitExceeded(limit: "maxScalarsPerState", maximum: TextLimits.maxScalarsPerState,
                                          actual: storedScalars + insertedScalars)
        }
        guard start + insertedScalars <= TextLimits.maxCounter + 1 else {
            throw TextError.limitExceeded(limit: "maxCounter", maximum: TextLimits.maxCounter,
                                          actual: start + insertedScalars)
        }

        let a = intern(agent)
        lastAgent = a
        var insertions: [TextOperation.Insertion] = []
        var deletions: [TextOperation.Deletion] = []
        // The insertion being built: consecutive patches that continue it are appended in place.
        var hasPending = false
        var pendingLeft: (UInt32, UInt32)? = nil
        var pendingRight: (UInt32, UInt32)? = nil
        var pendingContent = ""
        var pendingCount = 0
        var pendingEnd = 0
        var ranges: [(UInt32, Int, Int)] = []
        for patch in patches {
            if patch.deleteCount > 0 {
                ranges.removeAll(keepingCapacity: true)
                localDelete(at: patch.position, count: patch.deleteCount) { ranges.append(($0, $1, $2)) }
                for (agentNumber, counter, count) in ranges {
                    if let last = deletions.last, last.start.counter + last.count == counter,
                       last.start.agent == agents[Int(agentNumber)] {
                        deletions[deletions.count - 1] = .init(start: last.start, count: last.count + count)
                    } else {
                        deletions.append(.init(start: TextItemID(agent: agents[Int(agentNumber)], counter: counter), count: count))
                    }
                }
            }
            if !patch.insert.isEmpty {
                let counter = contents[Int(a)].count
                let (left, right) = localInsert(at: patch.position, scalars: patch.insert.unicodeScalars, agent: a)
                let count = contents[Int(a)].count - counter
                if hasPending, let l = left, l.0 == a, Int(l.1) == counter - 1, pendingEnd == counter,
                   pendingRight?.0 == right?.0, pendingRight?.1 == right?.1 {
                    pendingContent.append(patch.insert)
                    pendingCount += count
                    pendingEnd += count
                } else {
                    if hasPending {
                        insertions.append(makeInsertion(pendingLeft, pendingRight, pendingContent, pendingCount))
                    }
                    hasPending = true
                    pendingLeft = left
                    pendingRight = right
                    pendingContent = patch.insert
                    pendingCount = count
                    pendingEnd = counter + count
                }
            }
        }
        if hasPending { insertions.append(makeInsertion(pendingLeft, pendingRight, pendingContent, pendingCount)) }
        return TextOperation(author: agent, startCounter: start, insertions: insertions, deletions: deletions)
    }
}

extension TextDocument {
    /// An operation's insertion from internal origins.
    private func makeInsertion(_ left: (UInt32, UInt32)?, _ right: (UInt32, UInt32)?, _ content: String,
                               _ count: Int) -> TextOperation.Insertion {
        TextOperation.Insertion(
            originLeft: left.map { TextItemID(agent: agents[Int($0.0)], counter: Int($0.1)) },
            originRight: right.map { TextItemID(agent: agents[Int($0.0)], counter: Int($0.1)) },
            content: content, scalarCount: count)
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
        let end = operation.startCounter.addingReportingOverflow(total)
        guard operation.startCounter >= 0, !end.overflow, end.partialValue <= TextLimits.maxCounter + 1 else {
            throw TextError.limitExceeded(limit: "maxCounter", maximum: TextLimits.maxCounter,
                                          actual: end.overflow ? Int.max : end.partialValue)
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
        if applyInsertions, storedScalars + total > TextLimits.maxScalarsPerState {
            throw TextError.limitExceeded(limit: "maxScalarsPerState", maximum: TextLimits.maxScalarsPerState,
                                          actual: storedScalars + total)
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
                let left = ins.originLeft.flatMap { id in number(of: id.agent).map { ($0, UInt32(id.counter)) } }
                let right = ins.originRight.flatMap { id in number(of: id.agent).map { ($0, UInt32(id.counter)) } }
                remoteInsert(agent: a, counter: UInt32(c), left: left, right: right, scalars: ins.content.unicodeScalars)
                c += ins.scalarCount
            }
        }
        for del in operation.deletions {
            guard let a = number(of: del.start.agent) else { continue }
            remoteDelete(agent: a, counter: del.start.counter, count: del.count)
        }
    }
}
