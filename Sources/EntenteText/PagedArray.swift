// MARK: - PagedArray

/// An append-mostly array stored in fixed pages of ``pageSize`` elements: growing past the
/// first page never copies (no doubling spikes in peak memory), and a page can be released
/// when its content is no longer needed (deleted text). The first page grows as it fills: a
/// text has one array per agent, that is per change that edited it, most of a few scalars,
/// and reserving a whole page for each cost a long text's reader more than the rest of its
/// work (BENCHMARKS.md, "A long-lived collective").
struct PagedArray<Element: Sendable>: Sendable {
    static var pageShift: Int { 12 }
    static var pageSize: Int { 1 << pageShift }
    static var pageMask: Int { pageSize - 1 }

    private(set) var pages: [[Element]] = []
    /// Number of elements ever appended (released pages included).
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { pages[index >> Self.pageShift][index & Self.pageMask] }
        set { pages[index >> Self.pageShift][index & Self.pageMask] = newValue }
    }

    /// Starts a page: the first one empty (it grows as it fills), the others at full size.
    private mutating func startPage() {
        var page: [Element] = []
        if !self.pages.isEmpty { page.reserveCapacity(Self.pageSize) }
        self.pages.append(page)
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count & Self.pageMask == 0 { self.startPage() }
        pages[pages.count - 1].append(element)
        count += 1
    }

    /// Appends `elements`, filling the last page in place (one page taken out at a time so its
    /// storage stays uniquely referenced).
    mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        var iterator = elements.makeIterator()
        guard var next = iterator.next() else { return }
        while true {
            if count & Self.pageMask == 0 { self.startPage() }
            var page = pages.removeLast()
            while true {
                page.append(next)
                count += 1
                guard let following = iterator.next() else {
                    pages.append(page)
                    return
                }
                next = following
                if count & Self.pageMask == 0 { break }
            }
            pages.append(page)
        }
    }

    /// Appends `n` copies of `element`.
    mutating func append(repeating element: Element, count n: Int) {
        var remaining = n
        while remaining > 0 {
            if count & Self.pageMask == 0 { self.startPage() }
            let room = Self.pageSize - (count & Self.pageMask)
            let chunk = min(room, remaining)
            pages[pages.count - 1].append(contentsOf: repeatElement(element, count: chunk))
            count += chunk
            remaining -= chunk
        }
    }

    /// Sets every element of `range` to `value`.
    mutating func fill(_ range: Range<Int>, with value: Element) {
        var i = range.lowerBound
        while i < range.upperBound {
            let p = i >> Self.pageShift
            let end = min(range.upperBound, (p + 1) << Self.pageShift)
            let lower = i & Self.pageMask
            let upper = lower + (end - i)
            pages[p].withUnsafeMutableBufferPointer { buffer in
                UnsafeMutableBufferPointer(rebasing: buffer[lower ..< upper]).update(repeating: value)
            }
            i = end
        }
    }

    /// Calls `body` with every element of `range`, in order.
    @inline(__always)
    func forEach(in range: Range<Int>, _ body: (Element) -> Void) {
        var i = range.lowerBound
        while i < range.upperBound {
            let p = i >> Self.pageShift
            let end = min(range.upperBound, (p + 1) << Self.pageShift)
            pages[p].withUnsafeBufferPointer { buffer in
                for k in i ..< end { body(buffer[k & Self.pageMask]) }
            }
            i = end
        }
    }

    /// Appends a page's worth of elements that are never read (released from the start);
    /// `count` must be a multiple of ``pageSize``.
    mutating func appendReleasedPage() {
        precondition(count & Self.pageMask == 0)
        pages.append([])
        count += Self.pageSize
    }

    /// Whether page `p` is complete (no element will ever be appended to it).
    func isFull(page p: Int) -> Bool { (p + 1) << Self.pageShift <= count }

    /// Frees page `p`; reading its elements afterwards is a programming error.
    mutating func release(page p: Int) { pages[p] = [] }
}
