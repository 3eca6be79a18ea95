import EntenteCore
import EntenteStore

extension Replica {
    /// Signs a change on top of this replica's state without the local authority check, and
    /// merges it into this replica: what a crafted peer does (tests only). `extra` operations
    /// follow the built ones as they are, unchecked.
    @discardableResult
    public func craftForTesting(extra: [ChangeOperation] = [], _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        let place = try self.nextPlace()
        var builder = ChangeBuilder(author: self.author)
        try build(&builder)
        let change = Change(
            collective: self.collective, author: self.author, seq: place.seq, heads: place.heads,
            timestamp: HybridTimestamp(wallMillis: self.now(), counter: 0), message: "", operations: builder.operations + extra)
        let signed = try SignedChange(signing: change, with: self.identity)
        try self.receive([signed])
        return signed
    }
}
