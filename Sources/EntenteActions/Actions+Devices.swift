import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

/// A member's device as `device list` shows it: whether it still speaks for them, and when
/// this replica last heard from it.
public struct DeviceStatus: Sendable {
    public var member: Member
    public var device: Roster.DeviceFact
    public var isRevoked: Bool
    /// Whether it is the device this replica is.
    public var isThisOne: Bool
    /// How many of its changes this replica holds.
    public var changes: Int
    /// When it signed the newest of its changes this replica holds (its author's clock).
    public var lastChange: HybridTimestamp?
    /// When this replica last completed a sync session with it, or its changes last arrived
    /// through a relay folder.
    public var lastExchange: Date?
}

/// Devices: a member's replicas, and revoking a lost or stolen one (`Protocol/VISION.md`,
/// "Authority", revoke motions).
extension Workspace {
    /// The least a device query holds (hex digits of a record id, key or fingerprint).
    public static let minimumDeviceQueryDigits = 4

    /// Each device of `member` with what this replica knows of its activity.
    public func devices(of member: Member) throws -> [DeviceStatus] {
        let activity = try self.replica.deviceActivity()
        let exchanges = self.replica.peerExchanges()
        let relayed = RelayFolders(replica: self.replica).arrivals()
        return member.devices.map { device in
            let session = exchanges[device.key].map { Date(timeIntervalSince1970: TimeInterval($0.at)) }
            let signed = activity[device.key]
            return DeviceStatus(member: member, device: device, isRevoked: member.revoked.contains(device.record),
                                isThisOne: device.key == self.replica.author, changes: signed?.changes ?? 0,
                                lastChange: signed.map { HybridTimestamp(wallMillis: $0.lastChangeMillis, counter: 0) },
                                lastExchange: [session, relayed[device.key]].compactMap { $0 }.max())
        }
    }

    /// The device a person means: hex digits that begin its record id, its key or its
    /// fingerprint (spaces ignored), or the name of a member who has exactly one live device.
    public func device(_ query: String) throws -> (member: Member, device: Roster.DeviceFact) {
        let digits = query.lowercased().filter { !$0.isWhitespace && $0 != ":" }
        let every = self.directory.members.flatMap { member in member.devices.map { (member: member, device: $0) } }
        if digits.count >= Self.minimumDeviceQueryDigits, digits.allSatisfy(\.isHexDigit) {
            let found = every.filter { entry in
                entry.device.record.hex.hasPrefix(digits) || entry.device.key.hex.hasPrefix(digits)
                    || entry.device.key.fingerprint.filter { !$0.isWhitespace }.hasPrefix(digits)
            }
            if found.count == 1, let only = found.first { return only }
            if found.count > 1 {
                let listed = found.map { "\($0.device.record.short) (\($0.member.name))" }.joined(separator: ", ")
                throw ActionError(Phrase("'\(query)' names several devices (\(listed)): type more of one of them",
                                         fr: "« \(query) » désigne plusieurs appareils (\(listed)) : tapez-en davantage"))
            }
        }
        guard let member = try? self.member(query) else {
            throw ActionError(Phrase("'\(query)' is neither a device nor a member; see the devices with `entente device list NAME`",
                                     fr: "« \(query) » n'est ni un appareil ni un membre ; voyez les appareils avec `entente device list NOM`"))
        }
        let live = member.liveDevices
        guard live.count == 1, let only = live.first else {
            let listed = live.map(\.record.short).joined(separator: ", ")
            throw ActionError(live.isEmpty
                ? Phrase("\(member.name) has no device that is not revoked", fr: "\(member.name) n'a aucun appareil non révoqué")
                : Phrase("\(member.name) has \(live.count) devices (\(listed)): name one, for example `entente device revoke \(live[0].record.short)`",
                         fr: "\(member.name) a \(live.count) appareils (\(listed)) : précisez lequel, par exemple `entente device revoke \(live[0].record.short)`"))
        }
        return (member, only)
    }

