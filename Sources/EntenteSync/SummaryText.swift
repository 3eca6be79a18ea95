import EntenteCore

/// What a replica holds (``HistorySummary``) as text, one entry per tip:
/// `AUTHORHEX:SEQ:CHANGEHEX,…` (64 hex digits, a decimal number, 64 hex digits), as
/// `entente bundle export --print-vector` prints it and relay folders remember it.
public enum SummaryText {
    public static func render(_ summary: HistorySummary) -> String {
        summary.tips.map { "\(Hex.encode($0.author)):\($0.seq):\(Hex.encode($0.head))" }.joined(separator: ",")
    }

    /// The summary `text` gives, or nil when an entry is not one.
    public static func parse(_ text: String) -> HistorySummary? {
        try? self.parsing(text)
    }

    /// The summary `text` gives.
    /// - Throws: ``InvalidEntry`` naming the first entry that is not one.
    public static func parsing(_ text: String) throws -> HistorySummary {
        var tips: [HistorySummary.Tip] = []
        for part in text.split(separator: ",") where !part.isEmpty {
            let pieces = part.split(separator: ":")
            guard pieces.count == 3, let key = AuthorKey(hex: String(pieces[0])), let seq = UInt64(pieces[1]), let id = ChangeID(hex: String(pieces[2])) else {
                throw InvalidEntry(entry: String(part))
            }
            tips.append(HistorySummary.Tip(author: key.bytes, seq: seq, head: id.bytes))
        }
        return HistorySummary(tips)
    }

    public struct InvalidEntry: Error {
        public var entry: String
    }
}
