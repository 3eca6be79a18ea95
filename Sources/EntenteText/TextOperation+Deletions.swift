// MARK: - Deleted items (conflict detection)

extension TextOperation.Deletion {
    /// The counters of ``start``'s agent this range deletes, clamped to the counters that can
    /// exist (`0 ... TextLimits.maxCounter`); empty when ``count`` is below 1.
    ///
    /// A decoded operation is already within these bounds; an operation built in memory may
    /// hold anything, so the arithmetic never traps.
    public var counters: Range<Int> {
        let ceiling = TextLimits.maxCounter + 1
        let lower = min(max(start.counter, 0), ceiling)
        guard count > 0 else { return lower ..< lower }
        let (end, overflow) = start.counter.addingReportingOverflow(count)
        let upper = overflow ? ceiling : min(max(end, lower), ceiling)
        return lower ..< upper
    }
}

extension TextOperation {
    /// Every item id the operation deletes, range by range, in the order of ``deletions``,
    /// produced lazily.
    ///
    /// A range from a peer may span billions of counters: to compare two operations use
    /// ``deletesAny(of:)``, which never enumerates ids.
    public var deletedItems: some Sequence<TextItemID> {
        deletions.lazy.flatMap { deletion in
            deletion.counters.lazy.map { TextItemID(agent: deletion.start.agent, counter: $0) }
        }
    }

    /// Whether this operation and `other` delete at least one common item: for concurrent
    /// edits of one text, a sign that both rewrote the same words (``TextDiff`` deletes changed
    /// words whole). Costs O((n + m) log(n + m)) for n and m deletion ranges, whatever their
    /// lengths.
    public func deletesAny(of other: TextOperation) -> Bool {
        guard !deletions.isEmpty, !other.deletions.isEmpty else { return false }
        let (indexed, probes) = deletions.count <= other.deletions.count
            ? (deletions, other.deletions) : (other.deletions, deletions)
        let ranges = DeletedRanges(indexed)
        return probes.contains { ranges.overlaps($0.counters, of: $0.start.agent) }
    }
}

/// Deleted counter ranges per agent, sorted and merged, for overlap queries by binary search.
struct DeletedRanges {
    /// Per agent, disjoint non-empty ranges in increasing order.
    private var byAgent: [TextAgent: [Range<Int>]] = [:]

    init(_ deletions: [TextOperation.Deletion]) {
        var grouped: [TextAgent: [Range<Int>]] = [:]
        for deletion in deletions {
            let range = deletion.counters
            guard !range.isEmpty else { continue }
            grouped[deletion.start.agent, default: []].append(range)
        }
        for (agent, ranges) in grouped {
            byAgent[agent] = DeletedRanges.merged(ranges.sorted { $0.lowerBound < $1.lowerBound })
        }
    }

    /// Sorted ranges with overlapping or touching neighbours joined.
    private static func merged(_ sorted: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound ..< max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// Whether some deleted counter of `agent` lies in `range`.
    func overlaps(_ range: Range<Int>, of agent: TextAgent) -> Bool {
        guard !range.isEmpty, let ranges = byAgent[agent] else { return false }
        // The first range ending after range.lowerBound is the only candidate.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = low + (high - low) / 2
            if ranges[middle].upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].lowerBound < range.upperBound
    }
}
