/// The record layer (HANDSHAKE.md section 8, "Record layer"): carries application messages of up to
/// `NoiseLimits.maximumApplicationMessageLength` (16 MiB) over Noise transport messages,
/// which hold at most 65535 bytes (Noise spec revision 34 §3).
///
/// An application message is cut into chunks. Each chunk is one transport message whose
/// plaintext is a flag byte followed by chunk data:
///
/// | flag | meaning |
/// | ---- | ------- |
/// | `0x00` (`NoiseRecordFlag.last`) | the final chunk of the message: 0...65518 data bytes |
/// | `0x01` (`NoiseRecordFlag.more`) | more chunks follow: exactly 65518 data bytes |
///
/// So a message of `n` bytes is `max(1, ceil(n / 65518))` chunks; an empty message is a
/// single `last` chunk with no data. The flag is inside the encryption, so it is authenticated.
public enum NoiseRecordFlag {
    /// The final chunk of an application message.
    public static let last: UInt8 = 0x00
    /// A non-final chunk: more chunks of the same message follow.
    public static let more: UInt8 = 0x01
}

/// Splits application messages into encrypted record chunks (see `NoiseRecordFlag`).
public enum NoiseRecordWriter {
    /// Encrypts `message` as record chunks with `transport`'s sending CipherState.
    ///
    /// - Returns: the Noise transport messages, in order, each at most 65535 bytes; frame
    ///   each with `NoiseFrameParser.frame` (or use `sealFramed`).
    /// - Throws: `.applicationMessageTooLong` before encrypting anything if `message` is over
    ///   `maximumLength`; `.nonceExhausted`.
    public static func seal(
        _ message: [UInt8],
        with transport: inout NoiseTransport,
        maximumLength: Int = NoiseLimits.maximumApplicationMessageLength
    ) throws -> [[UInt8]] {
        guard message.count <= maximumLength else {
            throw NoiseError(.applicationMessageTooLong, "\(message.count) bytes; at most \(maximumLength)")
        }
        let chunkLength = NoiseLimits.recordChunkDataLength
        var chunks = [[UInt8]]()
        chunks.reserveCapacity(max(1, (message.count + chunkLength - 1) / chunkLength))
        var offset = 0
        repeat {
            let end = min(offset + chunkLength, message.count)
            let isLast = end == message.count
            var plaintext = [UInt8]()
            plaintext.reserveCapacity(1 + end - offset)
            plaintext.append(isLast ? NoiseRecordFlag.last : NoiseRecordFlag.more)
            plaintext.append(contentsOf: message[offset..<end])
            chunks.append(try transport.encrypt(plaintext))
            offset = end
        } while offset < message.count
        return chunks
    }

    /// Like `seal`, but returns the chunks already framed (2-byte big-endian length each)
    /// and concatenated, ready to write to the stream.
    public static func sealFramed(
        _ message: [UInt8],
        with transport: inout NoiseTransport,
        maximumLength: Int = NoiseLimits.maximumApplicationMessageLength
    ) throws -> [UInt8] {
        var output = [UInt8]()
        for chunk in try seal(message, with: &transport, maximumLength: maximumLength) {
            output.append(contentsOf: try NoiseFrameParser.frame(chunk))
        }
        return output
    }
}

/// Reassembles application messages from record chunks (see `NoiseRecordFlag`).
///
/// Feed it each Noise transport message in the order received; it returns a complete
/// application message when the `last` chunk arrives. Any error is final: the stream is
/// out of sync or under attack, later calls throw `.recordStreamFailed`, and the connection
/// must be closed.
public struct NoiseRecordReader: Sendable {
    /// The largest application message accepted.
    public let maximumLength: Int
    private var pending: [UInt8] = []
    private var failed = false

    /// - Parameter maximumLength: the largest application message accepted (default and
    ///   upper bound: `NoiseLimits.maximumApplicationMessageLength`).
    public init(maximumLength: Int = NoiseLimits.maximumApplicationMessageLength) {
        self.maximumLength = min(max(maximumLength, 0), NoiseLimits.maximumApplicationMessageLength)
    }

    /// The number of bytes of the message being reassembled.
    public var pendingByteCount: Int { pending.count }

    /// Decrypts one transport message with `transport`'s receiving CipherState.
    ///
    /// - Returns: the complete application message when this was its last chunk, else `nil`.
    /// - Throws: `.transportAuthenticationFailed`, `.messageTooShort`, `.messageTooLong`;
    ///   `.malformedRecord` for a chunk without a flag byte, with an unknown flag, or a
    ///   `more` chunk not carrying exactly 65518 data bytes; `.applicationMessageTooLong`
    ///   as soon as the message would exceed `maximumLength` (before buffering the chunk);
    ///   `.recordStreamFailed` after any earlier error.
    public mutating func open(_ transportMessage: [UInt8], with transport: inout NoiseTransport) throws -> [UInt8]? {
        guard !failed else { throw NoiseError(.recordStreamFailed) }
        do {
            let plaintext = try transport.decrypt(transportMessage)
            guard let flag = plaintext.first else {
                throw NoiseError(.malformedRecord, "a chunk without its flag byte")
            }
            let dataLength = plaintext.count - 1
            switch flag {
            case NoiseRecordFlag.more:
                guard dataLength == NoiseLimits.recordChunkDataLength else {
                    throw NoiseError(.malformedRecord, "a non-final chunk of \(dataLength) bytes; must be \(NoiseLimits.recordChunkDataLength)")
                }
            case NoiseRecordFlag.last:
                break
            default:
                throw NoiseError(.malformedRecord, "unknown flag 0x\(String(flag, radix: 16))")
            }
            guard dataLength <= maximumLength - pending.count else {
                throw NoiseError(.applicationMessageTooLong, "more than \(maximumLength) bytes")
            }
            pending.append(contentsOf: plaintext[1...])
            guard flag == NoiseRecordFlag.last else { return nil }
            let message = pending
            pending = []
            return message
        } catch {
            failed = true
            pending = []
            throw error
        }
    }
}
