// MARK: - Agents

extension TextDocument {
    /// The internal number of `agent`, registering it if new.
    mutating func intern(_ agent: TextAgent) -> UInt32 {
        if let n = number(of: agent) { return n }
        let n = UInt32(agents.count)
        agents.append(agent)
        agentNumbers[agent] = n
        contents.append(PagedArray())
        deletedPerPage.append([])
        leafOf.append(PagedArray())
        return n
    }
}

extension TextDocument {
    /// The internal number of `agent`, if known (the last agent looked up is cached).
    @inline(__always)
    func number(of agent: TextAgent) -> UInt32? {
        let last = lastAgent
        if Int(last) < agents.count, agents[Int(last)] == agent { return last }
        return agentNumbers[agent]
    }
}

// MARK: - Finding items

extension TextDocument {
    /// The leaf holding visible position `p` (`0 <= p < visibleCount`) and the visible position
    /// where that leaf starts; moves the cursor cache there.
    @inline(__always)
    mutating func findLeaf(visible p: Int) -> (leaf: Int, start: Int) {
        var l = cacheLeaf
        var s = cacheStart
        if l >= leaves.count {
            l = 0
            s = 0
        }
        while p < s {
            l -= 1
            s -= leaves[l].visible
        }
        while p >= s + leaves[l].visible {
            s += leaves[l].visible
            l += 1
        }
        cacheLeaf = l
        cacheStart = s
        return (l, s)
    }

    /// Index of the item of leaf `l` holding its visible scalar `offset`, and the offset inside.
    @inline(__always)
    func findVisible(inLeaf l: Int, offset: Int) -> (index: Int, offset: Int) {
        var off = offset
        var i = 0
        leaves[l].items.withUnsafeBufferPointer { items in
            while true {
                let item = items[i]
                if !item.deleted {
                    if off < Int(item.length) { return }
                    off -= Int(item.length)
                }
                i += 1
            }
        }
        return (i, off)
    }

    /// Raw position of the scalar `(agent, counter)`, which must exist.
    func locate(agent: UInt32, counter: UInt32) -> RawPosition {
        let id = leafOf[Int(agent)][Int(counter)]
        let l = Int(leafIndexByID[Int(id)])
        var i = 0
        let found: Int = leaves[l].items.withUnsafeBufferPointer { items in
            while i < items.count {
                let item = items[i]
                if item.agent == agent && counter >= item.counter && counter < item.end { return i }
                i += 1
            }
            return -1
        }
        precondition(found >= 0, "EntenteText index out of sync")
        return RawPosition(leaf: l, index: found, offset: Int(counter - leaves[l].items[found].counter))
    }

    /// Whether `(agent, counter)` is a known item.
    func exists(agent: UInt32, counter: UInt32) -> Bool {
        Int(agent) < contents.count && Int(counter) < contents[Int(agent)].count
    }
}

// MARK: - Mutating the structure

extension TextDocument {
    /// Changes the visible count of leaf `l` by `delta`, keeping totals and the cache right.
    @inline(__always)
    mutating func adjustVisible(leaf l: Int, by delta: Int) {
        leaves[l].visible += delta
        visibleCount += delta
        if l < cacheLeaf { cacheStart += delta }
    }

    /// Splits item `i` of leaf `l` at `offset` (`0 < offset < length`); the suffix becomes item `i + 1`.
    @inline(__always)
    mutating func splitItem(leaf l: Int, index i: Int, at offset: Int) {
        let tail = leaves[l].items[i].suffix(from: UInt32(offset))
        leaves[l].items[i].length = UInt32(offset)
        leaves[l].items.insert(tail, at: i + 1)
    }

    /// Merges item `i` of leaf `l` with its neighbours when they continue one another.
    mutating func mergeAround(leaf l: Int, index i: Int) {
        var i = i
        if i + 1 < leaves[l].items.count, leaves[l].items[i].canAppend(leaves[l].items[i + 1]) {
            leaves[l].items[i].length += leaves[l].items[i + 1].length
            leaves[l].items.remove(at: i + 1)
        }
        if i > 0, leaves[l].items[i - 1].canAppend(leaves[l].items[i]) {
            leaves[l].items[i - 1].length += leaves[l].items[i].length
            leaves[l].items.remove(at: i)
            i -= 1
        }
    }

    /// Splits leaf `l` in two when it holds more than ``Leaf/capacity`` items.
    mutating func splitLeafIfNeeded(_ l: Int) {
        let count = leaves[l].items.count
        guard count > Leaf.capacity else { return }
        let half = count / 2
        let moved = Array(leaves[l].items[half...])
        leaves[l].items.removeSubrange(half...)
        let newID = UInt32(leafIndexByID.count)
        var visible = 0
        for item in moved {
            visible += item.visibleLength
            let a = Int(item.agent)
            leafOf[a].fill(Int(item.counter) ..< Int(item.end), with: newID)
        }
        leaves[l].visible -= visible
        leaves.insert(Leaf(id: newID, items: moved, visible: visible), at: l + 1)
        leafIndexByID.append(0)
        for k in (l + 1) ..< leaves.count { leafIndexByID[Int(leaves[k].id)] = Int32(k) }
        if cacheLeaf > l { cacheLeaf += 1 }
    }

