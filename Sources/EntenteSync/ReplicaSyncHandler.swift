import EntenteCore
import EntenteLocking
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Answers a `SyncSession`'s events from a `Replica`: who may sync, which changes to send,
/// and verifying then storing what arrives (`Protocol/SYNC.md`, "Verifying changes").
final class ReplicaSyncHandler {
    enum Mode {
        /// A member syncing: the peer must be a current member.
        case member
        /// A newcomer joining with an invite: its replica is empty, so it cannot check the
        /// responder's membership; the collective secret authenticates the responder.
        case joining
    }

    let replica: Replica
    let mode: Mode
    let invites: InviteStore?
    /// Serialises check-then-store across the sessions of one process.
    let storeLock: Lock
    let logger: Logger
    let progress: ((SyncProgress) -> Void)?

    private(set) var peerName = "unknown peer"
    /// Responder: the open invites, in the order of the session's `invitePSKs`.
    var openInvites: [InviteStore.Entry] = []
    /// Joining: whether the inviter handed over the collective secret.
    private(set) var welcomed = false
    /// Responder: whether a session slot is free for this authenticated peer.
    var mayStart: () -> Bool = { true }
    /// The peer's device key once it authenticated.
    private(set) var peerAuthor: AuthorKey?
    private(set) var applied = 0
    private(set) var ourRefusal: SyncRefusal?
    /// This side's replica failed (a full disk, a damaged file): what the person here is told,
    /// rather than the refusal the peer is sent.
    private(set) var localFailure: Error?
    private var received = 0
    private var toSend = 0

    init(replica: Replica, mode: Mode, invites: InviteStore?, storeLock: Lock, logger: Logger, progress: ((SyncProgress) -> Void)?) {
        self.replica = replica
        self.mode = mode
        self.invites = invites
        self.storeLock = storeLock
        self.logger = logger
        self.progress = progress
    }

    func handle(_ event: SyncEvent, in session: inout SyncSession) -> [SyncEvent] {
        do {
            switch event {
            case .peerAuthenticated(let hello):
                guard self.mayStart() else {
                    let refusal = SyncRefusal(.busy, "this server is busy with other members' syncs; try again in a moment")
                    self.ourRefusal = refusal
                    return session.refusePeer(refusal)
                }
                if let refusal = try self.admission(of: hello) {
                    self.ourRefusal = refusal
                    return session.refusePeer(refusal)
                }
                // A newcomer admitted with an invite receives the collective secret, inside
                // the session (SYNC.md §7): the invite code never carries it.
                // The current secret: a newcomer never needs the ones it replaced.
                let welcome: [UInt8]? = if case .join = hello.payload { try self.replica.secretChain().current } else { nil }
                return session.admitPeer(summary: try self.replica.summary(), welcome: welcome)
            case .welcomed(let secret):
                guard case .joining = self.mode else { return [] }
                try self.replica.adoptCollectiveSecret(secret)
                self.welcomed = true
                return []
            case .changesNeeded(let summary):
                let changes = try self.replica.encodedChanges(missingFrom: summary)
                self.toSend = changes.count
                return session.provideChanges(encoded: changes)
            case .changesReceived(let changes, let last):
                if let refusal = try self.store(changes) {
                    self.ourRefusal = refusal
                    return session.refuseChanges(refusal)
                }
                self.received += changes.count
                self.progress?(SyncProgress(peer: self.peerName, received: self.received, applied: self.applied, finishedReceiving: last, sent: self.sent, toSend: self.toSend))
                return session.acknowledge()
            case .finished:
                if case .joining = self.mode, let author = self.peerAuthor,
                   let member = try self.replica.directory().member(for: author) {
                    self.peerName = member.name
                }
                return []
            case .closedByPeer, .failed:
                return []
            }
        } catch {
            self.logger.error("replica failure during sync with \(self.peerName): \(error)")
            let refusal = SyncRefusal(.internalError, "the peer's replica failed; try again later")
            self.ourRefusal = refusal
            self.localFailure = error
            return session.abort(refusal)
        }
    }

