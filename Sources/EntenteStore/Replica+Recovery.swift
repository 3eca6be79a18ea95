import Crypto
import EntenteCore
import Foundation

/// The folder where `entente recover` rebuilds a forked replica (STORE.md, "Recovering a
/// fork"): `.recovery/` inside the replica folder, a replica of its own holding the accepted
/// history, plus the fresh keys the device will sign with once its old key is retired.
/// Kept across runs, so an interrupted recovery resumes with the same fresh keys.
public struct RecoveryScratch {
    /// The scratch replica: signs with the old key until ``switchKeys()``, then with ``next``.
    public private(set) var replica: Replica
    /// The device's fresh signing key.
    public let next: SigningIdentity
    /// The fresh X25519 public key of the secure channel.
    public let nextNoiseKey: [UInt8]

    static func folder(of replica: ReplicaFolder) -> ReplicaFolder {
        ReplicaFolder(replica.url.appendingPathComponent(".recovery"))
    }

    static func nextIdentity(_ scratch: ReplicaFolder) -> URL { scratch.url.appendingPathComponent("next-identity.key") }
    static func nextNoise(_ scratch: ReplicaFolder) -> URL { scratch.url.appendingPathComponent("next-noise.key") }
    static func finishing(_ scratch: ReplicaFolder) -> URL { scratch.url.appendingPathComponent("finishing") }

    /// Opens the scratch of `original`, creating it (with the old keys and fresh next keys)
    /// when there is none yet.
    public static func open(for original: Replica) throws -> RecoveryScratch {
        let scratch = Self.folder(of: original.folder)
        let manager = FileManager.default
        if !manager.fileExists(atPath: scratch.url.path) {
            try manager.createDirectory(at: scratch.url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // The fresh keys come first: once a link names them, they must never change.
        if !manager.fileExists(atPath: Self.nextIdentity(scratch).path) {
            try scratch.writeSecret(Array(Curve25519.KeyAgreement.PrivateKey().rawRepresentation), to: Self.nextNoise(scratch))
            try scratch.writeSecret(SigningIdentity().rawSeed, to: Self.nextIdentity(scratch))
        }
        let next = try SigningIdentity(rawSeed: try scratch.readSecret(Self.nextIdentity(scratch)))
        guard let noise = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: try scratch.readSecret(Self.nextNoise(scratch))) else {
            throw StoreError.malformedKey(path: Self.nextNoise(scratch).path)
        }
        let replica: Replica
        if scratch.exists {
            replica = try Replica.open(scratch)
        } else {
            replica = try Replica.create(scratch, collective: original.collective, secret: try original.collectiveSecret(), identity: original.identity)
        }
        if replica.author == original.author {
            // Until the keys switch, the scratch speaks on the secure channel as the device.
            try scratch.writeSecret(try original.folder.readSecret(original.folder.noiseKey), to: scratch.noiseKey)
        }
        return RecoveryScratch(replica: replica, next: next, nextNoiseKey: Array(noise.publicKey.rawRepresentation))
    }

    /// Whether the scratch already signs with the fresh key.
    public var switched: Bool { self.replica.author == self.next.author }

    /// The scratch signs with the fresh keys from now on.
    public mutating func switchKeys() throws {
        guard !self.switched else { return }
        let folder = self.replica.folder
        try self.replica.close()
        try folder.writeSecret(try folder.readSecret(Self.nextNoise(folder)), to: folder.noiseKey)
        try folder.writeSecret(self.next.rawSeed, to: folder.identityKey)
        self.replica = try Replica.open(folder)
    }

    /// Puts the scratch in the original's place: the original's database and keys move to
    /// `forked-STAMP/` in its folder (kept as evidence, keys still 0600), the scratch's take
    /// their place, the scratch folder goes. Resumable: a run interrupted here finishes on the
    /// next (``finishIfInterrupted(_:)``). Returns the folder keeping the forked copy.
    public func finish(now: Date = Date()) throws -> URL {
        let scratch = self.replica.folder
        let original = ReplicaFolder(scratch.url.deletingLastPathComponent())
        try self.replica.close()
        let kept = original.url.appendingPathComponent("forked-\(Int(now.timeIntervalSince1970))")
        guard FileManager.default.createFile(atPath: Self.finishing(scratch).path, contents: Data(kept.lastPathComponent.utf8)) else {
            throw StoreError.unwritable(path: scratch.url.path, reason: "could not write its progress")
        }
        try Self.complete(original, scratch: scratch, kept: kept)
        return kept
    }

    /// Finishes a recovery that was interrupted while it put the rebuilt replica in place.
    /// Returns the folder keeping the forked copy, or nil when there was nothing to finish.
    @discardableResult
    public static func finishIfInterrupted(_ original: ReplicaFolder) throws -> URL? {
        let scratch = Self.folder(of: original)
        guard let data = FileManager.default.contents(atPath: Self.finishing(scratch).path),
              let name = String(data: data, encoding: .utf8), name.hasPrefix("forked-"), !name.contains("/") else { return nil }
        let kept = original.url.appendingPathComponent(name)
        try Self.complete(original, scratch: scratch, kept: kept)
        return kept
    }

    /// Moves the original's files aside, then the scratch's into their place (a marker
    /// between the two steps tells a resumed run which step it is in), then removes the scratch.
    static func complete(_ original: ReplicaFolder, scratch: ReplicaFolder, kept: URL) throws {
        let manager = FileManager.default
        let files = ["replica.sqlite", "replica.sqlite-wal", "replica.sqlite-shm", "identity.key", "noise.key"]
        let secondStep = scratch.url.appendingPathComponent("finishing-placed-aside")
        do {
            if !manager.fileExists(atPath: secondStep.path) {
                if !manager.fileExists(atPath: kept.path) {
                    try manager.createDirectory(at: kept, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                }
                for name in files {
                    let from = original.url.appendingPathComponent(name)
                    let to = kept.appendingPathComponent(name)
                    if manager.fileExists(atPath: from.path), !manager.fileExists(atPath: to.path) { try manager.moveItem(at: from, to: to) }
                }
                guard manager.createFile(atPath: secondStep.path, contents: Data()) else {
                    throw StoreError.unwritable(path: scratch.url.path, reason: "could not write its progress")
                }
            }
            for name in files {
                let from = scratch.url.appendingPathComponent(name)
                let to = original.url.appendingPathComponent(name)
                guard manager.fileExists(atPath: from.path) else { continue }
                if manager.fileExists(atPath: to.path) { try manager.removeItem(at: to) }
                try manager.moveItem(at: from, to: to)
            }
            try manager.removeItem(at: scratch.url)
        } catch {
            throw StoreError.unwritable(path: original.url.path, reason: "could not put the recovered replica in place (\(error)); run `entente recover` again to finish")
        }
    }
}
