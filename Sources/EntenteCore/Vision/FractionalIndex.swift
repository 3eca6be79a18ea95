/// Position keys for ordered lists edited concurrently (fractional indexing).
///
/// A key is a string of base-62 digits read as the digits of a fraction in [0, 1), so between
/// any two keys there is always another. Inserting between neighbours `a` and `b` writes a key
/// strictly between theirs; two peers inserting at the same place may pick the same key, and
/// readers then break the tie by record id, so every replica shows one order.
///
/// Keys come from peers, so ``between(_:_:)`` accepts anything: characters outside the
/// alphabet are dropped and trailing zeros trimmed before use.
public enum FractionalIndex {
    /// The digits, in ascending order (ASCII order, so byte order is numeric order).
    public static let digits: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A key strictly after `before` (or the start when `nil`) and strictly before `after` (or
    /// the end when `nil`). When `after` is not greater than `before`, it is ignored.
    ///
    /// ```swift
    /// let first = FractionalIndex.between(nil, nil)      // "V"
    /// let second = FractionalIndex.between(first, nil)   // "k"
    /// let middle = FractionalIndex.between(first, second)
    /// ```
    public static func between(_ before: String?, _ after: String?) -> String {
        let low = Self.clean(before ?? "")
        var high = after.map(Self.clean)
        if let upper = high, upper.isEmpty || !low.lexicographicallyPrecedes(upper) { high = nil }
        return String(Self.midpoint(low, high).map { Self.digits[$0] })
    }

    /// Whether `key` is a well-formed key (only digits, no trailing zero, not empty).
    public static func isValid(_ key: String) -> Bool {
        let cleaned = Self.clean(key)
        return !cleaned.isEmpty && cleaned.count == key.count
    }

    // MARK: - Private

    private static func clean(_ key: String) -> [Int] {
        var values = key.compactMap { character in Self.digits.firstIndex(of: character) }
        while values.last == 0 { values.removeLast() }
        return values
    }

    /// David Greenspan's midpoint on digit arrays: `a < b`, neither with a trailing zero.
    ///
    /// Iterative, on slices: keys come from peers and may be long, so neither recursion depth
    /// nor copying grows with their length.
    private static func midpoint(_ low: [Int], _ high: [Int]?) -> [Int] {
        let base = Self.digits.count
        var result: [Int] = []
        var a = low[...]
        var b = high?[...]
        while true {
            if let upper = b {
                var shared = 0
                while shared < upper.count,
                      (shared < a.count ? a[a.startIndex + shared] : 0) == upper[upper.startIndex + shared] {
                    shared += 1
                }
                if shared > 0 {
                    result += upper.prefix(shared)
                    a = a.dropFirst(shared)
                    b = upper.dropFirst(shared)
                    continue
                }
            }
            let digitA = a.first ?? 0
            let digitB = b?.first ?? base
            if digitB - digitA > 1 {
                return result + [(digitA + digitB + 1) / 2]
            }
            if let upper = b, upper.count > 1, let first = upper.first {
                return result + [first]
            }
            result.append(digitA)
            a = a.dropFirst()
            b = nil
        }
    }
}
