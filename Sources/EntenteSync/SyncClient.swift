import EntenteCore
import EntenteLocking
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Syncs a replica with one peer over TCP, as the initiator (`Protocol/SYNC.md`).
///
/// ```swift
/// let summary = try SyncClient.sync(replica: alice, with: TCPEndpoint(host: "127.0.0.1", port: port))
/// print(summary.line)
/// ```
public enum SyncClient {
    /// One sync: handshake, exchange of version vectors, then each side's missing changes.
    ///
    /// - Throws: `SyncFailure`: `.network` (cannot connect, connection lost), `.refusedByPeer`
    ///   (not a member, archived, invalid change...), `.refusedPeer` (the peer is not a
    ///   member, or sent an invalid change), `.session` (wrong collective secret, tampering,
    ///   truncated stream: what arrived is kept, run it again), `.replica`.
    public static func sync(
        replica: Replica, with endpoint: TCPEndpoint,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout,
        logger: Logger = .quiet("entente.sync"),
        progress: ((SyncProgress) -> Void)? = nil
    ) throws -> SyncSummary {
        try self.sync(replica: replica, with: endpoint, idleTimeout: idleTimeout, logger: logger, progress: progress, trustingTheSecret: false)
    }

    static func sync(
        replica: Replica, with endpoint: TCPEndpoint, idleTimeout: TimeInterval, logger: Logger,
        progress: ((SyncProgress) -> Void)?, trustingTheSecret: Bool
    ) throws -> SyncSummary {
        let payload: HandshakePayload
        var configuration: SyncSession.Configuration
        let secrets: SecretChain
        do {
            let noise = try replica.noiseKey()
            secrets = try replica.secretChain()
            payload = .member(identity: replica.identity, collective: replica.collective, staticKey: Array(noise.publicKey.rawRepresentation))
            configuration = SyncSession.Configuration(collective: replica.collective, staticKey: noise, psk: secrets.current, payload: payload)
        } catch {
            throw SyncFailure.replica(error)
        }
        // An empty replica (a recovery's scratch) cannot check the responder's membership: as
        // when joining, the collective secret authenticates the responder.
        let mode: ReplicaSyncHandler.Mode = trustingTheSecret ? .joining : .member
        // The current secret first; a peer that has not yet received the last rotation closes
        // the handshake without a word, and is tried again with the earlier secrets.
        let tried = Array(secrets.accepted.prefix(SecretChain.maximumTriedAsInitiator))
        for (index, psk) in tried.enumerated() {
            configuration.psk = psk
            let handler = ReplicaSyncHandler(replica: replica, mode: mode, invites: nil, storeLock: SyncLocks.lock(for: replica), logger: logger, progress: progress)
            do {
                let summary = try self.run(configuration: configuration, endpoint: endpoint, handler: handler, idleTimeout: idleTimeout, logger: logger)
                if summary.applied > 0 && !trustingTheSecret { self.rotateIfDue(replica, logger: logger) }
                return summary
            } catch SyncFailure.session(let error) where error.kind == .channel && error.detail.hasPrefix(SyncError.closedDuringHandshake)
                        && index + 1 < tried.count {
                logger.debug("the peer at \(endpoint) did not take secret \(index + 1) of \(tried.count); trying an earlier one")
            }
        }
        throw SyncFailure.session(SyncError(.channel, SyncError.closedDuringHandshake))
    }

    /// A sync (either role) may have brought a member's archiving or departure: the collective
    /// secret is then renewed (`Protocol/VISION.md`, "`secret`"). A failure is logged, not fatal.
    static func rotateIfDue(_ replica: Replica, logger: Logger) {
        do {
            if let rotation = try replica.rotateSecretIfDue() {
                logger.info("renewed the collective secret (rotation \(rotation.short)): a member who left or was archived cannot read what follows")
            }
        } catch {
            logger.warning("could not renew the collective secret: \(error)")
        }
    }

    /// `sync(replica:with:)` to `host:port` (loopback in `entente demo`: `"127.0.0.1"`).
    public static func sync(replica: Replica, host: String, port: UInt16, logger: Logger = .quiet("entente.sync")) throws -> SyncSummary {
        try self.sync(replica: replica, with: TCPEndpoint(host: host, port: port), logger: logger)
    }

