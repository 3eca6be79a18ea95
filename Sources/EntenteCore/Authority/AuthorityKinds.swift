/// The fields of the authority records (`Protocol/VISION.md`, "Authority"). Every field of
/// these kinds is fixed when the record is created: a later write to it is refused.
public enum DeviceField {
    /// `ref`: the member the device speaks for.
    public static let member = "member"
    /// `bytes`: the device's Ed25519 author key (32 bytes).
    public static let key = "key"
    /// `bytes`: the device's X25519 static key for the secure channel (32 bytes).
    public static let noiseKey = "noiseKey"
}

public enum MotionField {
    /// `ref`: the member the motion is about.
    public static let member = "member"
    /// `string`: `archive`, `restore` or `revoke`.
    public static let action = "action"
    /// `ref`: for a revoke, the `device` record of the target member whose key stops speaking.
    public static let device = "device"
    /// `ref`: the proposing member (their proposal is their consent).
    public static let proposer = "proposer"
    /// Set of `ref`: the members whose consent counts.
    public static let voters = "voters"
    /// Set of `ref`: for a restore, the archive motions it undoes.
    public static let covers = "covers"
}

public enum ConsentField {
    /// `ref`: the motion consented to.
    public static let motion = "motion"
    /// `ref`: the consenting member.
    public static let member = "member"
}

/// What a motion on a member asks for.
public enum MotionAction: String, Sendable, CaseIterable {
    case archive
    case restore
    /// Revokes one of the member's devices (a lost or stolen laptop): its key no longer
    /// speaks for anyone. Carried at once when the member proposes it themselves.
    case revoke
}
