// MARK: - TextDiff

/// Insert/delete scripts between two texts, over Unicode scalars, aligned on whole words.
public enum TextDiff {
    /// Largest edit distance searched by Myers' algorithm; beyond it the differing middle is
    /// replaced as a whole (still correct, no longer minimal), bounding time and memory.
    public static let maximumEditDistance = 1_024

    /// Patches that turn `old` into `new` when applied sequentially (each on the result of the
    /// previous one), in increasing positions, keeping words whole.
    ///
    /// The common prefix and suffix are trimmed first, then Myers' O(ND) algorithm ("An O(ND)
    /// Difference Algorithm and Its Variations", 1986) finds a shortest edit script over
    /// scalars. Its changes are then aligned on ``TextBoundaries``, looking only around each
    /// change (TEXT.md §3, "Computing a local edit"):
    ///
    /// 1. a pure insertion or deletion slides, where the text allows it, to a place where it
    ///    starts and ends between words ("chat chat" gains " chat", not "hat c");
    /// 2. every other change grows to the whole words it touches, on both sides: a word changed
    ///    at all is deleted whole and its new version inserted whole;
    /// 3. changes separated only by spaces and punctuation on one line become one change, so a
    ///    rewritten phrase is one deletion and one insertion; two pure insertions stay apart.
    ///
    /// Unchanged words and the separators around them are kept, and inserting or deleting
    /// whole words stays minimal. Each patch deletes whole words and inserts whole words, so a
    /// concurrent edit that deletes an old word leaves no fragment of it inside this edit's new
    /// words (the merge of two rewrites is made of whole words their authors typed).
    public static func patches(from old: String, to new: String) -> [TextPatch] {
        let a = Array(old.unicodeScalars)
        let b = Array(new.unicodeScalars)
        let changes = alignedOnWords(scalarChanges(a, b), old: a, new: b)
        return changes.map { change in
            TextPatch(position: change.newStart, deleteCount: change.oldEnd - change.oldStart,
                      insert: string(b[change.newStart ..< change.newEnd]))
        }
    }

    /// The changes of a shortest scalar edit script (or, beyond ``maximumEditDistance``, the
    /// whole differing middle as one change), in increasing order, with unchanged text between
    /// any two of them.
    static func scalarChanges(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [Change] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix ..< a.count - suffix])
        let y = Array(b[prefix ..< b.count - suffix])
        if x.isEmpty && y.isEmpty { return [] }
        let whole = Change(oldStart: prefix, oldEnd: prefix + x.count, newStart: prefix, newEnd: prefix + y.count)
        guard !x.isEmpty, !y.isEmpty, let script = myers(x, y) else { return [whole] }
        return script.map { edit in
            Change(oldStart: prefix + edit.x, oldEnd: prefix + edit.x + edit.deleteCount,
                   newStart: prefix + edit.y, newEnd: prefix + edit.y + edit.insertCount)
        }
    }

    /// A change between two texts in whole-text scalar offsets: `old[oldStart ..< oldEnd]`
    /// becomes `new[newStart ..< newEnd]`.
    struct Change: Equatable {
        var oldStart: Int
        var oldEnd: Int
        var newStart: Int
        var newEnd: Int

        /// Inserts without deleting.
        var isInsertion: Bool { oldStart == oldEnd }
        /// Deletes without inserting.
        var isDeletion: Bool { newStart == newEnd }

        /// The change covering this one, `other` and the unchanged text between them.
        func merged(with other: Change) -> Change {
            Change(oldStart: min(oldStart, other.oldStart), oldEnd: max(oldEnd, other.oldEnd),
                   newStart: min(newStart, other.newStart), newEnd: max(newEnd, other.newEnd))
        }

        /// The same change moved by `distance` scalars over the unchanged text around it.
        func shifted(by distance: Int) -> Change {
            Change(oldStart: oldStart + distance, oldEnd: oldEnd + distance,
                   newStart: newStart + distance, newEnd: newEnd + distance)
        }
    }

    /// A change of Myers' script, in offsets of the trimmed texts: at `x` in the old text / `y`
    /// in the new text, delete then insert.
    struct Edit {
        var x: Int
        var y: Int
        var deleteCount: Int
        var insertCount: Int
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Myers' greedy forward algorithm with the V array saved per step for backtracking;
    /// nil when the distance exceeds ``maximumEditDistance``.
    private static func myers(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> [Edit]? {
        let n = x.count
        let m = y.count
        let maxD = min(n + m, maximumEditDistance)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0 ... maxD {
            trace.append(Array(v[offset - d ... offset + d]))
            var k = -d
            while k <= d {
                var px: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    px = v[offset + k + 1]
                } else {
                    px = v[offset + k - 1] + 1
                }
                var py = px - k
                while px < n, py < m, x[px] == y[py] {
                    px += 1
                    py += 1
                }
                v[offset + k] = px
                if px >= n && py >= m {
                    found = true
                    break outer
                }
                k += 2
            }
        }
        guard found else { return nil }
        // Backtrack into unit edits (in reverse), then group.
        var units: [(x: Int, y: Int, isDelete: Bool)] = []
        var px = n
        var py = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let vd = trace[d]  // V after step d - 1, indexed from k = -d
            let k = px - py
            let prevK: Int
            if k == -d || (k != d && vd[d + k - 1] < vd[d + k + 1]) {
                prevK = k + 1
            } else {
                prevK = k - 1
            }
            let prevX = vd[d + prevK]
            let prevY = prevX - prevK
            while px > prevX && py > prevY {
                px -= 1
                py -= 1
            }
            if px == prevX {
                units.append((prevX, prevY, false))  // insertion of y[prevY]
            } else {
                units.append((prevX, prevY, true))  // deletion of x[prevX]
            }
            px = prevX
            py = prevY
        }
        units.reverse()
        var edits: [Edit] = []
        for u in units {
            if var last = edits.last, last.x + last.deleteCount == u.x, last.y + last.insertCount == u.y {
                if u.isDelete { last.deleteCount += 1 } else { last.insertCount += 1 }
                edits[edits.count - 1] = last
            } else {
                edits.append(Edit(x: u.x, y: u.y, deleteCount: u.isDelete ? 1 : 0, insertCount: u.isDelete ? 0 : 1))
            }
        }
        return edits
    }
}