    /// Joins a collective with an invite: creates the replica in `folder`, connects to the
    /// inviter, proves the invite, and runs the first sync. On failure the new folder is removed.
    ///
    /// - Throws: `SyncFailure` (`.refusedByPeer` with code `.inviteRefused` for a used,
    ///   expired or unknown code), `.replica` if `folder` already holds a replica.
    public static func join(
        invite: InviteCode, name: String, folder: ReplicaFolder,
        idleTimeout: TimeInterval = SyncNetLimits.idleTimeout,
        logger: Logger = .quiet("entente.sync"),
        progress: ((SyncProgress) -> Void)? = nil
    ) throws -> (replica: Replica, summary: SyncSummary) {
        guard invite.expires >= UInt64(Date().timeIntervalSince1970) else {
            let expired = InviteStoreError.expired(at: invite.expires)
            throw SyncFailure.invite(expired.description, french: expired.french)
        }
        let endpoint = TCPEndpoint(host: invite.host, port: invite.port)
        let replica: Replica
        let resumed = folder.exists
        do {
            if resumed {
                // An interrupted join: the same keys ask again (the inviter may have admitted them).
                replica = try Replica.open(folder)
                let held = try replica.changeCount()
                guard replica.collective == invite.collective, held == 0 else {
                    throw StoreError.replicaExists(path: folder.url.path)
                }
            } else {
                // The collective secret arrives inside the join session; until then a random one.
                replica = try Replica.create(folder, collective: invite.collective, secret: nil)
            }
        } catch {
            throw SyncFailure.replica(error)
        }
        do {
            let noise = try replica.noiseKey()
            let staticKey = Array(noise.publicKey.rawRepresentation)
            let payload = HandshakePayload.join(identity: replica.identity, collective: invite.collective, staticKey: staticKey, token: invite.token, name: name)
            let configuration = SyncSession.Configuration(collective: invite.collective, staticKey: noise, psk: invite.psk, payload: payload)
            let handler = ReplicaSyncHandler(replica: replica, mode: .joining, invites: nil, storeLock: SyncLocks.lock(for: replica), logger: logger, progress: progress)
            let summary: SyncSummary
            do {
                summary = try self.run(configuration: configuration, endpoint: endpoint, handler: handler, idleTimeout: idleTimeout, logger: logger)
            } catch SyncFailure.session(let error) where error.kind == .channel {
                // The inviter accepts an invite's key only while the invite can be joined with.
                throw SyncFailure.invite(
                    "the inviter refused this invite code: it was already used, revoked or has expired, or the inviter's `entente serve` is not the one that made it. Ask for a new code (`entente invite`)",
                    french: "la personne qui vous invite a refusé ce code : il a déjà servi, a été révoqué ou a expiré, ou son `entente serve` n'est pas celui qui l'a créé. Demandez un nouveau code (`entente invite`)")
            } catch SyncFailure.refusedByPeer(let refusal) where refusal.code == .inviteRefused {
                // Used by someone else (a used code opens no admission for another key), or
                // refused for its own reason.
                throw SyncFailure.invite(
                    "the inviter refused this invite code: \(refusal.reason). Ask for a new code (`entente invite`)",
                    french: "la personne qui vous invite a refusé ce code : \(refusal.reason). Demandez un nouveau code (`entente invite`)")
            }
            guard handler.welcomed else {
                throw SyncFailure.invite(
                    "the inviter admitted you but did not hand over the collective's secret; ask them to upgrade Entente and invite you again",
                    french: "la personne qui vous invite vous a admis·e sans vous transmettre le secret du collectif ; demandez-lui de mettre Entente à jour et de vous inviter à nouveau")
            }
            return (replica, summary)
        } catch let failure as SyncFailure {
            // A refused code leaves nothing behind that this run made (ask for a new one and
            // join again); any other interruption keeps the keys, so that running the same join
            // again finishes it. A folder this run only resumed is never removed.
            if case .invite = failure, !resumed { try? FileManager.default.removeItem(at: folder.url) }
            throw failure
        }
    }

    static func run(
        configuration: SyncSession.Configuration, endpoint: TCPEndpoint, handler: ReplicaSyncHandler,
        idleTimeout: TimeInterval, logger: Logger
    ) throws -> SyncSummary {
        ignoreSIGPIPE()
        let pair: SocketStreamPair
        do {
            pair = try TCPConnector.connect(to: endpoint, timeout: SyncNetLimits.connectTimeout)
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
        var session: SyncSession
        do {
            session = try SyncSession(role: .initiator, configuration: configuration)
        } catch {
            pair.close()
            throw SyncFailure.replica(error)
        }
        do {
            let summary = try SessionDriver.run(&session, over: pair, handler: handler, idleTimeout: idleTimeout)
            logger.info("\(summary.line)")
            return summary
        } catch {
            logger.warning("sync with \(handler.peerName) at \(endpoint) failed: \(error)")
            throw error
        }
    }
}

/// One store lock per replica folder, shared by every session of this process: held while a
/// session reads the roster and stores what it received, so that two sessions never decide on
/// the same replica at once.
enum SyncLocks {
    private static let locks = LockedValue<[String: Lock]>([:])

    static func lock(for replica: Replica) -> Lock {
        self.locks.withLock { locks in
            if let lock = locks[replica.folder.url.path] { return lock }
            let lock = Lock()
            locks[replica.folder.url.path] = lock
            return lock
        }
    }
}
