import EntenteCore
import EntenteNet
import EntenteStore
import Foundation
import Logging

/// What `entente recover` did (Protocol/SYNC.md §12, "Recovering a fork").
public struct RecoveryReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The peer's history holds every change this device signed: nothing to re-sign
        /// (the changes of this key that the peer lacked, if any, were sent to it).
        case intact
        /// The device's unaccepted work was re-signed under a fresh key linked to its member.
        case recovered
    }

    public var outcome: Outcome
    /// Changes of this device's key that the peer's accepted history lacks.
    public var unaccepted = 0
    /// Changes the fresh key signed to carry them.
    public var resigned = 0
    /// Operations the core refused when re-signed (they had no effect).
    public var refused: [OperationRefusal] = []
    /// The fresh key (when recovered).
    public var newKey: AuthorKey?
    /// Where the forked copy is kept (when recovered).
    public var keptAt: String?
}

/// Rebuilds a replica whose device key forked (a backup restored, a copied folder used beside
/// the original) on the history a peer accepted, and re-signs the device's own work that the
/// peer lacks under a fresh device key of the same member, so it reaches everybody.
///
/// Steps, each resumable (the scratch replica and the fresh keys are kept in `.recovery/`):
/// 1. a scratch replica with this device's keys and an empty log syncs with the peer: it
///    receives the peer's whole history, this device's key included as the peer holds it;
/// 2. this replica's other changes are merged into it (this device's second history becomes
///    fork evidence there); the device's changes the scratch lacks are the unaccepted ones;
/// 3. with none, the replica was intact: it syncs normally and signs again;
/// 4. else the old key, on top of the accepted history, links the fresh key as a device of
///    its member (VISION.md rule 4, "linking a device of one's own"), sent to the peer;
/// 5. the fresh key signs the unaccepted operations again (`ResignedWork`), sent to the peer;
/// 6. the scratch takes the replica's place; the forked copy is kept in `forked-STAMP/`.
public enum ForkRecovery {
    /// Where a run can be interrupted for good (the tests stop it there, as a crash would).
    enum Step { case linked, switched, resigned }

    public static func recover(
        _ replica: Replica, with endpoint: TCPEndpoint,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout, logger: Logger = .quiet("entente.sync"), now: Date = Date()
    ) throws -> RecoveryReport {
        try self.recover(replica, with: endpoint, idleTimeout: idleTimeout, logger: logger, now: now, interrupt: { _ in })
    }

    static func recover(
        _ replica: Replica, with endpoint: TCPEndpoint,
        idleTimeout: TimeInterval, logger: Logger, now: Date, interrupt: (Step) throws -> Void
    ) throws -> RecoveryReport {
        let original = replica.author
        guard let member = try replica.directory().member(for: original) else {
            throw SyncFailure.replica(StoreError.notAReplica(path: replica.folder.url.path, reason: "this device is not a member's device in its own replica; nothing to recover"))
        }
        var scratch = try RecoveryScratch.open(for: replica)
        if !scratch.switched {
            // Empty at first, the scratch cannot check the peer's membership (SYNC.md §12).
            let empty = try scratch.replica.changeCount() == 0
            _ = try SyncClient.sync(replica: scratch.replica, with: endpoint, idleTimeout: idleTimeout, logger: logger, progress: nil, trustingTheSecret: empty)
        }
        let unaccepted = try self.unaccepted(of: original, in: replica, accepted: scratch.replica)
        var report = RecoveryReport(outcome: .intact, unaccepted: unaccepted.count)
        guard !unaccepted.isEmpty else {
            try? scratch.replica.close()
            try? FileManager.default.removeItem(at: scratch.replica.folder.url)
            // The peer's history is this device's: the other copy's changes are what it refused.
            try replica.settleOwnFork()
            _ = try SyncClient.sync(replica: replica, with: endpoint, idleTimeout: idleTimeout, logger: logger)
            return report
        }
        if !scratch.switched {
            // Linked before anything of this replica enters the scratch: its second history
            // would be fork evidence there, and the scratch would refuse to sign.
            let linked = try scratch.replica.directory().member(for: scratch.next.author) != nil
            if !linked {
                // The peer may have forwarded its evidence of this device's refused history
                // (SYNC.md §5 step 8): that is the work being recovered, not a reason to stop.
                if try scratch.replica.ownForkAhead() != nil { try scratch.replica.settleOwnFork() }
                let noiseKey = scratch.nextNoiseKey
                let next = scratch.next.author
                try scratch.replica.commit(message: "") { change in
                    Admission.addDevice(key: next, noiseKey: noiseKey, for: member.id, into: &change)
                }
                try interrupt(.linked)
            }
            // The peer must hold the link before the fresh key can connect.
            _ = try SyncClient.sync(replica: scratch.replica, with: endpoint, idleTimeout: idleTimeout, logger: logger)
            try scratch.switchKeys()
            try interrupt(.switched)
        }
        // This replica's changes the peer lacks (other members' too) go into the scratch; the
        // device's second history becomes fork evidence there.
        try scratch.replica.receive(try replica.changes(notIn: try scratch.replica.versionVector()))
        let work = ResignedWork(sources: unaccepted.map(\.change), from: original, to: scratch.next.author)
        let done = Int(clamping: try scratch.replica.versionVector()[scratch.next.author])
        for chunk in work.chunks.indices where chunk >= done {
            var dropped: Set<ResignedWork.Piece> = []
            while true {
                let built = work.chunk(chunk, firstSeq: 1, dropped: dropped)
                guard !built.operations.isEmpty else { break }
                let note = Self.note(for: work.chunks[chunk].map { work.sources[$0] })
                do {
                    try scratch.replica.commit(message: note) { change in change.replay(built.operations) }
                    report.resigned += 1
                    break
                } catch let error as AuthorityError where built.pieces.indices.contains(error.refusal.operation) {
                    // Refused now (the accepted history moved on): left out, as the core would.
                    dropped.insert(built.pieces[error.refusal.operation])
                    report.refused.append(error.refusal)
                }
            }
        }
        try interrupt(.resigned)
        _ = try SyncClient.sync(replica: scratch.replica, with: endpoint, idleTimeout: idleTimeout, logger: logger)
        try replica.close()
        report.outcome = .recovered
        report.newKey = scratch.next.author
        report.keptAt = try scratch.finish(now: now).path
        return report
    }

    /// `author`'s changes in `replica` from the first `seq` where `accepted` holds another
    /// change of that author, in ascending `seq`; none when the two chains agree wherever both
    /// hold a change (one is only further than the other: an ordinary sync settles it).
    static func unaccepted(of author: AuthorKey, in replica: Replica, accepted: Replica) throws -> [SignedChange] {
        var forked = false
        var result: [SignedChange] = []
        for entry in try replica.log(author: author).sorted(by: { $0.seq < $1.seq }) {
            if !forked {
                guard let other = try accepted.change(author: author, seq: entry.seq)?.id, other != entry.id else { continue }
                forked = true
            }
            if let change = try replica.change(author: author, seq: entry.seq) { result.append(change) }
        }
        return result
    }

    /// The notes their authors typed on the re-signed changes, within the message limit.
    static func note(for sources: [Change]) -> String {
        var note = ""
        for message in sources.map(\.message) where !message.isEmpty {
            let next = note.isEmpty ? message : note + "; " + message
            guard next.utf8.count <= ChangeLimits.maximumMessageBytes else { break }
            note = next
        }
        return note
    }
}
