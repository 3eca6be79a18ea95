// MARK: - Aligning a diff on words

extension TextDiff {
    /// How far (in scalars, each way) a pure insertion or deletion may slide to reach word
    /// boundaries: a bound on the work per change.
    static let maximumSlide = 32

    /// `changes` (in increasing order, unchanged text between any two) aligned on
    /// ``TextBoundaries``: slid, widened to whole words, then joined across separators (see
    /// ``patches(from:to:)``). Applying the result still turns `old` into `new` exactly.
    static func alignedOnWords(_ changes: [Change], old: [Unicode.Scalar], new: [Unicode.Scalar]) -> [Change] {
        guard !changes.isEmpty else { return [] }
        let slid = slidToBoundaries(changes, old: old, new: new)
        let widened = widenedToBoundaries(slid, old: old, new: new)
        return carryingTheSpaceBefore(joinedAcrossSeparators(widened, old: old), old: old, new: new)
    }

    // MARK: Spaces

    /// Lets every rewrite (a change that deletes and inserts) that starts right after a space,
    /// its new text starting with a word, take that space with it: it deletes the space and
    /// inserts it again before its words. Two members who rewrite one passage at the same time
    /// then each bring their own space, and the merge never glues their words together
    /// ("apparaissent en face", not "apparaissenten face"). A rewrite at the very start of the
    /// text takes the space after it instead. At least one unchanged scalar stays between two
    /// changes.
    static func carryingTheSpaceBefore(_ changes: [Change], old: [Unicode.Scalar], new: [Unicode.Scalar]) -> [Change] {
        var result: [Change] = []
        result.reserveCapacity(changes.count)
        for (index, original) in changes.enumerated() {
            var change = original
            let rewrites = change.oldEnd > change.oldStart && change.newEnd > change.newStart
            let floor = result.last.map { $0.oldEnd + 1 } ?? 0
            let ceiling = index + 1 < changes.count ? changes[index + 1].oldStart - 1 : old.count
            if rewrites, change.oldStart - 1 >= floor, change.newStart >= 1, isSpace(old[change.oldStart - 1]),
               old[change.oldStart - 1] == new[change.newStart - 1], !isSpace(new[change.newStart]) {
                change = Change(oldStart: change.oldStart - 1, oldEnd: change.oldEnd, newStart: change.newStart - 1, newEnd: change.newEnd)
            } else if rewrites, change.oldStart == 0, change.oldEnd < ceiling, change.newEnd < new.count, isSpace(old[change.oldEnd]),
                      old[change.oldEnd] == new[change.newEnd], !isSpace(new[change.newEnd - 1]) {
                // At the very start of the text, the space after it goes with it instead.
                change = Change(oldStart: change.oldStart, oldEnd: change.oldEnd + 1, newStart: change.newStart, newEnd: change.newEnd + 1)
            }
            result.append(change)
        }
        return result
    }

