import EntenteText

/// A passage of a text field that two members rewrote at the same time: two concurrent
/// changes (neither in the other's causal past) whose text operations delete some of the same
/// items (`Protocol/VISION.md`, "Rewritten at the same time"). The merge keeps both new
/// versions, one after the other; the passage is shown until someone who has seen both edits
/// the field again ("choose or merge").
///
/// Pure: found from the changes, in the order a replica applied them (a causal order).
public struct TextRewrite: Hashable, Sendable {
    public var record: RecordID
    public var field: String
    /// The author keys of the two concurrent changes, earlier applied first.
    public var authors: [AuthorKey]
    /// The two changes, earlier applied first.
    public var changes: [ChangeID]

    /// An applied change that edits text, with its place in the replica's log.
    public struct Edit {
        public var change: SignedChange
        public var entry: LogEntry

        public init(change: SignedChange, entry: LogEntry) {
            self.change = change
            self.entry = entry
        }
    }

    /// Every unsettled concurrent rewrite among `changes` (in applied order); `past` gives an
    /// applied change's causal past.
    public static func find(_ changes: [Edit], past: (LogEntry) -> CausalPast) throws -> [TextRewrite] {
        struct Item {
            var edit: Edit
            var operation: TextOperation
        }
        var byField: [SlotKey: [Item]] = [:]
        var fieldOrder: [SlotKey] = []
        for edit in changes {
            for case .text(let record, let field, let operation) in edit.change.change.operations where !operation.isEmpty {
                let slot = SlotKey(record: record, field: field)
                if byField[slot] == nil { fieldOrder.append(slot) }
                byField[slot, default: []].append(Item(edit: edit, operation: operation))
            }
        }
        var found: [TextRewrite] = []
        for slot in fieldOrder {
            let items = byField[slot] ?? []
            let positions = items.map(\.edit.entry.position)
            for (later, item) in items.enumerated() where !item.operation.deletions.isEmpty {
                let laterPast = past(item.edit.entry)
                // Earlier edits this one had not seen: in its summary's unseen intervals, or
                // above its floor and not reached by its heads.
                let summary = item.edit.entry.past
                var candidates: [Int] = []
                for interval in summary.unseen + [(summary.floor + 1)...max(summary.floor + 1, item.edit.entry.position)] {
                    var index = Self.firstIndex(in: positions, atLeast: interval.lowerBound)
                    while index < later, positions[index] <= interval.upperBound {
                        candidates.append(index)
                        index += 1
                    }
                }
                for earlier in Set(candidates).sorted() where earlier < later {
                    let other = items[earlier]
                    guard try !laterPast.contains(other.edit.entry.position), other.operation.deletesAny(of: item.operation) else { continue }
                    // Settled by a later edit of the field that has seen both.
                    var settled = false
                    for next in items[(later + 1)...] {
                        let nextPast = past(next.edit.entry)
                        if try nextPast.contains(other.edit.entry.position), try nextPast.contains(item.edit.entry.position) {
                            settled = true
                            break
                        }
                    }
                    if !settled {
                        found.append(TextRewrite(record: slot.record, field: slot.field,
                                                 authors: [other.edit.change.author, item.edit.change.author],
                                                 changes: [other.edit.change.id, item.edit.change.id]))
                    }
                }
            }
        }
        return found
    }

    static func firstIndex(in sorted: [Int], atLeast value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