    /// Creates, in `folder` (new or empty: a folder that holds a replica is refused), a
    /// replica for another device of the author: fresh keys, the collective's current secret
    /// and a copy of the vision, its key admitted as the author's by a change this device
    /// signs. If anything fails, the folder is removed (a change already signed stays: the key
    /// is the author's, and linking again makes a new one).
    public func linkDevice(at folder: URL) throws -> ActionOutcome {
        let me = try self.me()
        let target = ReplicaFolder(folder)
        let linked: Replica
        do {
            linked = try Replica.create(target, collective: self.replica.collective, secret: try self.replica.secretChain().current)
        } catch StoreError.replicaExists(let path) {
            // The folder is this command's argument, not `--replica`.
            throw ActionError(Phrase(
                "\(path) already holds a replica; give `entente device link` a new or empty folder (it creates the replica there)",
                fr: "\(path) contient déjà un réplica ; donnez à `entente device link` un dossier nouveau ou vide (la commande y crée le réplica)"))
        }
        let change: SignedChange
        do {
            let noiseKey = try linked.noisePublicKey()
            change = try self.commit { Admission.addDevice(key: linked.author, noiseKey: noiseKey, for: me.id, into: &$0) }
            try linked.merge(from: self.replica.folder.url)
        } catch {
            try? FileManager.default.removeItem(at: target.url)
            throw error
        }
        let path = target.url.path, fingerprint = linked.author.fingerprint
        return ActionOutcome(change: change, summary: Phrase(
            "Linked a new device of \(me.name) in \(path) (fingerprint \(fingerprint)).\nUse it with --replica \(path), or move the folder to the other computer.",
            fr: "Nouvel appareil \(French.de(me.name)) relié dans \(path) (empreinte \(fingerprint)).\nUtilisez-le avec --replica \(path), ou déplacez le dossier vers l'autre ordinateur."))
    }

    /// Revokes a lost or stolen device: at once when it is one of the author's own (signed by
    /// another of their devices), else by a motion the other members carry by a majority, each
    /// running the same command. Once revoked, its key speaks for nobody: its later changes
    /// have no effect, sessions and relay files from it are refused, and the collective secret
    /// is renewed.
    public func revokeDevice(_ query: String) throws -> ActionOutcome {
        let me = try self.me()
        let (owner, device) = try self.device(query)
        let name = "\(device.record.short) (\(device.key.fingerprint))"
        let whose = owner.id == me.id ? Phrase("your device \(name)", fr: "votre appareil \(name)")
                                      : Phrase("\(owner.name)'s device \(name)", fr: "l'appareil \(name) \(French.de(owner.name))")
        guard !owner.revoked.contains(device.record) else {
            throw ActionError(Phrase("\(whose.english) is already revoked", fr: "\(whose.french) est déjà révoqué"))
        }
        guard device.key != self.replica.author else {
            throw ActionError(Phrase(
                "this is the device you are using: revoke it from another of your devices, or ask the other members (each runs `entente device revoke \(device.record.short)`)",
                fr: "c'est l'appareil que vous utilisez : révoquez-le depuis un autre de vos appareils, ou demandez aux autres membres (chacun lance `entente device revoke \(device.record.short)`)"))
        }
        let roster = self.directory.roster
        let open = roster.openMotions().last { $0.action == .revoke && $0.device == device.record }
        let change = try self.consent(to: open, on: Phrase("revoke \(whose.english)", fr: "révoquer \(whose.french)"), me: me.id, roster: roster) {
            Admission.revoke(device.record, of: owner.id, by: me.id, roster: roster, into: &$0)
        }
        var after = try Workspace(self.replica, today: self.today)
        after.front = self.front
        let revoked = after.directory.members.first { $0.id == owner.id }?.revoked.contains(device.record) == true
        guard revoked else {
            let motion = after.directory.roster.openMotions().last { $0.action == .revoke && $0.device == device.record }
            let progress = motion.map { Self.motionProgress($0, after.directory.roster, after) } ?? Phrase("", fr: "")
            return ActionOutcome(change: change, summary: Phrase(
                "You consented to revoke \(whose.english); \(progress.english).",
                fr: "Vous avez consenti à révoquer \(whose.french) ; \(progress.french)."))
        }
        let how = owner.id == me.id ? Phrase("", fr: "") : Phrase(" A majority of the other members consented.", fr: " Une majorité des autres membres a consenti.")
        var summary = Phrase(
            "Revoked \(whose.english): its key no longer speaks for anyone, and sessions and relay files from it are refused.\(how.english)",
            fr: "\(whose.french.prefix(1).uppercased() + whose.french.dropFirst()) est révoqué : sa clé ne parle plus au nom de personne, et ses sessions comme ses fichiers relais sont refusés.\(how.french)")
        if let renewed = after.renewSecretIfDue() {
            summary = Phrase(summary.english + " " + renewed.english, fr: summary.french + " " + renewed.french)
        }
        return ActionOutcome(change: change, summary: summary)
    }
}