    /// Inserts `item` (whose scalars are already in the content buffer) before item `i` of leaf
    /// `l` (`i` may equal the leaf's item count), merging it into the previous item if it continues it.
    mutating func insertItem(_ item: Item, leaf l: Int, index i: Int) {
        let a = Int(item.agent)
        if leaves.isEmpty {
            let id = UInt32(leafIndexByID.count)
            leafIndexByID.append(0)
            leaves.append(Leaf(id: id, items: [], visible: 0))
            cacheLeaf = 0
            cacheStart = 0
        }
        let leafID = leaves[l].id
        leafOf[a].append(repeating: leafID, count: Int(item.length))
        if i > 0, leaves[l].items[i - 1].canAppend(item) {
            leaves[l].items[i - 1].length += item.length
        } else {
            leaves[l].items.insert(item, at: i)
        }
        adjustVisible(leaf: l, by: item.visibleLength)
        splitLeafIfNeeded(l)
    }

    /// The id of the first scalar at or after item `i` of leaf `l` in raw order, if any.
    @inline(__always)
    func firstID(leaf l: Int, index i: Int) -> (UInt32, UInt32)? {
        if i < leaves[l].items.count { return (leaves[l].items[i].agent, leaves[l].items[i].counter) }
        if l + 1 < leaves.count { return (leaves[l + 1].items[0].agent, leaves[l + 1].items[0].counter) }
        return nil
    }
}

extension TextDocument {
    /// Records that `count` scalars of agent `a` from `counter` became deleted, releasing the
    /// content pages that are complete and entirely deleted.
    mutating func countDeleted(agent a: UInt32, counter: Int, count: Int) {
        let agent = Int(a)
        var c = counter
        let end = counter + count
        while c < end {
            let p = c >> PagedArray<Unicode.Scalar>.pageShift
            let pageEnd = min(end, (p + 1) << PagedArray<Unicode.Scalar>.pageShift)
            while deletedPerPage[agent].count <= p { deletedPerPage[agent].append(0) }
            deletedPerPage[agent][p] += Int32(pageEnd - c)
            if Int(deletedPerPage[agent][p]) == PagedArray<Unicode.Scalar>.pageSize, contents[agent].isFull(page: p) {
                contents[agent].release(page: p)
            }
            c = pageEnd
        }
    }
}

// MARK: - Local primitives

extension TextDocument {
    /// Inserts `scalars` by agent `a` at visible position `p`; returns the origins used.
    mutating func localInsert(at p: Int, scalars: String.UnicodeScalarView, agent a: UInt32)
        -> (left: (UInt32, UInt32)?, right: (UInt32, UInt32)?)
    {
        let counter = UInt32(contents[Int(a)].count)
        contents[Int(a)].append(contentsOf: scalars)
        let length = UInt32(contents[Int(a)].count) - counter
        storedScalars += Int(length)
        var left: (UInt32, UInt32)? = nil
        var right: (UInt32, UInt32)? = nil
        var l = 0
        var i = 0
        if p == 0 {
            if !leaves.isEmpty { right = firstID(leaf: 0, index: 0) }
        } else {
            let (leaf, start) = findLeaf(visible: p - 1)
            let (index, k) = findVisible(inLeaf: leaf, offset: p - 1 - start)
            let item = leaves[leaf].items[index]
            left = (item.agent, item.counter + UInt32(k))
            l = leaf
            i = index + 1
            if k + 1 < Int(item.length) {
                right = (item.agent, item.counter + UInt32(k) + 1)
                splitItem(leaf: leaf, index: index, at: k + 1)
            } else {
                right = firstID(leaf: leaf, index: index + 1)
            }
        }
        let new = Item(agent: a, counter: counter, length: length, deleted: false,
                       leftAgent: left?.0 ?? Item.none, leftCounter: left?.1 ?? 0,
                       rightAgent: right?.0 ?? Item.none, rightCounter: right?.1 ?? 0)
        insertItem(new, leaf: l, index: i)
        return (left, right)
    }

    /// Deletes `count` visible scalars at visible position `p`, reporting each deleted id range.
    mutating func localDelete(at p: Int, count: Int, report: (UInt32, Int, Int) -> Void) {
        var remaining = count
        while remaining > 0 {
            let (l, start) = findLeaf(visible: p)
            var (i, k) = findVisible(inLeaf: l, offset: p - start)
            if k > 0 {
                splitItem(leaf: l, index: i, at: k)
                i += 1
            }
            let length = Int(leaves[l].items[i].length)
            let m = min(length, remaining)
            if m < length { splitItem(leaf: l, index: i, at: m) }
            leaves[l].items[i].deleted = true
            let item = leaves[l].items[i]
            report(item.agent, Int(item.counter), m)
            countDeleted(agent: item.agent, counter: Int(item.counter), count: m)
            adjustVisible(leaf: l, by: -m)
            mergeAround(leaf: l, index: i)
            splitLeafIfNeeded(l)
            remaining -= m
        }
    }
}

// MARK: - Remote primitives

