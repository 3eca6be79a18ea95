import EntenteCore
import EntenteStore

extension Replica {
    /// Each author's latest applied change (`seq` and id): what a sync checks a peer's
    /// changes against (chain continuity, `Protocol/SYNC.md`, "Verifying changes").
    /// Built from the public log, one short query per author.
    func heads() throws -> [AuthorKey: (seq: UInt64, id: ChangeID)] {
        var heads: [AuthorKey: (seq: UInt64, id: ChangeID)] = [:]
        for (author, seq) in try self.versionVector() {
            guard let last = try self.log(author: author, limit: 1).last, last.seq == seq else {
                throw SyncFailure.replica(StoreError.notAReplica(
                    path: self.folder.database.path, reason: "the log and the version vector disagree for author \(author.short); run `entente audit`"))
            }
            heads[author] = (seq, last.id)
        }
        return heads
    }
}
