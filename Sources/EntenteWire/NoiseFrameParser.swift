/// The wire framing of Noise messages over a byte stream (HANDSHAKE.md section 7, "Framing"; the
/// standard framing of Noise spec revision 34 §3 for TCP): each message is preceded by its
/// length as a 2-byte big-endian unsigned integer. A length of zero is invalid.
///
/// Pure and incremental, in the style of swift-nio-ssh's `SSHPacketParser`: `append` the
/// bytes as they arrive, then call `nextFrame()` until it returns `nil`.
///
/// ```swift
/// var parser = NoiseFrameParser()
/// parser.append(bytesFromSocket)
/// while let message = try parser.nextFrame() { ... }
/// ```
public struct NoiseFrameParser: Sendable {
    /// The length of the frame header.
    public static let headerLength = 2

    /// The largest message length this parser accepts (at most `NoiseLimits.maximumMessageLength`).
    public let maximumFrameLength: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// - Parameter maximumFrameLength: the largest message accepted, 1 through 65535; values
    ///   outside are clamped into that range. A header announcing more is rejected as soon as
    ///   the 2 header bytes have arrived, before the body is buffered.
    public init(maximumFrameLength: Int = NoiseLimits.maximumMessageLength) {
        self.maximumFrameLength = min(max(maximumFrameLength, 1), NoiseLimits.maximumMessageLength)
    }

    /// The number of received bytes not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete message (without its header), or `nil` if a whole frame has
    /// not arrived yet; then the buffered bytes are left as they are.
    ///
    /// - Throws: `.emptyFrame` for a zero length, `.frameTooLong` for a length over
    ///   `maximumFrameLength`. The parser stays failed: later calls throw again, and the
    ///   connection must be closed.
    public mutating func nextFrame() throws -> [UInt8]? {
        guard bufferedByteCount >= Self.headerLength else { return nil }
        let length = Int(buffer[readIndex]) << 8 | Int(buffer[readIndex + 1])
        guard length > 0 else { throw NoiseError(.emptyFrame) }
        guard length <= maximumFrameLength else {
            throw NoiseError(.frameTooLong, "the header announces \(length) bytes; at most \(maximumFrameLength)")
        }
        guard bufferedByteCount >= Self.headerLength + length else { return nil }
        let start = readIndex + Self.headerLength
        let frame = Array(buffer[start..<(start + length)])
        readIndex = start + length
        compactIfWorthwhile()
        return frame
    }

    /// Frames `message` for the wire: 2-byte big-endian length, then the message.
    /// - Throws: `.emptyFrame` for an empty message, `.frameTooLong` over 65535 bytes.
    public static func frame(_ message: [UInt8]) throws -> [UInt8] {
        guard !message.isEmpty else { throw NoiseError(.emptyFrame) }
        guard message.count <= NoiseLimits.maximumMessageLength else {
            throw NoiseError(.frameTooLong, "\(message.count) bytes; at most \(NoiseLimits.maximumMessageLength)")
        }
        var framed = [UInt8]()
        framed.reserveCapacity(headerLength + message.count)
        framed.append(UInt8(truncatingIfNeeded: message.count >> 8))
        framed.append(UInt8(truncatingIfNeeded: message.count))
        framed.append(contentsOf: message)
        return framed
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
