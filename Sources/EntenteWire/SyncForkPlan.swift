import EntenteCore

/// What a sender adds to its stream so that no fork hides (`Protocol/SYNC.md` §5, "Forks in
/// the exchange"). Pure: computed from the peer's vector, the sender's heads and the fork
/// evidence it keeps.
///
/// - **Probes.** Where the peer's entry names a `seq` the sender holds and the head bytes
///   differ from the sender's change there, the two hold different changes of one author at
///   one place: the sender sends its change first (the peer keeps it as evidence), whatever
///   the lengths of the two histories.
/// - **Forwarding.** Each fork the sender keeps evidence of (the first change of each second
///   history, a *root*) goes after the stream, when the peer is sure to hold a change at that
///   place or just before it once the stream is stored: so the peer keeps it as evidence and
///   never applies it or waits for it. Where the peer holds a change at the fork's place, the
///   sender's own change there (the kept side) is sent too, so a peer that follows the second
///   history learns of the first.
///
/// Every change added has a `seq` at or below what the peer will hold for its author, or
/// continues the sender's chain with another `previous`: a receiver needs no new rule (§6).
public struct SyncForkPlan: Equatable, Sendable {
    /// A place in an author's chain.
    public struct Place: Hashable, Sendable {
        public var author: AuthorKey
        public var seq: UInt64

        public init(author: AuthorKey, seq: UInt64) {
            self.author = author
            self.seq = seq
        }
    }

    /// The sender's changes to send before the stream: probes, then the kept sides of
    /// forwarded forks, without repeats.
    public var first: [Place] = []
    /// The evidence to send after the stream (roots, by author then `seq`).
    public var forwarded: [SignedChange] = []

    public init(first: [Place] = [], forwarded: [SignedChange] = []) {
        self.first = first
        self.forwarded = forwarded
    }

    /// - Parameters:
    ///   - peer: the peer's vector (heads are `nil` for a peer that predates them: no probes,
    ///     and only forks at places the peer already holds are forwarded).
    ///   - heads: the sender's heads (each author's latest applied change).
    ///   - id: the id of the sender's applied change of `author` at `seq`, if any.
    ///   - peerAuthor: the peer's own device key, when known: a root it signed goes only to a
    ///     place it already holds (beyond its head, it would stop the copy the others follow
    ///     from signing; STORE.md "Own changes elsewhere").
    ///   - evidence: the fork evidence the sender keeps.
    public static func plan(
        peer: SyncVector, peerAuthor: AuthorKey? = nil, heads: [AuthorKey: (seq: UInt64, id: ChangeID)],
        evidence: [ForkEvidence], limit: Int = SyncLimits.maximumForwardedForks,
        id: (AuthorKey, UInt64) throws -> ChangeID?
    ) rethrows -> SyncForkPlan {
        let authors = Set(heads.keys).union(evidence.map(\.author))
        var onPrefix: [[UInt8]: Int] = [:]
        for author in authors { onPrefix[SyncVector.prefix(of: author), default: 0] += 1 }
        // Authors the sender cannot tell apart by prefix: what the peer says of them is unknown.
        let ambiguous = Set(authors.filter { (onPrefix[SyncVector.prefix(of: $0)] ?? 0) > 1 })
        let said = peer.resolveEntries(for: authors)

        func ourID(_ author: AuthorKey, _ seq: UInt64) throws -> ChangeID? {
            guard let head = heads[author], seq >= 1, seq <= head.seq else { return nil }
            return seq == head.seq ? head.id : try id(author, seq)
        }
        func sameHead(_ id: ChangeID?, _ bytes: [UInt8]?) -> Bool {
            guard let id, let bytes else { return false }
            return Array(id.bytes.prefix(SyncVector.headLength)) == bytes
        }

        var plan = SyncForkPlan()
        var placed = Set<Place>()
        func sendFirst(_ place: Place) {
            if placed.insert(place).inserted { plan.first.append(place) }
        }

        // Probes, by author key so the plan does not depend on dictionary order.
        for author in said.keys.sorted() where !ambiguous.contains(author) {
            guard let entry = said[author], let head = entry.head else { continue }
            if let ours = try ourID(author, entry.seq), !sameHead(ours, head) {
                sendFirst(Place(author: author, seq: entry.seq))
            }
        }

        // Forwarding: the roots of the second histories.
        let rejected = Set(evidence.map(\.rejected.id))
        let roots = evidence
            .filter { !rejected.contains($0.rejected.change.previous) }
            .sorted { ($0.author, $0.rejected.change.seq, $0.rejected.id) < ($1.author, $1.rejected.change.seq, $1.rejected.id) }
        var forwarded = 0
        for root in roots where !ambiguous.contains(root.author) {
            guard forwarded < max(0, limit) else { break }
            let author = root.author
            let place = root.rejected.change.seq
            let peerSeq = said[author]?.seq ?? 0
            let ourSeq = heads[author]?.seq ?? 0
            // The peer holds the sender's chain up to `peerSeq` (nothing, or the same head),
            // so once the stream is stored it holds the sender's chain up to `ourSeq`.
            let atPeerSeq = try ourID(author, peerSeq)
            let follows = peerSeq == 0 || (peerSeq <= ourSeq && sameHead(atPeerSeq, said[author]?.head))
            guard place <= peerSeq || (follows && place <= ourSeq + 1 && author != peerAuthor) else { continue }
            plan.forwarded.append(root.rejected)
            forwarded += 1
            // The kept side: the sender's change at the root's place, or just before it when the
            // root continues past the sender's head; sent where the peer already holds that place.
            let kept = place <= ourSeq ? place : place - 1
            if kept >= 1, kept <= peerSeq, kept <= ourSeq {
                sendFirst(Place(author: author, seq: kept))
            }
        }
        return plan
    }
}
