/// The Noise handshake patterns this module implements.
public enum NoisePattern: Sendable, Hashable {
    /// `Noise_XX_25519_ChaChaPoly_SHA256` (Noise spec revision 34 §7.5).
    case xx
    /// `Noise_XXpsk3_25519_ChaChaPoly_SHA256` (§7.5 with the `psk3` modifier, §9.4):
    /// the pattern Entente uses, the psk being the collective secret.
    case xxpsk3

    /// The full Noise protocol name (§8), hashed into the initial handshake state.
    public var protocolName: String {
        switch self {
        case .xx: return "Noise_XX_25519_ChaChaPoly_SHA256"
        case .xxpsk3: return "Noise_XXpsk3_25519_ChaChaPoly_SHA256"
        }
    }

    /// Whether the pattern carries a `psk` modifier (§9).
    public var usesPSK: Bool { self == .xxpsk3 }

    /// The tokens of a message pattern (§7.1).
    enum Token: Sendable { case e, s, ee, es, se, ss, psk }

    /// The message patterns: XX (§7.5) and, for psk3, `psk` appended to the third message (§9.4).
    ///
    /// ```
    /// XX:                  XXpsk3:
    ///   -> e                 -> e
    ///   <- e, ee, s, es      <- e, ee, s, es
    ///   -> s, se             -> s, se, psk
    /// ```
    var messagePatterns: [[Token]] {
        switch self {
        case .xx: return [[.e], [.e, .ee, .s, .es], [.s, .se]]
        case .xxpsk3: return [[.e], [.e, .ee, .s, .es], [.s, .se, .psk]]
        }
    }
}

/// Which side of the handshake this party plays (Noise §5.3).
public enum NoiseRole: Sendable, Hashable {
    /// Sends the first handshake message (the connecting side).
    case initiator
    /// Receives the first handshake message (the accepting side).
    case responder
}
