// MARK: - TextDiff

/// Minimal insert/delete scripts between two texts, over Unicode scalars.
public enum TextDiff {
    /// Largest edit distance searched by Myers' algorithm; beyond it the differing middle is
    /// replaced as a whole (still correct, no longer minimal), bounding time and memory.
    public static let maximumEditDistance = 1_024

    /// Patches that turn `old` into `new` when applied sequentially (each on the result of the
    /// previous one). The common prefix and suffix are trimmed first, then Myers' O(ND)
    /// algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986) finds a shortest
    /// edit script; adjacent deletions and insertions at one place form one patch.
    public static func patches(from old: String, to new: String) -> [TextPatch] {
        let a = Array(old.unicodeScalars)
        let b = Array(new.unicodeScalars)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix ..< a.count - suffix])
        let y = Array(b[prefix ..< b.count - suffix])
        if x.isEmpty && y.isEmpty { return [] }
        if x.isEmpty || y.isEmpty {
            return [TextPatch(position: prefix, deleteCount: x.count, insert: string(y[...]))]
        }
        guard let script = myers(x, y) else {
            return [TextPatch(position: prefix, deleteCount: x.count, insert: string(y[...]))]
        }
        // Walk the script: `j` is the position in the partially edited text (= index in y).
        var patches: [TextPatch] = []
        for edit in script {
            let position = prefix + edit.y
            let insert = string(y[edit.y ..< edit.y + edit.insertCount])
            patches.append(TextPatch(position: position, deleteCount: edit.deleteCount, insert: insert))
        }
        return patches
    }

    /// A change: at `x` in the old text / `y` in the new text, delete then insert.
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
