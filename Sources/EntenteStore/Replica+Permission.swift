import EntenteCore
import Foundation
import GRDB

extension Replica {
    /// For each operation of the change `build` makes, whether the authority rules would let
    /// it take effect (`Protocol/VISION.md`, "Authority"), judged on this replica as it is, as
    /// if the change were committed now: nothing is signed into the log or written. Front ends
    /// use it to offer only what the core would accept, by the very rules that judge changes;
    /// one change can carry every candidate of a page, since operations on records the change
    /// does not create are judged one by one.
    public func permittedOperations(_ build: (inout ChangeBuilder) throws -> Void) throws -> [Bool] {
        let now = self.now()
        return try Self.wrap("checking what this member may do") {
            try self.pool.read { db in
                let storage = SQLiteStorage(db, textCache: TextCache())
                var count = 0
                let refusals = try Merge.refusals(collective: self.collective, identity: self.identity, now: now, in: storage) { change in
                    try build(&change)
                    count = change.operations.count
                }
                let refused = Set(refusals.map(\.operation))
                return (0..<count).map { !refused.contains($0) }
            }
        }
    }
}
