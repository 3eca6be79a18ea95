// MARK: - TextWording

/// The words each operation of one text inserted and removed, read from the operations
/// themselves (a document releases the content of deleted text; the operations keep it).
///
/// Feed it a field's operations in a causal order (the order a replica applied them) with
/// ``record(_:)``; then ``inserted(_:)`` and ``removed(_:)`` give an operation's passages.
/// Memory: every scalar ever inserted in the field, which TEXT.md's limits bound.
public struct TextWording: Sendable {
    /// Per agent, scalar by counter (absent: not yet seen).
    private var scalars: [TextAgent: [Unicode.Scalar?]] = [:]

    public init() {}

    /// The largest run of unknown counters stored ahead of an author's known text.
    public static let maximumGap = 65_536

    /// Remembers what `operation` inserted. A counter already known keeps its first scalar
    /// (two copies of one device may have used it: the first applied is kept).
    public mutating func record(_ operation: TextOperation) {
        guard !operation.insertions.isEmpty else { return }
        var counter = operation.startCounter
        // Taken out of the dictionary while it grows, so appending never copies it.
        var known = self.scalars.removeValue(forKey: operation.author) ?? []
        defer { self.scalars[operation.author] = known }
        for insertion in operation.insertions {
            for scalar in insertion.content.unicodeScalars {
                // A counter far beyond what the author inserted so far (a gap no applied history
                // leaves) is not stored: the array never grows by more than the gap allowed.
                guard counter >= 0, counter < TextLimits.maxScalarsPerState, counter <= known.count + Self.maximumGap else {
                    counter += 1
                    continue
                }
                if known.count <= counter { known.append(contentsOf: repeatElement(nil, count: counter - known.count + 1)) }
                if known[counter] == nil { known[counter] = scalar }
                counter += 1
            }
        }
    }

    /// The passages `operation` inserted, in the order it made them.
    public func inserted(_ operation: TextOperation) -> [String] {
        operation.insertions.map(\.content)
    }

    /// The passages `operation` removed, each a run of one author's text ("?" for a scalar
    /// this history never saw inserted).
    public func removed(_ operation: TextOperation) -> [String] {
        operation.deletions.map { deletion in
            let known = self.scalars[deletion.start.agent] ?? []
            var view = String.UnicodeScalarView()
            let start = max(0, deletion.start.counter)
            let end = min(start + max(0, deletion.count), start + TextLimits.maxScalarsPerState)
            for counter in start..<end {
                view.append(counter < known.count ? (known[counter] ?? "?") : "?")
            }
            return String(view)
        }
    }

    /// The text both operations removed (the passage they both rewrote), in the order of the
    /// first one's deletions.
    public func removedByBoth(_ first: TextOperation, _ second: TextOperation) -> [String] {
        var secondIDs = Set<TextItemID>()
        for deletion in second.deletions {
            for offset in 0..<min(max(0, deletion.count), TextLimits.maxScalarsPerState) {
                secondIDs.insert(TextItemID(agent: deletion.start.agent, counter: deletion.start.counter + offset))
            }
        }
        var passages: [String] = []
        for deletion in first.deletions {
            let known = self.scalars[deletion.start.agent] ?? []
            var view = String.UnicodeScalarView()
            for offset in 0..<min(max(0, deletion.count), TextLimits.maxScalarsPerState) {
                let counter = deletion.start.counter + offset
                if secondIDs.contains(TextItemID(agent: deletion.start.agent, counter: counter)) {
                    view.append(counter >= 0 && counter < known.count ? (known[counter] ?? "?") : "?")
                } else if !view.isEmpty {
                    passages.append(String(view))
                    view = String.UnicodeScalarView()
                }
            }
            if !view.isEmpty { passages.append(String(view)) }
        }
        return passages
    }
}
