import EntenteCore
import EntenteStore

extension Replica {
    /// Signs a change on top of this replica's state without the local authority check, and
    /// merges it into this replica: what a crafted peer does (tests only).
    @discardableResult
    public func craftForTesting(_ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        let vector = try self.versionVector()
        let seq = vector[self.author] + 1
        let previous = try self.log(author: self.author, limit: 1).last?.id ?? .none
        var builder = ChangeBuilder(author: self.author, seq: seq)
        try build(&builder)
        let change = Change(
            collective: self.collective, author: self.author, seq: seq, previous: previous,
            timestamp: HybridTimestamp(wallMillis: self.now(), counter: 0), context: vector, message: "", operations: builder.operations)
        let signed = try SignedChange(signing: change, with: self.identity)
        try self.receive([signed])
        return signed
    }
}
