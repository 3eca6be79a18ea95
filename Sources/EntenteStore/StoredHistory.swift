import EntenteCore

/// How `changes.heads` and `changes.past` hold a change's place in the history
/// (`Protocol/STORE.md`): unsigned LEB128 numbers.
///
/// - `heads`: the count, then each head's log position, ascending, as the difference from the
///   previous one (the first from 0).
/// - `past`: the floor, the count of unseen intervals, then each interval as (start − end of
///   the previous interval, or 0 for the first) and (length − 1).
enum StoredHistory {
    static func encodeHeads(_ positions: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        self.write(positions.count, into: &bytes)
        var previous = 0
        for position in positions.sorted() {
            self.write(position - previous, into: &bytes)
            previous = position
        }
        return bytes
    }

    static func decodeHeads(_ bytes: [UInt8], _ column: String) throws -> [Int] {
        var reader = Reader(bytes: bytes, column: column)
        let count = try reader.next()
        guard count <= ChangeLimits.maximumHeads else { throw StoredValue.damaged(column, holds: "\(count) heads") }
        var positions: [Int] = []
        var previous = 0
        for _ in 0..<count {
            let (next, overflow) = previous.addingReportingOverflow(try reader.next())
            guard !overflow, next >= 1 else { throw StoredValue.damaged(column, holds: "a position out of range") }
            positions.append(next)
            previous = next
        }
        try reader.end()
        return positions
    }

    static func encodePast(_ past: PastSummary) -> [UInt8] {
        var bytes: [UInt8] = []
        self.write(past.floor, into: &bytes)
        self.write(past.unseen.count, into: &bytes)
        var end = 0
        for interval in past.unseen {
            self.write(interval.lowerBound - end, into: &bytes)
            self.write(interval.upperBound - interval.lowerBound, into: &bytes)
            end = interval.upperBound
        }
        return bytes
    }

    static func decodePast(_ bytes: [UInt8], _ column: String) throws -> PastSummary {
        var reader = Reader(bytes: bytes, column: column)
        let floor = try reader.next()
        let count = try reader.next()
        guard count <= PastSummary.maximumIntervals else { throw StoredValue.damaged(column, holds: "\(count) intervals") }
        var unseen: [ClosedRange<Int>] = []
        var end = 0
        for _ in 0..<count {
            let (start, overflow) = end.addingReportingOverflow(try reader.next())
            let (upper, overflow2) = start.addingReportingOverflow(try reader.next())
            guard !overflow, !overflow2, start >= 1, start > end || unseen.isEmpty, upper <= floor else {
                throw StoredValue.damaged(column, holds: "an interval out of range")
            }
            unseen.append(start...upper)
            end = upper
        }
        try reader.end()
        return PastSummary(floor: floor, unseen: unseen)
    }

    private static func write(_ value: Int, into bytes: inout [UInt8]) {
        var rest = UInt64(clamping: max(0, value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private struct Reader {
        let bytes: [UInt8]
        let column: String
        var offset = 0

        mutating func next() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard self.offset < self.bytes.count, shift < 63 else { throw StoredValue.damaged(self.column, holds: "a truncated number") }
                let byte = self.bytes[self.offset]
                self.offset += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            guard let result = Int(exactly: value), result <= Int(Int32.max) * 1024 else {
                throw StoredValue.damaged(self.column, holds: "a number out of range")
            }
            return result
        }

        func end() throws {
            guard self.offset == self.bytes.count else { throw StoredValue.damaged(self.column, holds: "trailing bytes") }
        }
    }
}
