/// An error raised by the Noise secure channel, the frame parser or the record layer.
///
/// Like swift-nio-ssh's `NIOSSHError`, the set of kinds is open-ended: `kind` is a struct
/// wrapping a private enum, so new kinds can be added without breaking clients. Compare
/// errors by `.kind`:
///
/// ```swift
/// do { _ = try handshake.readMessage(bytes) }
/// catch let error as NoiseError where error.kind == .handshakeAuthenticationFailed { ... }
/// ```
///
/// `description` is written for a person: it says what happened and, where it helps, why.
public struct NoiseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong. Compare with the static members (`.outOfTurn`, ...).
    public var kind: Kind
    /// Extra detail about this occurrence (sizes, expected values). May be empty.
    public var detail: String

    /// Creates an error of `kind` with an optional detail.
    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? kind.explanation : "\(kind.explanation) (\(detail))"
    }

    /// The kind of a `NoiseError`. Open-ended: switch over it with a `default` case.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case outOfTurn
            case handshakeNotComplete
            case handshakeAlreadyComplete
            case handshakeAborted
            case alreadySplit
            case handshakeAuthenticationFailed
            case transportAuthenticationFailed
            case messageTooShort
            case messageTooLong
            case invalidKeyLength
            case invalidPSK
            case invalidRemoteKey
            case nonceExhausted
            case emptyFrame
            case frameTooLong
            case applicationMessageTooLong
            case malformedRecord
            case recordStreamFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `writeMessage` or `readMessage` was called when it is the other side's turn
        /// (Noise §5.3: the roles alternate writing the handshake messages).
        public static let outOfTurn = Kind(.outOfTurn)
        /// `split()` was called before the last handshake message was written or read.
        public static let handshakeNotComplete = Kind(.handshakeNotComplete)
        /// A handshake message was written or read after the handshake completed.
        public static let handshakeAlreadyComplete = Kind(.handshakeAlreadyComplete)
        /// An earlier error aborted this handshake; it cannot be used any more.
        public static let handshakeAborted = Kind(.handshakeAborted)
        /// `split()` was already called; the transport keys are handed out only once.
        public static let alreadySplit = Kind(.alreadySplit)
        /// A handshake message's ciphertext (static key or payload) failed authentication.
        public static let handshakeAuthenticationFailed = Kind(.handshakeAuthenticationFailed)
        /// A transport message failed authentication.
        public static let transportAuthenticationFailed = Kind(.transportAuthenticationFailed)
        /// A message is shorter than its pattern requires (or than an AEAD tag).
        public static let messageTooShort = Kind(.messageTooShort)
        /// A message (or the message a payload would produce) is over `NoiseLimits.maximumMessageLength`.
        public static let messageTooLong = Kind(.messageTooLong)
        /// A key given as bytes does not have the required length.
        public static let invalidKeyLength = Kind(.invalidKeyLength)
        /// The pre-shared key is missing, has the wrong length, or was given to a pattern without `psk`.
        public static let invalidPSK = Kind(.invalidPSK)
        /// The peer's public key produced an all-zero Diffie-Hellman output (a low-order point).
        public static let invalidRemoteKey = Kind(.invalidRemoteKey)
        /// The 64-bit nonce reached 2^64-1, which Noise reserves (§5.1); the channel must be closed.
        public static let nonceExhausted = Kind(.nonceExhausted)
        /// A frame header announced a zero-length Noise message.
        public static let emptyFrame = Kind(.emptyFrame)
        /// A frame header announced (or a caller asked to frame) a message over the frame limit.
        public static let frameTooLong = Kind(.frameTooLong)
        /// An application message is over the record layer's limit.
        public static let applicationMessageTooLong = Kind(.applicationMessageTooLong)
        /// A decrypted record chunk is malformed (no flag byte, unknown flag, wrong chunk size).
        public static let malformedRecord = Kind(.malformedRecord)
        /// The record reader already failed; the stream cannot be resumed.
        public static let recordStreamFailed = Kind(.recordStreamFailed)

        public var description: String { String(describing: base) }

        /// A sentence for a person, used by `NoiseError.description`.
        var explanation: String {
            switch base {
            case .outOfTurn:
                return "a handshake message was sent or received out of turn: it is the other side's turn to send"
            case .handshakeNotComplete:
                return "the handshake is not complete yet, so there are no session keys to use"
            case .handshakeAlreadyComplete:
                return "the handshake is already complete; no more handshake messages are expected"
            case .handshakeAborted:
                return "this handshake was aborted by an earlier error and cannot continue; start a new connection"
            case .alreadySplit:
                return "the session keys of this handshake were already handed out; they are handed out only once"
            case .handshakeAuthenticationFailed:
                return "the peer's handshake message failed authentication: wrong collective secret or tampered data"
            case .transportAuthenticationFailed:
                return "a message from the peer failed authentication: it was tampered with, corrupted, replayed or reordered; the connection must be closed"
            case .messageTooShort:
                return "the peer's message is too short to be a valid Noise message at this point"
            case .messageTooLong:
                return "the message is longer than the Noise maximum of \(NoiseLimits.maximumMessageLength) bytes"
            case .invalidKeyLength:
                return "a key has the wrong length: Curve25519 keys are 32 bytes"
            case .invalidPSK:
                return "the collective secret (pre-shared key) is missing or is not 32 bytes, or was given to a pattern that does not use one"
            case .invalidRemoteKey:
                return "the peer sent an invalid public key (a low-order point giving an all-zero shared secret)"
            case .nonceExhausted:
                return "this channel has sent or received the maximum number of messages; open a new connection"
            case .emptyFrame:
                return "the peer sent a frame announcing an empty message, which the protocol forbids"
            case .frameTooLong:
                return "a frame announces a message longer than the allowed maximum"
            case .applicationMessageTooLong:
                return "the application message is larger than the maximum of \(NoiseLimits.maximumApplicationMessageLength) bytes"
            case .malformedRecord:
                return "the peer sent a malformed record chunk"
            case .recordStreamFailed:
                return "the record stream already failed and cannot continue; the connection must be closed"
            }
        }
    }
}