    // MARK: - Admission

    /// `nil` when the peer may sync, else the refusal to send it.
    private func admission(of hello: PeerHello) throws -> SyncRefusal? {
        self.peerAuthor = hello.payload.author
        switch hello.payload {
        case .member(let author, _):
            if case .joining = self.mode {
                self.peerName = "key " + author.short
                return nil
            }
            return try self.memberAdmission(author: author, staticKey: hello.staticKey)
        case .join(let request):
            return try self.joinAdmission(request, staticKey: hello.staticKey, invite: hello.invite)
        }
    }

    private func memberAdmission(author: AuthorKey, staticKey: [UInt8]) throws -> SyncRefusal? {
        let directory = try self.replica.directory(today: UTCTime.today())
        guard let member = directory.member(for: author) else {
            return SyncRefusal(.notAMember, "key \(author.short) (fingerprint \(author.fingerprint)) is not a member of this collective")
        }
        self.peerName = member.name
        guard directory.member(for: author, noiseKey: staticKey) != nil else {
            return SyncRefusal(.notAMember, "\(self.peerName)'s device record lists another channel key than the one this connection used")
        }
        guard !member.isRevoked(author) else {
            return SyncRefusal(.revokedDevice, "\(self.peerName)'s device \(author.fingerprint) was revoked")
        }
        guard member.isActive else {
            return SyncRefusal(.archivedMember, "\(self.peerName) has left the collective or is archived")
        }
        return nil
    }

