import EntenteCore

/// A version vector as sent in a `vector` message (`Protocol/SYNC.md` section 4): each author
/// is named by the first `prefixLength` (8) bytes of its key, which saves 24 bytes per author
/// each way and is enough to tell a collective's authors apart.
///
/// The vector only decides which changes to *send*, so an ambiguous prefix errs towards
/// sending more: a sender naming two authors with one prefix gives the smaller `seq`, and a
/// receiver whose own authors share a prefix assumes the peer has none of their changes.
/// Duplicates are harmless; nothing can be missed.
///
/// Each entry also names the sender's change at that `seq` by the first 8 bytes of its id
/// (`heads`), so two histories of one author of the same length are told apart (SYNC.md §5,
/// "Forks in the exchange"). A vector from a peer that predates heads (type `0x01`) has none.
public struct SyncVector: Equatable, Sendable {
    public static let prefixLength = 8
    /// Bytes of a change id that name the head of an entry.
    public static let headLength = 8

    /// `seq` by author-key prefix.
    public private(set) var entries: [[UInt8]: UInt64]
    /// The first `headLength` bytes of the id of the sender's change `entries[prefix]`, by
    /// prefix; `nil` for a vector in the format before heads (type `0x01`).
    public private(set) var heads: [[UInt8]: [UInt8]]?

    public init(entries: [[UInt8]: UInt64] = [:], heads: [[UInt8]: [UInt8]]? = nil) {
        self.entries = entries.filter { $0.value > 0 }
        self.heads = heads.map { heads in heads.filter { self.entries[$0.key] != nil } }
    }

    /// The vector of a replica's heads (each author's latest applied change), with heads.
    public init(heads: [AuthorKey: (seq: UInt64, id: ChangeID)]) {
        var chosen: [[UInt8]: (seq: UInt64, id: ChangeID)] = [:]
        for (author, head) in heads where head.seq > 0 {
            let prefix = Self.prefix(of: author)
            // Two authors on one prefix: the smaller seq, and the head of that author (the
            // smaller id on a tie, so the choice does not depend on dictionary order).
            if let other = chosen[prefix], (other.seq, other.id) <= (head.seq, head.id) { continue }
            chosen[prefix] = head
        }
        self.entries = chosen.mapValues(\.seq)
        self.heads = chosen.mapValues { Array($0.id.bytes.prefix(Self.headLength)) }
    }

    /// The wire form of `vector` in the format before heads (type `0x01`).
    public init(_ vector: VersionVector) {
        var entries: [[UInt8]: UInt64] = [:]
        for (author, seq) in vector {
            let prefix = Self.prefix(of: author)
            entries[prefix] = min(entries[prefix] ?? seq, seq)
        }
        self.entries = entries
        self.heads = nil
    }

    /// The same entries without heads (what is sent to a peer that predates them).
    public var withoutHeads: SyncVector { SyncVector(entries: self.entries) }

    public static func prefix(of author: AuthorKey) -> [UInt8] {
        Array(author.bytes.prefix(Self.prefixLength))
    }

    /// The peer's vector in terms of `authors` (the receiver's own authors).
    public func resolve<S: Sequence>(for authors: S) -> VersionVector where S.Element == AuthorKey {
        var vector = VersionVector()
        for (author, entry) in self.resolveEntries(for: authors) {
            vector[author] = entry.seq
        }
        return vector
    }

    /// What the peer says of each of `authors`: its `seq` and head bytes, for the authors it
    /// names unambiguously (one of `authors` on the prefix). Authors it does not name are
    /// absent; so are authors whose prefix two of `authors` share.
    public func resolveEntries<S: Sequence>(for authors: S) -> [AuthorKey: (seq: UInt64, head: [UInt8]?)] where S.Element == AuthorKey {
        var byPrefix: [[UInt8]: [AuthorKey]] = [:]
        for author in authors { byPrefix[Self.prefix(of: author), default: []].append(author) }
        var result: [AuthorKey: (seq: UInt64, head: [UInt8]?)] = [:]
        for (prefix, seq) in self.entries {
            guard let matches = byPrefix[prefix], matches.count == 1, let author = matches.first else { continue }
            result[author] = (seq, self.heads?[prefix])
        }
        return result
    }

    /// Entries in canonical order (ascending prefix bytes).
    public var sorted: [(prefix: [UInt8], seq: UInt64)] {
        self.entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (prefix: $0.key, seq: $0.value) }
    }

    public var count: Int { self.entries.count }
}
