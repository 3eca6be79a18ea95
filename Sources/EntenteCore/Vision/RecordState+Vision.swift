// MARK: - Typed reads shared by the vision model

extension RecordState {
    /// The record a reference register points to, if it holds a reference.
    public func ref(_ field: String) -> RecordID? { self[field]?.recordID }

    /// The references held by an add-wins set field, in canonical order.
    public func refs(_ field: String) -> [RecordID] { self.elements(field).compactMap(\.recordID) }

    /// A register's text, or `nil` when it is missing or blank.
    public func text(_ field: String) -> String? {
        guard let text = self.string(field), !text.isEmpty else { return nil }
        return text
    }

    /// A register's text parsed as one of `T`'s raw values; `fallback` when it is missing or
    /// holds a value this version does not know (a newer peer may have written it).
    public func choice<T: RawRepresentable>(_ field: String, _ fallback: T) -> T where T.RawValue == String {
        self.string(field).flatMap(T.init(rawValue:)) ?? fallback
    }
}

extension RecordState {
    /// The fields in conflict (`Protocol/VISION.md`, "Conventions"): concurrent siblings with
    /// different values, except where the kind's rules say they do not compete (a commitment's
    /// `accepted` or `proposed` beside `done`, `dropped` or `broken`).
    public var conflictedFields: [String] {
        self.fieldsWithDifferingSiblings.filter { field in
            guard self.kind == RecordKind.commitment, field == Commitment.Field.status else { return true }
            return Commitment.competingStatuses(self).count > 1
        }
    }

    /// The values of a register's concurrent siblings, display order first.
    public func siblings(_ field: String) -> [Value] { (self.registers[field] ?? []).map(\.value) }
}

/// A total order on records that every replica agrees on: creation time, then id.
public func creationOrder(_ lhs: RecordState, _ rhs: RecordState) -> Bool {
    (lhs.header.createdAt, lhs.id) < (rhs.header.createdAt, rhs.id)
}

extension Array where Element == RecordState {
    /// These records in creation order (``creationOrder``): themselves when they are in it
    /// already, as a replica reads them, without sorting or copying them (a vision of
    /// thousands of records is read in several passes, each of which wants this order).
    public var inCreationOrder: [RecordState] {
        var index = self.startIndex
        while index + 1 < self.endIndex {
            guard !creationOrder(self[index + 1], self[index]) else { return self.sorted(by: creationOrder) }
            index += 1
        }
        return self
    }
}

/// Compares two strings by their UTF-8 bytes (the order used for position keys and dates).
func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
    Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8))
}

extension String {
    /// The string without leading and trailing spaces (Core avoids Foundation's trimming).
    var trimmedForVision: String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
