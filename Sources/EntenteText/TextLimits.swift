// MARK: - TextLimits

/// The named limits of the encodings (see TEXT.md, "Limits"). Decoders reject anything beyond.
public enum TextLimits {
    /// Maximum number of agents in an operation's agent table (author included).
    public static let maxAgentsPerOperation = 32_768
    /// Maximum number of insertion runs in one operation.
    public static let maxInsertsPerOperation = 65_536
    /// Maximum number of deletion ranges in one operation.
    public static let maxDeletesPerOperation = 262_144
    /// Maximum total UTF-8 bytes of inserted content in one operation.
    public static let maxContentBytesPerOperation = 1_048_576
    /// Maximum number of agents in a document state.
    public static let maxAgentsPerState = 16_777_216
    /// Maximum number of scalars a document holds, deleted ones included (bounds the memory a
    /// small state could otherwise claim with long deleted runs).
    public static let maxScalarsPerState = 16_777_216
    /// Maximum number of item runs in a document state.
    public static let maxItemsPerState = 16_777_216
    /// Maximum UTF-8 bytes of visible content in a document state.
    public static let maxContentBytesPerState = 268_435_456
    /// Counters and lengths are below 2^32: an agent may insert at most this many scalars.
    public static let maxCounter = Int(UInt32.max) - 1
}
