// MARK: - State encoding

extension TextDocument {
    /// Format version byte of an encoded state.
    public static let stateVersion: UInt8 = 1

    /// The whole document with its history, in canonical form (TEXT.md, "State encoding"):
    /// every item run (deleted ones included, with their ids and origins) in document order, then
    /// the visible text. The content of deleted scalars is not kept (as in Yjs after garbage
    /// collection): nothing ever needs it. Two replicas that applied the same operations
    /// produce the same bytes.
    public func encodedState() -> [UInt8] {
        // Maximal runs in document order.
        var runs: [Item] = []
        runs.reserveCapacity(itemCount)
        for leaf in leaves {
            for item in leaf.items {
                if let last = runs.last, last.canAppend(item) {
                    runs[runs.count - 1].length += item.length
                } else {
                    runs.append(item)
                }
            }
        }
        // Agent table: agents with at least one item, sorted by bytes; internal number → table index.
        let order = agents.indices.filter { !contents[$0].isEmpty }.sorted { agents[$0] < agents[$1] }
        var tableIndex = [Int](repeating: 0, count: agents.count)
        for (k, n) in order.enumerated() { tableIndex[n] = k }

        var w = ByteWriter()
        w.bytes.reserveCapacity(runs.count * 4 + visibleCount + 64)
        w.byte(TextDocument.stateVersion)
        w.varint(order.count)
        for n in order {
            w.byte(UInt8(agents[n].bytes.count))
            w.raw(agents[n].bytes)
        }
        w.varint(runs.count)
        var expected = [Int](repeating: 0, count: agents.count)
        var previousAgent = Item.none
        for (k, run) in runs.enumerated() {
            var flags: UInt8 = run.deleted ? 1 : 0
            let leftKind: UInt8
            if run.leftAgent == Item.none {
                leftKind = 0
            } else if k > 0, runs[k - 1].agent == run.leftAgent, runs[k - 1].end &- 1 == run.leftCounter {
                leftKind = 1
            } else if run.leftAgent == run.agent, run.counter > 0, run.leftCounter == run.counter - 1 {
                leftKind = 2
            } else {
                leftKind = 3
            }
            let rightKind: UInt8
            if run.rightAgent == Item.none {
                rightKind = 0
            } else if k + 1 < runs.count, runs[k + 1].agent == run.rightAgent, runs[k + 1].counter == run.rightCounter {
                rightKind = 1
            } else {
                rightKind = 2
            }
            flags |= leftKind << 1 | rightKind << 3
            if run.agent != previousAgent { flags |= 1 << 5 }
            w.byte(flags)
            if run.agent != previousAgent { w.varint(tableIndex[Int(run.agent)]) }
            previousAgent = run.agent
            w.signed(Int(run.counter) - expected[Int(run.agent)])
            expected[Int(run.agent)] = Int(run.end)
            w.varint(Int(run.length))
            if leftKind == 3 {
                w.varint(tableIndex[Int(run.leftAgent)])
                w.signed(Int(run.leftCounter) - Int(run.counter))
            }
            if rightKind == 2 {
                w.varint(tableIndex[Int(run.rightAgent)])
                w.signed(Int(run.rightCounter) - Int(run.counter))
            }
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(visibleCount)
        for run in runs where !run.deleted {
            contents[Int(run.agent)].forEach(in: Int(run.counter) ..< Int(run.end)) { UTF8Check.appendUTF8($0, to: &utf8) }
        }
        w.varint(utf8.count)
        w.raw(utf8)
        return w.bytes
    }

    /// Decodes a state made by ``encodedState()``; throws ``TextError`` on anything malformed,
    /// non-canonical, inconsistent (unknown or misplaced origins, overlapping or missing
    /// counters) or beyond ``TextLimits``.
    public init(decodingState bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        let version = try r.byte("state version")
        guard version == TextDocument.stateVersion else { throw TextError.malformed("unknown state version \(version)") }
        let agentCount = try r.varint("agent count")
        guard agentCount <= TextLimits.maxAgentsPerState else {
            throw TextError.limitExceeded(limit: "maxAgentsPerState", maximum: TextLimits.maxAgentsPerState, actual: agentCount)
        }
        var table: [TextAgent] = []
        for _ in 0 ..< agentCount {
            let length = Int(try r.byte("agent length"))
            guard let agent = TextAgent(validating: Array(try r.take(length, "agent bytes"))) else {
                throw TextError.malformed("agent length \(length) is not 1...32")
            }
            if let last = table.last, !(last < agent) { throw TextError.malformed("agent table not strictly ascending") }
            table.append(agent)
        }
        let runCount = try r.varint("run count")
        guard runCount <= TextLimits.maxItemsPerState else {
            throw TextError.limitExceeded(limit: "maxItemsPerState", maximum: TextLimits.maxItemsPerState, actual: runCount)
        }
        guard runCount <= r.remaining / 2 else { throw TextError.truncated(what: "runs") }
        var runs: [Item] = []
        runs.reserveCapacity(runCount)
        var expected = [Int](repeating: 0, count: agentCount)
        var pendingRightNext = false
        var previousAgent = -1
        var visible = 0
        var total = 0
        for k in 0 ..< runCount {
            let flags = try r.byte("run flags")
            guard flags & 0xC0 == 0 else { throw TextError.malformed("unknown run flags \(flags)") }
            let leftKind = (flags >> 1) & 3
            let rightKind = (flags >> 3) & 3
            guard rightKind != 3 else { throw TextError.malformed("unknown right origin kind") }
            var agent = previousAgent
            if flags & (1 << 5) != 0 {
                agent = try r.varint("run agent")
                guard agent < agentCount, agent != previousAgent else { throw TextError.malformed("bad run agent \(agent)") }
            } else if agent < 0 {
                throw TextError.malformed("first run has no agent")
            }
            previousAgent = agent
            let counter = expected[agent] + (try r.signed("run counter"))
            let length = try r.varint("run length")
            guard counter >= 0, length >= 1, counter + length <= TextLimits.maxCounter + 1 else {
                throw TextError.malformed("run counter range \(counter)+\(length) out of range")
            }
            expected[agent] = counter + length
            total += length
            guard total <= TextLimits.maxScalarsPerState else {
                throw TextError.limitExceeded(limit: "maxScalarsPerState", maximum: TextLimits.maxScalarsPerState, actual: total)
            }
            var item = Item(agent: UInt32(agent), counter: UInt32(counter), length: UInt32(length),
                            deleted: flags & 1 != 0, leftAgent: Item.none, leftCounter: 0,
                            rightAgent: Item.none, rightCounter: 0)
            switch leftKind {
            case 1:
                guard let prev = runs.last else { throw TextError.malformed("first run cannot continue a previous run") }
                item.leftAgent = prev.agent
                item.leftCounter = prev.end - 1
            case 2:
                guard counter > 0 else { throw TextError.malformed("left origin before counter 0") }
                item.leftAgent = UInt32(agent)
                item.leftCounter = UInt32(counter - 1)
            case 3:
                let a = try r.varint("left origin agent")
                let c = counter + (try r.signed("left origin counter"))
                guard a < agentCount, c >= 0, c <= TextLimits.maxCounter else { throw TextError.malformed("bad left origin") }
                item.leftAgent = UInt32(a)
                item.leftCounter = UInt32(c)
            default: break
            }
            if rightKind == 2 {
                let a = try r.varint("right origin agent")
                let c = counter + (try r.signed("right origin counter"))
                guard a < agentCount, c >= 0, c <= TextLimits.maxCounter else { throw TextError.malformed("bad right origin") }
                item.rightAgent = UInt32(a)
                item.rightCounter = UInt32(c)
            }
            // Resolve the previous run's "first scalar of the next run" right origin.
            if pendingRightNext {
                runs[k - 1].rightAgent = item.agent
                runs[k - 1].rightCounter = item.counter
            }
            pendingRightNext = rightKind == 1
            if !item.deleted { visible += length }
            runs.append(item)
        }
        guard !pendingRightNext else { throw TextError.malformed("last run cannot point to a next run") }
        let contentLength = try r.varint("content length", maximum: TextLimits.maxContentBytesPerState)
        let raw = try r.take(contentLength, "content")
        try r.finish()
        guard let scalars = UTF8Check.scalars(raw) else { throw TextError.invalidUTF8(what: "state content") }
        guard scalars.count == visible else {
            throw TextError.malformed("content has \(scalars.count) scalars for \(visible) visible items")
        }
        self.init()
        try build(table: table, runs: runs, visibleScalars: scalars)
        // Canonical form (maximal runs, origin kinds, counter deltas): re-encoding must give the input.
        guard encodedState() == bytes else { throw TextError.malformed("state is not in canonical form") }
    }

    /// Fills an empty document from decoded runs, checking that every agent's counters are
    /// covered exactly once from 0 and that every origin exists on the correct side of its run.
    private mutating func build(table: [TextAgent], runs: [Item], visibleScalars: [Unicode.Scalar]) throws {
        var ranges = [[(Int, Int)]](repeating: [], count: table.count)
        for run in runs { ranges[Int(run.agent)].append((Int(run.counter), Int(run.length))) }
        var totals = [Int](repeating: 0, count: table.count)
        for a in table.indices {
            guard !ranges[a].isEmpty else { throw TextError.malformed("agent \(table[a]) has no item") }
            ranges[a].sort { $0.0 < $1.0 }
            var next = 0
            for (c, n) in ranges[a] {
                guard c == next else { throw TextError.malformed("agent \(table[a]): counters overlap or skip at \(c)") }
                next = c + n
            }
            totals[a] = next
        }
        storedScalars = totals.reduce(0, +)
        agents = table
        for (n, agent) in table.enumerated() { agentNumbers[agent] = UInt32(n) }
        // Content pages: complete pages whose scalars are all deleted are never allocated.
        let pageShift = PagedArray<Unicode.Scalar>.pageShift
        var deleted = totals.map { [Int](repeating: 0, count: ($0 + PagedArray<Unicode.Scalar>.pageMask) >> pageShift) }
        for run in runs where run.deleted {
            var c = Int(run.counter)
            while c < Int(run.end) {
                let p = c >> pageShift
                let end = min(Int(run.end), (p + 1) << pageShift)
                deleted[Int(run.agent)][p] += end - c
                c = end
            }
        }
        contents = totals.indices.map { a in
            var paged = PagedArray<Unicode.Scalar>()
            for (p, count) in deleted[a].enumerated() {
                let size = min(PagedArray<Unicode.Scalar>.pageSize, totals[a] - (p << pageShift))
                if count == PagedArray<Unicode.Scalar>.pageSize {
                    paged.appendReleasedPage()
                } else {
                    paged.append(repeating: Unicode.Scalar(0), count: size)
                }
            }
            return paged
        }
        leafOf = totals.map { total in
            var paged = PagedArray<UInt32>()
            paged.append(repeating: 0, count: total)
            return paged
        }
        deletedPerPage = deleted.map { $0.map { Int32($0) } }
        let perLeaf = Leaf.capacity * 3 / 4
        var v = 0
        var start = 0
        while start < runs.count {
            let end = min(start + perLeaf, runs.count)
            let id = UInt32(leaves.count)
            var visible = 0
            for run in runs[start ..< end] {
                let a = Int(run.agent)
                let range = Int(run.counter) ..< Int(run.end)
                leafOf[a].fill(range, with: id)
                if !run.deleted {
                    for c in range {
                        contents[a][c] = visibleScalars[v]
                        v += 1
                    }
                    visible += range.count
                }
            }
            leaves.append(Leaf(id: id, items: Array(runs[start ..< end]), visible: visible))
            leafIndexByID.append(Int32(leaves.count - 1))
            visibleCount += visible
            start = end
        }
        // Origins: exist, left strictly before the run, right strictly after it.
        for l in leaves.indices {
            for (i, run) in leaves[l].items.enumerated() {
                if run.leftAgent != Item.none {
                    guard exists(agent: run.leftAgent, counter: run.leftCounter),
                          locate(agent: run.leftAgent, counter: run.leftCounter) < RawPosition(leaf: l, index: i, offset: 0)
                    else { throw TextError.malformed("run \(run.agent)@\(run.counter): left origin unknown or not before it") }
                }
                if run.rightAgent != Item.none {
                    guard exists(agent: run.rightAgent, counter: run.rightCounter),
                          RawPosition(leaf: l, index: i, offset: Int(run.length) - 1)
                          < locate(agent: run.rightAgent, counter: run.rightCounter)
                    else { throw TextError.malformed("run \(run.agent)@\(run.counter): right origin unknown or not after it") }
                }
            }
        }
    }
}
