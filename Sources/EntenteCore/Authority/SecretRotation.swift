extension RecordKind {
    /// A new collective secret, sealed to each device in standing: see ``SecretRotation``.
    public static let secret = "secret"
}

/// A rotation of the collective secret (`Protocol/VISION.md`, "`secret`"): a record whose
/// `check` names the new secret and whose `sealed` field holds it sealed to each device that
/// may keep reading (``SealedSecret``). It is written when a member leaves or is archived, so
/// that what is sealed, announced or exchanged afterwards is closed to them.
///
/// Every field is fixed by the creating change. The *current* rotation is the last in
/// creation order (``creationOrder(_:_:)``); a record whose fields are malformed is no
/// rotation at all.
public struct SecretRotation: Sendable {
    public enum Field {
        /// `bytes` (16): ``SecretCheck`` of the new secret.
        public static let check = "check"
        /// `bytes`: `n` × ``SealedSecret/length``, one per recipient device.
        public static let sealed = "sealed"
    }

    /// The most recipients a rotation is read with; more reads as a malformed record.
    public static let maximumRecipients = 1024

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var check: [UInt8]
    public var entries: [SealedSecret]

    /// `nil` unless `record` is a `secret` record with a 16-byte check and at least one
    /// well-formed entry.
    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.secret,
              let check = record[Field.check]?.rawBytes, check.count == SecretCheck.length,
              let sealed = record[Field.sealed]?.rawBytes
        else { return nil }
        let entries = SealedSecret.decodeAll(sealed)
        guard !entries.isEmpty else { return nil }
        self.record = record
        self.check = check
        self.entries = entries
    }

    /// The devices it was sealed to.
    public var recipients: Set<AuthorKey> { Set(self.entries.map(\.device)) }

    /// The entry sealed to `device`, if any.
    public func entry(for device: AuthorKey) -> SealedSecret? { self.entries.first { $0.device == device } }

    /// Every rotation, in creation order: the last is the current one.
    public static func all(in records: [RecordState]) -> [SecretRotation] {
        records.filter { $0.kind == RecordKind.secret }.inCreationOrder.compactMap(SecretRotation.init)
    }

    /// Writes a rotation of `secret` sealed to each of `recipients` (author key and X25519
    /// noise key). Recipients whose noise key is not a valid X25519 key are left out.
    @discardableResult
    public static func write(
        into change: inout ChangeBuilder, secret: [UInt8], recipients: [(key: AuthorKey, noiseKey: [UInt8])], collective: CollectiveID
    ) -> RecordID {
        let record = change.create(RecordKind.secret)
        change.set(record, Field.check, .bytes(SecretCheck.of(secret)))
        let entries = recipients.sorted { $0.key < $1.key }.prefix(Self.maximumRecipients)
            .compactMap { SealedSecret.seal(secret, to: $0.key, noiseKey: $0.noiseKey, collective: collective) }
        change.set(record, Field.sealed, .bytes(entries.flatMap(\.encoded)))
        return record
    }

    /// Why the current secret must be replaced, if it must (`Protocol/VISION.md`, "`secret`"):
    /// the members who may know it through a device that no longer speaks for the collective,
    /// because the member is not active (archived, or left as of `directory`'s date) or the
    /// device is revoked. Who may know it: with no rotation, every device ever admitted;
    /// otherwise the recipients of the current rotation and every device created after it in
    /// creation order (a newcomer is handed the secret of its day when it joins).
    public static func due(records: [RecordState], directory: Directory) -> [RecordID] {
        let current = Self.all(in: records).last
        var gone: [RecordID] = []
        for member in directory.members {
            let mayKnow = member.devices.contains { device in
                guard !member.isActive || member.revoked.contains(device.record) else { return false }
                guard let current else { return true }
                if current.recipients.contains(device.key) { return true }
                return !((device.createdAt, device.record) < (current.record.header.createdAt, current.id))
            }
            if mayKnow { gone.append(member.id) }
        }
        return gone.sorted()
    }

    /// The devices a new rotation is sealed to: every live (not revoked) device of every
    /// active member.
    public static func recipients(in directory: Directory) -> [(key: AuthorKey, noiseKey: [UInt8])] {
        directory.members.filter(\.isActive).flatMap { member in
            member.liveDevices.compactMap { device in device.noiseKey.map { (key: device.key, noiseKey: $0) } }
        }
    }
}
