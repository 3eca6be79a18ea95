import EntenteCore

/// A version vector as sent in a `vector` message (`Protocol/SYNC.md` section 4): each author
/// is named by the first `prefixLength` (8) bytes of its key, which saves 24 bytes per author
/// each way and is enough to tell a collective's authors apart.
///
/// The vector only decides which changes to *send*, so an ambiguous prefix errs towards
/// sending more: a sender naming two authors with one prefix gives the smaller `seq`, and a
/// receiver whose own authors share a prefix assumes the peer has none of their changes.
/// Duplicates are harmless; nothing can be missed.
public struct SyncVector: Equatable, Sendable {
    public static let prefixLength = 8

    /// `seq` by author-key prefix.
    public private(set) var entries: [[UInt8]: UInt64]

    public init(entries: [[UInt8]: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    /// The wire form of `vector`.
    public init(_ vector: VersionVector) {
        var entries: [[UInt8]: UInt64] = [:]
        for (author, seq) in vector {
            let prefix = Self.prefix(of: author)
            entries[prefix] = min(entries[prefix] ?? seq, seq)
        }
        self.entries = entries
    }

    public static func prefix(of author: AuthorKey) -> [UInt8] {
        Array(author.bytes.prefix(Self.prefixLength))
    }

    /// The peer's vector in terms of `authors` (the receiver's own authors).
    public func resolve<S: Sequence>(for authors: S) -> VersionVector where S.Element == AuthorKey {
        var byPrefix: [[UInt8]: [AuthorKey]] = [:]
        for author in authors { byPrefix[Self.prefix(of: author), default: []].append(author) }
        var vector = VersionVector()
        for (prefix, seq) in self.entries {
            guard let matches = byPrefix[prefix], matches.count == 1, let author = matches.first else { continue }
            vector[author] = seq
        }
        return vector
    }

    /// Entries in canonical order (ascending prefix bytes).
    public var sorted: [(prefix: [UInt8], seq: UInt64)] {
        self.entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (prefix: $0.key, seq: $0.value) }
    }

    public var count: Int { self.entries.count }
}