    private func joinAdmission(_ request: HandshakePayload.JoinRequest, staticKey: [UInt8], invite: Int?) throws -> SyncRefusal? {
        self.peerName = request.name
        guard let invites = self.invites else {
            return SyncRefusal(.inviteRefused, "this peer does not accept invites; ask the member who invited you to run `entente serve`")
        }
        // The invite whose key the handshake used must be the one the token names.
        guard let invite, self.openInvites.indices.contains(invite), self.openInvites[invite].tokenHash == InviteStore.hash(request.token) else {
            return SyncRefusal(.inviteRefused, "the join request's token does not belong to the invite key it used; ask for a new code")
        }
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return SyncRefusal(.inviteRefused, "the proposed member name is empty") }
        // Names are unique among members (VISION.md `member`): a name another member has is
        // refused before the invite is used, so the newcomer can join again under another.
        if self.openInvites[invite].member == nil, let other = try self.namesake(of: name, author: request.author, staticKey: staticKey) {
            return SyncRefusal(.inviteRefused, "a member named '\(other)' is already in the collective; join again with a name that tells you apart, for example --name \"\(name) 2\"")
        }
        let entry: InviteStore.Entry
        do {
            entry = try invites.redeem(token: request.token, by: name, key: request.author)
        } catch let error as InviteStoreError {
            return SyncRefusal(.inviteRefused, error.description)
        }
        return try self.storeLock.withLock { try self.admit(request, name: name, staticKey: staticKey, entry: entry) }
    }

    /// Admits the bearer of a redeemed invite (the store lock held).
    private func admit(_ request: HandshakePayload.JoinRequest, name: String, staticKey: [UInt8], entry: InviteStore.Entry) throws -> SyncRefusal? {
        let directory = try self.replica.directory(today: UTCTime.today())
        if directory.member(for: request.author, noiseKey: staticKey)?.isActive == true { return nil }
        // An invite made for a member recorded before they had a replica: they claim it.
        let claimed = entry.member.flatMap(Hex.decode).flatMap(RecordID.init(validating:)).flatMap { id in
            directory.members.first { $0.id == id && $0.liveDevices.isEmpty && !$0.isArchived }
        }
        do {
            try self.replica.commit(message: "") { change in
                if let claimed {
                    Admission.addDevice(key: request.author, noiseKey: staticKey, for: claimed.id, into: &change)
                } else {
                    Admission.admit(name: name, key: request.author, noiseKey: staticKey, into: &change)
                }
            }
        } catch let refusal as AuthorityError {
            return SyncRefusal(.inviteRefused, "the inviter cannot admit you: \(refusal)")
        }
        if let claimed { self.peerName = claimed.name }
        self.logger.info("admitted \(name) (key \(request.author.short)) with an invite")
        return nil
    }

    /// The name of another member that `name` matches the way people type it, unless this
    /// device already speaks for a member (a join resumed).
    private func namesake(of name: String, author: AuthorKey, staticKey: [UInt8]) throws -> String? {
        try self.storeLock.withLock {
            let directory = try self.replica.directory(today: UTCTime.today())
            guard directory.member(for: author, noiseKey: staticKey) == nil else { return nil }
            return directory.members.first { NameMatching.same($0.name, name) }?.name
        }
    }

    // MARK: - Storing

    /// Verifies and stores the batch (signatures, collective; the merge decides the rest).
    /// Returns the refusal for a change no replica may store (SYNC.md §6), if any: the
    /// batch's other changes are kept.
    private func store(_ changes: [SignedChange]) throws -> SyncRefusal? {
        try self.storeLock.withLock { try self.storeLocked(changes) }
    }

    /// ``store(_:)`` with the store lock held.
    private func storeLocked(_ changes: [SignedChange]) throws -> SyncRefusal? {
        if let foreign = changes.firstIndex(where: { $0.change.collective != self.replica.collective }) {
            let change = changes[foreign]
            let valid = Array(changes.prefix(foreign))
            if !valid.isEmpty { self.applied += try self.replica.receive(valid).applied.count }
            return SyncRefusal(.invalidChange, "change \(change.id.short) (author \(change.author.short), #\(change.seq)) belongs to another collective (\(change.change.collective.short))")
        }
        let report: Merge.Report
        do {
            report = try self.replica.receive(changes)
        } catch StoreError.invalidChange(let error) {
            // A forged signature: store the changes before it, as for any invalid change.
            if case .badSignature(let id, _) = error, let bad = changes.firstIndex(where: { $0.id == id }), bad > 0 {
                let report = try self.replica.receive(Array(changes.prefix(bad)))
                self.applied += report.applied.count
            }
            return SyncRefusal(.invalidChange, "\(error)")
        } catch let error as MergeError {
            return SyncRefusal(.invalidChange, "\(error)")
        }
        self.applied += report.applied.count
        if let id = report.strangers.first, let change = changes.first(where: { $0.id == id }) {
            return SyncRefusal(.invalidChange, "change \(id.short) (author \(change.author.short), #\(change.seq)) is by a key that no member admitted to the collective")
        }
        if let id = report.misnumbered.first, let change = changes.first(where: { $0.id == id }) {
            return SyncRefusal(.invalidChange, "change \(id.short) (author \(change.author.short)) is numbered #\(change.seq), not one more than its author's latest change among its heads")
        }
        return nil
    }

    // MARK: - Sending

    private var sent = 0

    /// Reports sending progress once more changes are on their way (called by the driver).
    func didSend(totalSent: Int) {
        guard totalSent > self.sent else { return }
        self.sent = totalSent
        self.progress?(SyncProgress(peer: self.peerName, received: self.received, applied: self.applied, finishedReceiving: false, sent: totalSent, toSend: self.toSend))
    }
}

/// Progress of a long transfer, reported after each received batch.
public struct SyncProgress: Sendable {
    public var peer: String
    /// Changes received so far, and how many of them were new.
    public var received: Int
    public var applied: Int
    /// True on the report of the peer's last batch.
    public var finishedReceiving: Bool
    /// Changes sent so far, out of `toSend`.
    public var sent: Int
    public var toSend: Int
}