    /// A space (the no-break ones too) or a tab; not a line break.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{A0}" || scalar == "\u{202F}"
    }

    // MARK: Sliding

    /// Moves each pure insertion or deletion that cuts a word to the equivalent place (same
    /// result, same size) where it cuts the fewest, within the unchanged text around it and
    /// at most ``maximumSlide`` scalars away; ties go to the leftmost place.
    static func slidToBoundaries(_ changes: [Change], old: [Unicode.Scalar], new: [Unicode.Scalar]) -> [Change] {
        var result = changes
        for k in result.indices where result[k].isInsertion != result[k].isDeletion {
            var change = result[k]
            var best = cleanEnds(change, old: old, new: new)
            guard best < 4 else { continue }
            let lower = k > 0 ? result[k - 1].oldEnd : 0
            let upper = k + 1 < result.count ? result[k + 1].oldStart : old.count
            var steps = 0
            while steps < maximumSlide, change.oldStart > lower, canShiftLeft(change, old: old, new: new) {
                change = change.shifted(by: -1)
                steps += 1
            }
            var candidate = change
            best = cleanEnds(candidate, old: old, new: new)
            steps = 0
            while best < 4, steps < 2 * maximumSlide, change.oldEnd < upper, canShiftRight(change, old: old, new: new) {
                change = change.shifted(by: 1)
                steps += 1
                let score = cleanEnds(change, old: old, new: new)
                if score > best {
                    best = score
                    candidate = change
                }
            }
            result[k] = candidate
        }
        return result
    }

    /// How many of the change's four ends (start and end, in the old and the new text) lie on
    /// a boundary: 4 when the change cuts no word and no character.
    static func cleanEnds(_ change: Change, old: [Unicode.Scalar], new: [Unicode.Scalar]) -> Int {
        var count = 0
        if TextBoundaries.isBoundary(old, change.oldStart) { count += 1 }
        if TextBoundaries.isBoundary(old, change.oldEnd) { count += 1 }
        if TextBoundaries.isBoundary(new, change.newStart) { count += 1 }
        if TextBoundaries.isBoundary(new, change.newEnd) { count += 1 }
        return count
    }

    /// Whether a pure change can move one scalar left with the same result: the scalar before
    /// it equals its last scalar.
    static func canShiftLeft(_ change: Change, old: [Unicode.Scalar], new: [Unicode.Scalar]) -> Bool {
        guard change.oldStart > 0, change.newStart > 0 else { return false }
        if change.isInsertion {
            return new[change.newStart - 1] == new[change.newEnd - 1]
        }
        return old[change.oldStart - 1] == old[change.oldEnd - 1]
    }

    /// Whether a pure change can move one scalar right with the same result: the scalar after
    /// it equals its first scalar.
    static func canShiftRight(_ change: Change, old: [Unicode.Scalar], new: [Unicode.Scalar]) -> Bool {
        guard change.oldEnd < old.count, change.newEnd < new.count else { return false }
        if change.isInsertion {
            return new[change.newStart] == new[change.newEnd]
        }
        return old[change.oldStart] == old[change.oldEnd]
    }

    // MARK: Widening

    /// Grows every change until both its ends lie on boundaries in both texts (so it deletes
    /// and inserts whole words), absorbing the changes it reaches.
    static func widenedToBoundaries(_ changes: [Change], old: [Unicode.Scalar], new: [Unicode.Scalar]) -> [Change] {
        var result: [Change] = []
        result.reserveCapacity(changes.count)
        var next = 0
        while next < changes.count {
            var change = changes[next]
            next += 1
            while true {
                if let last = result.last, last.oldEnd >= change.oldStart {
                    change = last.merged(with: change)
                    result.removeLast()
                } else if change.oldStart > 0, change.newStart > 0,
                          !TextBoundaries.isBoundary(old, change.oldStart) || !TextBoundaries.isBoundary(new, change.newStart) {
                    change.oldStart -= 1
                    change.newStart -= 1
                } else {
                    break
                }
            }
            while true {
                if next < changes.count, changes[next].oldStart <= change.oldEnd {
                    change = change.merged(with: changes[next])
                    next += 1
                } else if change.oldEnd < old.count, change.newEnd < new.count,
                          !TextBoundaries.isBoundary(old, change.oldEnd) || !TextBoundaries.isBoundary(new, change.newEnd) {
                    change.oldEnd += 1
                    change.newEnd += 1
                } else {
                    break
                }
            }
            result.append(change)
        }
        return result
    }

    // MARK: Joining

    /// Joins consecutive changes separated only by separators on one line (no word scalar, no
    /// line break), unless both are pure insertions: the separators between two changed words
    /// belong to the edit.
    static func joinedAcrossSeparators(_ changes: [Change], old: [Unicode.Scalar]) -> [Change] {
        var result: [Change] = []
        result.reserveCapacity(changes.count)
        for change in changes {
            if let last = result.last, !(last.isInsertion && change.isInsertion),
               isSeparatorRun(old, from: last.oldEnd, to: change.oldStart) {
                result[result.count - 1] = last.merged(with: change)
            } else {
                result.append(change)
            }
        }
        return result
    }

    /// Whether `text[start ..< end]` holds no word scalar and no line break.
    static func isSeparatorRun(_ text: [Unicode.Scalar], from start: Int, to end: Int) -> Bool {
        guard start >= 0, start <= end, end <= text.count else { return false }
        for scalar in text[start ..< end] {
            if TextBoundaries.isWordScalar(scalar) || isLineBreak(scalar) { return false }
        }
        return true
    }

    /// Line feed, carriage return, next line, line and paragraph separators.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
