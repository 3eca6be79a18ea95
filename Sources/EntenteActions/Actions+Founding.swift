import EntenteCore
import EntenteStore
import Foundation

/// What creating this device's replica did (`entente init`): the replica, its collective's
/// name, and what the home says now when the replica went into it.
public struct NewReplicaOutcome: Sendable {
    public var replica: Replica
    /// The collective's name, as the new replica holds it.
    public var collectiveName: String
    /// When the replica went into the home: the collective's name, and how many collectives
    /// the person now belongs to (it became the current one).
    public var adopted: (name: String, count: Int)?
}

/// Founding a collective (`entente init --collective NAME`): this device's replica, signed by
/// a fresh key, whose first change founds the collective with its founder as first member.
public enum CollectiveFounding {
    /// Founds `collective` with `founder` as its first member, in `replicaPath` (as typed) or
    /// else a new folder of the home named after the collective, which becomes the current one.
    /// `note` is the founding change's message (`--message`).
    /// - Throws: ``ActionError`` for an empty name or a note too long; the store's errors (a
    ///   folder that already holds a replica, one that cannot be written).
    public static func found(collective: String, founder: String, replicaPath: String?, note: String? = nil,
                             home: EntenteHome = .defaultLocation()) throws -> NewReplicaOutcome {
        let collective = collective.trimmingCharacters(in: .whitespaces), founder = founder.trimmingCharacters(in: .whitespaces)
        guard !collective.isEmpty else {
            throw ActionError(Phrase("a collective needs a name: give one, for example `entente init --collective \"Atelier Nord\" --name ME`",
                                     fr: "un collectif a besoin d'un nom : donnez-en un, par exemple `entente init --collective \"Atelier Nord\" --name MOI`"))
        }
        guard collective.utf8.count <= VisionLimits.maximumNameBytes else {
            throw ActionError(Workspace.tooLong(VisionLimits.maximumNameBytes, what: Phrase("the collective's name", fr: "le nom du collectif")))
        }
        try self.requireName(founder)
        let folder = try self.folder(replicaPath, named: collective, home: home)
        let replica = try Replica.found(folder, collective: collective, founder: founder, message: try Workspace.note(note))
        return try self.outcome(replica, inHome: replicaPath == nil, home: home)
    }

    /// The replica folder given by path, else a new folder of `home` named after `name`.
    static func folder(_ replicaPath: String?, named name: String, home: EntenteHome) throws -> ReplicaFolder {
        try replicaPath.map { ReplicaFolder(URL(fileURLWithPath: $0)) } ?? home.newFolder(for: name)
    }

    /// What a new replica became: its collective's name, and the home's current collective
    /// when it went into the home.
    static func outcome(_ replica: Replica, inHome: Bool, home: EntenteHome) throws -> NewReplicaOutcome {
        let workspace = try Workspace(replica)
        let adopted = inHome ? CollectiveChoice.adopt(replica.folder, home: home) : nil
        return NewReplicaOutcome(replica: replica, collectiveName: workspace.collectiveName, adopted: adopted)
    }

    /// - Throws: ``ActionError`` when `name` (trimmed) is empty or longer than
    ///   `VisionLimits.maximumNameBytes`, before anything is written.
    static func requireName(_ name: String) throws {
        if name.isEmpty {
            throw ActionError(Phrase("a member needs a name: give yours with --name, for example --name \"Chloé Martin\"",
                                     fr: "un membre a besoin d'un nom : donnez le vôtre avec --name, par exemple --name \"Chloé Martin\""))
        }
        guard name.utf8.count <= VisionLimits.maximumNameBytes else {
            throw ActionError(Workspace.tooLong(VisionLimits.maximumNameBytes, what: Phrase("the name", fr: "le nom")))
        }
    }
}

/// Being admitted from a member's replica folder (`entente init --from DIR`): that member's
/// device signs the admission, as when they accept an invite, and the new replica receives
/// the collective from their folder, with no network.
public enum LocalAdmission {
    /// Admits `name` into the collective of the replica in `inviterPath`: a new replica with
    /// fresh keys and the collective's current secret, in `replicaPath` (as typed) or else a
    /// new folder of the home named after the collective (which becomes the current one); the
    /// inviter's device signs the admission (with `note` as its message), and the new replica
    /// merges everything the inviter's holds.
    /// - Throws: ``ActionError`` for an empty name, one too long or another member's, a note
    ///   too long, or an inviter's replica whose device is not a member's (nothing is created); the store's errors (no replica in `inviterPath`, a
    ///   folder that already holds one).
    public static func admit(name: String, from inviterPath: String, replicaPath: String?, note: String? = nil,
                             home: EntenteHome = .defaultLocation()) throws -> NewReplicaOutcome {
        let name = name.trimmingCharacters(in: .whitespaces)
        try CollectiveFounding.requireName(name)
        let inviter = try Workspace(try Replica.open(ReplicaFolder(URL(fileURLWithPath: inviterPath)))).noting(note)
        _ = try inviter.me()
        try inviter.checkNameIsFree(name)
        let secret = try inviter.replica.secretChain().current
        let folder = try CollectiveFounding.folder(replicaPath, named: inviter.collectiveName, home: home)
        let replica = try Replica.create(folder, collective: inviter.replica.collective, secret: secret)
        do {
            let noiseKey = try replica.noisePublicKey()
            try inviter.commit { change in
                Admission.admit(name: name, key: replica.author, noiseKey: noiseKey, into: &change)
            }
        } catch {
            // Nobody was admitted: the new folder, keys and all, is of no use to anyone.
            try? replica.close()
            try? FileManager.default.removeItem(at: folder.url)
            throw error
        }
        try replica.merge(from: inviter.replica.folder.url)
        return try CollectiveFounding.outcome(replica, inHome: replicaPath == nil, home: home)
    }
}