extension TextDocument {
    /// Marks `count` scalars of agent `a` from `counter` deleted (already deleted ones stay so).
    mutating func remoteDelete(agent a: UInt32, counter: Int, count: Int) {
        var c = counter
        var remaining = count
        while remaining > 0 {
            let pos = locate(agent: a, counter: UInt32(c))
            let l = pos.leaf
            var i = pos.index
            let item = leaves[l].items[i]
            let m = min(Int(item.length) - pos.offset, remaining)
            if !item.deleted {
                if pos.offset > 0 {
                    splitItem(leaf: l, index: i, at: pos.offset)
                    i += 1
                }
                if m < Int(leaves[l].items[i].length) { splitItem(leaf: l, index: i, at: m) }
                leaves[l].items[i].deleted = true
                countDeleted(agent: a, counter: c, count: m)
                adjustVisible(leaf: l, by: -m)
                mergeAround(leaf: l, index: i)
                splitLeafIfNeeded(l)
            }
            c += m
            remaining -= m
        }
    }

    /// Raw position of a left origin (``RawPosition/start`` for none).
    func position(left agent: UInt32, _ counter: UInt32) -> RawPosition {
        agent == Item.none ? .start : locate(agent: agent, counter: counter)
    }

    /// Raw position of a right origin (``RawPosition/end`` for none).
    func position(right agent: UInt32, _ counter: UInt32) -> RawPosition {
        agent == Item.none ? .end : locate(agent: agent, counter: counter)
    }

    /// Integrates a remote run (its scalars not yet in the content buffer) with the FugueMax /
    /// YjsMod rule (TEXT.md, "Integration"): starting right after the left origin, scan the
    /// items up to the right origin and stop before the first one that must follow the new run.
    mutating func remoteInsert(agent a: UInt32, counter: UInt32, left: (UInt32, UInt32)?,
                               right: (UInt32, UInt32)?, scalars: String.UnicodeScalarView) {
        contents[Int(a)].append(contentsOf: scalars)
        let length = UInt32(contents[Int(a)].count) - counter
        storedScalars += Int(length)
        var item = Item(agent: a, counter: counter, length: length, deleted: false,
                        leftAgent: left?.0 ?? Item.none, leftCounter: left?.1 ?? 0,
                        rightAgent: right?.0 ?? Item.none, rightCounter: right?.1 ?? 0)
        if leaves.isEmpty {
            insertItem(item, leaf: 0, index: 0)
            return
        }
        // Cursor right after the left origin.
        var l = 0
        var i = 0
        var myLeft = RawPosition.start
        if let left {
            let pos = locate(agent: left.0, counter: left.1)
            let length = Int(leaves[pos.leaf].items[pos.index].length)
            if pos.offset + 1 < length { splitItem(leaf: pos.leaf, index: pos.index, at: pos.offset + 1) }
            myLeft = pos
            l = pos.leaf
            i = pos.index + 1
            // A right origin that is not after the left origin (only a hostile or corrupt
            // operation has one) is treated, and stored, as none: deterministic on every
            // replica, so replicas still converge and states stay valid (TEXT.md §4).
            if let r = right, !(pos < locate(agent: r.0, counter: r.1)) {
                item.rightAgent = Item.none
                item.rightCounter = 0
            }
        }
        let right: (UInt32, UInt32)? = item.rightAgent == Item.none ? nil : (item.rightAgent, item.rightCounter)
        var myRight: RawPosition? = nil
        var scanning = false
        var scanStart = (l, i)
        while l < leaves.count {
            if i >= leaves[l].items.count {
                l += 1
                i = 0
                continue
            }
            let other = leaves[l].items[i]
            if let right, other.agent == right.0, right.1 >= other.counter, right.1 < other.end {
                if right.1 > other.counter {
                    splitItem(leaf: l, index: i, at: Int(right.1 - other.counter))
                    i += 1
                }
                break
            }
            let otherLeft = position(left: other.leftAgent, other.leftCounter)
            if otherLeft < myLeft { break }
            if otherLeft == myLeft {
                if other.rightAgent == item.rightAgent && other.rightCounter == item.rightCounter {
                    let mine = agents[Int(a)]
                    let theirs = agents[Int(other.agent)]
                    let insertHere = mine == theirs ? item.counter > other.counter : mine < theirs
                    if insertHere { break }
                    scanning = false
                } else {
                    if myRight == nil { myRight = position(right: item.rightAgent, item.rightCounter) }
                    let otherRight = position(right: other.rightAgent, other.rightCounter)
                    if let myRight, otherRight < myRight {
                        if !scanning {
                            scanning = true
                            scanStart = (l, i)
                        }
                    } else {
                        scanning = false
                    }
                }
            }
            i += 1
        }
        if scanning {
            (l, i) = scanStart
        } else if l >= leaves.count {
            l = leaves.count - 1
            i = leaves[l].items.count
        }
        // The start of a leaf is also the end of the previous one: prefer the latter, so the
        // run can merge into the item before it.
        if i == 0, l > 0 {
            l -= 1
            i = leaves[l].items.count
        }
        insertItem(item, leaf: l, index: i)
    }
}
