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
    /// The two changes, as (author, seq).
    public var changes: [WriteTag]

    /// Every unsettled concurrent rewrite among `changes` (in applied order).
    public static func find(_ changes: [Change]) -> [TextRewrite] {
        struct Edit {
            var change: Change
            var edit: TextOperation
        }
        var byField: [SlotKey: [Edit]] = [:]
        var fieldOrder: [SlotKey] = []
        for change in changes {
            for case .text(let record, let field, let edit) in change.operations where !edit.deletions.isEmpty || !edit.insertions.isEmpty {
                let slot = SlotKey(record: record, field: field)
                if byField[slot] == nil { fieldOrder.append(slot) }
                byField[slot, default: []].append(Edit(change: change, edit: edit))
            }
        }
        var found: [TextRewrite] = []
        for slot in fieldOrder {
            let edits = byField[slot] ?? []
            // Per author, the indices of their edits, in seq order (applied order is causal).
            var byAuthor: [AuthorKey: [Int]] = [:]
            for (index, item) in edits.enumerated() { byAuthor[item.change.author, default: []].append(index) }
            for (later, item) in edits.enumerated() where !item.edit.deletions.isEmpty {
                for (author, indices) in byAuthor where author != item.change.author {
                    // The other author's edits this one had not seen: seq beyond its context.
                    let seen = item.change.context[author]
                    var low = 0, high = indices.count
                    while low < high {
                        let middle = low + (high - low) / 2
                        if edits[indices[middle]].change.seq > seen { high = middle } else { low = middle + 1 }
                    }
                    for earlier in indices[low...] where earlier < later {
                        let other = edits[earlier]
                        guard other.edit.deletesAny(of: item.edit) else { continue }
                        // Settled by a later edit of the field that has seen both.
                        let settled = edits[(later + 1)...].contains { next in
                            next.change.sees(other.change) && next.change.sees(item.change)
                        }
                        if !settled {
                            found.append(TextRewrite(record: slot.record, field: slot.field, authors: [other.change.author, item.change.author],
                                                     changes: [WriteTag(author: other.change.author, seq: other.change.seq, op: 0),
                                                               WriteTag(author: item.change.author, seq: item.change.seq, op: 0)]))
                        }
                    }
                }
            }
        }
        return found
    }
}

extension Change {
    /// Whether `other` is this change or in its causal past (``hasSeen(_:)`` of its writes).
    public func sees(_ other: Change) -> Bool {
        self.hasSeen(WriteTag(author: other.author, seq: other.seq, op: 0))
    }
}
