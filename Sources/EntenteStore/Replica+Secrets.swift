import Crypto
import EntenteCore
import EntenteLocking
import Foundation
import GRDB

/// The collective secrets this device holds (`Protocol/VISION.md`, "`secret`"): the one it
/// seals, announces and connects with, and the earlier ones it still accepts from members who
/// have not yet received the last rotation.
public struct SecretChain: Sendable, Equatable {
    /// The most secrets accepted (tried in a handshake, on an announcement or a bundle).
    public static let maximumSecrets = 16
    /// The most secrets an initiator tries, one connection each, newest first, when the
    /// responder closes the handshake without a word (it has not received the last rotation).
    public static let maximumTriedAsInitiator = 4
    /// The most recent rotations read; a device that missed more must be invited again.
    public static let maximumRotationsRead = 64

    /// The secret to seal, announce and connect with: the current rotation's, or the newest
    /// this device holds when it could not open the current one.
    public var current: [UInt8]
    /// Every secret accepted from others: ``current`` first, then newer before older.
    public var accepted: [[UInt8]]
    /// Whether this device could not open the current rotation (it was not among its
    /// recipients, or its entry does not open): it rotates again (``Replica/rotateSecretIfDue(today:)``).
    public var missesCurrent: Bool
    /// The device that wrote the current rotation, if any.
    public var currentRotatedBy: AuthorKey?
}

/// The last ``SecretChain`` read, with the mark of the rotations it was read from.
final class SecretChainCache: Sendable {
    private let last = LockedValue<(mark: String, chain: SecretChain)?>(nil)

    func get(_ mark: String) -> SecretChain? {
        self.last.withLock { $0?.mark == mark ? $0?.chain : nil }
    }

    func set(_ mark: String, _ chain: SecretChain) {
        self.last.withLock { $0 = (mark, chain) }
    }
}

extension Replica {
    /// The secrets this device holds: the one in `collective.secret` (from the founding, or
    /// handed over when it joined), and those of the rotations sealed to it since. Read again
    /// only when a rotation arrives.
    public func secretChain() throws -> SecretChain {
        let mark = try Self.wrap("reading the secret rotations") {
            try self.pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), MAX(position) FROM records WHERE kind = ?", arguments: [RecordKind.secret])
                return "\(row?[0] as Int64? ?? 0):\(row?[1] as Int64? ?? 0)"
            }
        }
        if let chain = self.secretCache.get(mark) { return chain }
        let file = try self.collectiveSecret()
        let rotations = SecretRotation.all(in: try self.records(kind: RecordKind.secret)).suffix(SecretChain.maximumRotationsRead)
        var chain = SecretChain(current: file, accepted: [file], missesCurrent: false, currentRotatedBy: rotations.last?.record.header.createdBy.author)
        if !rotations.isEmpty {
            let noise = try self.noiseKey()
            let fileCheck = SecretCheck.of(file)
            var known: [[UInt8]] = []  // oldest first
            var current: [UInt8]?
            for (index, rotation) in rotations.enumerated() {
                var secret = rotation.entry(for: self.author)?.open(with: noise, collective: self.collective)
                if let opened = secret, SecretCheck.of(opened) != rotation.check { secret = nil }
                if secret == nil && fileCheck == rotation.check { secret = file }  // handed over when joining
                if let secret { known.append(secret) }
                if index == rotations.count - 1 { current = secret }
            }
            chain.current = current ?? known.last ?? file
            chain.missesCurrent = current == nil
            var accepted: [[UInt8]] = [chain.current]
            for secret in known.reversed() + [file] where !accepted.contains(secret) { accepted.append(secret) }
            chain.accepted = Array(accepted.prefix(SecretChain.maximumSecrets))
        }
        self.secretCache.set(mark, chain)
        return chain
    }

    /// Writes a new collective secret, sealed to every device of every active member, when
    /// the current one may be known to a member who is no longer active (archived, or left
    /// as of `today`), or when this device could not open the current rotation. Called after
    /// anything that may archive a member or bring a rotation: syncs, imports, member actions.
    /// - Returns: the rotation written, if one was.
    @discardableResult
    public func rotateSecretIfDue(today: String = UTCTime.today()) throws -> RecordID? {
        let directory = try self.directory(today: today)
        guard let me = directory.member(for: self.author), me.isActive, !me.isRevoked(self.author) else { return nil }
        let records = try self.records(kind: RecordKind.secret)
        let gone = SecretRotation.due(records: records, directory: directory)
        let chain = try self.secretChain()
        // A rotation this device wrote itself and cannot open is not retried (its own noise
        // key is not the one its device record names): rotating again would not help.
        let missing = chain.missesCurrent && chain.currentRotatedBy != self.author
        guard !gone.isEmpty || missing else { return nil }
        let secret = Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        var id: RecordID?
        let change = try self.commit(message: "") { change in
            id = SecretRotation.write(into: &change, secret: secret, recipients: SecretRotation.recipients(in: directory), collective: self.collective)
        }
        return id.map(change.resolve)
    }
}
