// MARK: - TextPatch

/// One splice of a text, in Unicode scalars: delete `deleteCount` scalars at `position`, then
/// insert `insert` there.
public struct TextPatch: Hashable, Sendable {
    /// Position in Unicode scalars (`String.unicodeScalars` offsets).
    public var position: Int
    /// Number of Unicode scalars removed at `position`.
    public var deleteCount: Int
    /// Text inserted at `position` after the deletion.
    public var insert: String

    public init(position: Int, deleteCount: Int = 0, insert: String = "") {
        self.position = position
        self.deleteCount = deleteCount
        self.insert = insert
    }

    /// Scalar-exact equality (Swift's `String ==` would equate "é" and "e\u{301}").
    public static func == (lhs: TextPatch, rhs: TextPatch) -> Bool {
        lhs.position == rhs.position && lhs.deleteCount == rhs.deleteCount
            && lhs.insert.utf8.elementsEqual(rhs.insert.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(position)
        hasher.combine(deleteCount)
        for byte in insert.utf8 { hasher.combine(byte) }
    }
}
