import EntenteWire
import Testing

@Suite("Noise frame parser")
struct NoiseFrameParserTests {
    typealias S = NoiseTestSupport

    static let frameSizes = [1, 2, 3, 16, 100, 255, 256, 257, 1000, NoiseLimits.maximumMessageLength, 7, 65534]

    static var messages: [[UInt8]] {
        frameSizes.enumerated().map { S.pattern($0.element, seed: UInt8($0.offset)) }
    }

    static func stream() throws -> [UInt8] {
        try messages.flatMap { try NoiseFrameParser.frame($0) }
    }

    /// Feeds `stream` in chunks of `chunkSize` bytes, draining frames after each append.
    static func parse(_ stream: [UInt8], chunkSize: Int) throws -> [[UInt8]] {
        var parser = NoiseFrameParser()
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            let end = min(offset + chunkSize, stream.count)
            parser.append(Array(stream[offset..<end]))
            offset = end
            while let frame = try parser.nextFrame() { frames.append(frame) }
        }
        #expect(parser.bufferedByteCount == 0)
        return frames
    }

    @Test("frame() writes a 2-byte big-endian length")
    func frameLayout() throws {
        #expect(try NoiseFrameParser.frame([0xAA]) == [0x00, 0x01, 0xAA])
        let big = try NoiseFrameParser.frame([UInt8](repeating: 0, count: 0x1234))
        #expect(Array(big.prefix(2)) == [0x12, 0x34])
        #expect(big.count == 0x1234 + 2)
        let max = try NoiseFrameParser.frame([UInt8](repeating: 0, count: 65535))
        #expect(Array(max.prefix(2)) == [0xFF, 0xFF])
    }

    @Test("all at once, byte by byte and in chunks all give the same frames",
          arguments: [1, 2, 3, 5, 7, 13, 64, 100, 255, 500, 4096, 70_000])
    func chunkedFeeding(chunkSize: Int) throws {
        let stream = try Self.stream()
        let expected = Self.messages
        let allAtOnce = try Self.parse(stream, chunkSize: stream.count)
        #expect(allAtOnce == expected)
        let chunked = try Self.parse(stream, chunkSize: chunkSize)
        #expect(chunked.count == expected.count)
        #expect(chunked == expected)
    }

    @Test("short input returns nil and leaves the buffer alone")
    func shortInput() throws {
        var parser = NoiseFrameParser()
        #expect(try parser.nextFrame() == nil)
        parser.append([0x00])
        #expect(try parser.nextFrame() == nil)
        #expect(parser.bufferedByteCount == 1)
        parser.append([0x03, 0x01, 0x02])
        #expect(try parser.nextFrame() == nil)
        #expect(try parser.nextFrame() == nil)
        #expect(parser.bufferedByteCount == 4)
        parser.append([0x03, 0x00])
        #expect(try parser.nextFrame() == [0x01, 0x02, 0x03])
        #expect(parser.bufferedByteCount == 1)
        #expect(try parser.nextFrame() == nil)
        parser.append([0x01, 0x09])
        #expect(try parser.nextFrame() == [0x09])
        #expect(try parser.nextFrame() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("a zero-length frame is rejected, and the parser stays failed")
    func zeroLength() throws {
        var parser = NoiseFrameParser()
        parser.append([0x00, 0x01, 0x07, 0x00, 0x00, 0x00, 0x01, 0x08])
        #expect(try parser.nextFrame() == [0x07])
        S.expectNoiseError(.emptyFrame) { _ = try parser.nextFrame() }
        S.expectNoiseError(.emptyFrame) { _ = try parser.nextFrame() }
        S.expectNoiseError(.emptyFrame) { _ = try NoiseFrameParser.frame([]) }
    }

    @Test("frame(): exactly 65535 bytes accepted, 65536 rejected")
    func frameLimit() throws {
        let max = [UInt8](repeating: 3, count: NoiseLimits.maximumMessageLength)
        var parser = NoiseFrameParser()
        parser.append(try NoiseFrameParser.frame(max))
        #expect(try parser.nextFrame() == max)
        S.expectNoiseError(.frameTooLong) { _ = try NoiseFrameParser.frame(max + [3]) }
    }

    @Test("a configured limit: exactly the limit accepted, one more rejected from the header alone")
    func configuredLimit() throws {
        var parser = NoiseFrameParser(maximumFrameLength: 1000)
        #expect(parser.maximumFrameLength == 1000)
        let atLimit = S.pattern(1000)
        parser.append(try NoiseFrameParser.frame(atLimit))
        #expect(try parser.nextFrame() == atLimit)

        var over = NoiseFrameParser(maximumFrameLength: 1000)
        over.append([0x03, 0xE9])  // 1001, nothing of the body yet
        S.expectNoiseError(.frameTooLong) { _ = try over.nextFrame() }
        #expect(over.bufferedByteCount == 2)

        var huge = NoiseFrameParser(maximumFrameLength: 1000)
        huge.append([0xFF, 0xFF, 0x01])  // claims 65535 bytes
        S.expectNoiseError(.frameTooLong) { _ = try huge.nextFrame() }
        #expect(huge.bufferedByteCount == 3, "the body must not be waited for or buffered")

        #expect(NoiseFrameParser(maximumFrameLength: 1_000_000).maximumFrameLength == NoiseLimits.maximumMessageLength)
        #expect(NoiseFrameParser(maximumFrameLength: 0).maximumFrameLength == 1)
    }

    @Test("a full handshake and transport run through the framing")
    func handshakeOverFrames() throws {
        var (initiator, responder) = try S.fixedPair()
        var toResponder = NoiseFrameParser()
        var toInitiator = NoiseFrameParser()
        toResponder.append(try NoiseFrameParser.frame(try initiator.writeMessage(payload: [])))
        _ = try responder.readMessage(try #require(try toResponder.nextFrame()))
        toInitiator.append(try NoiseFrameParser.frame(try responder.writeMessage(payload: [1])))
        #expect(try initiator.readMessage(try #require(try toInitiator.nextFrame())) == [1])
        toResponder.append(try NoiseFrameParser.frame(try initiator.writeMessage(payload: [2])))
        #expect(try responder.readMessage(try #require(try toResponder.nextFrame())) == [2])
        var a = try initiator.split()
        var b = try responder.split()
        var wire: [UInt8] = []
        for index in 0..<10 { wire += try NoiseFrameParser.frame(try a.encrypt([UInt8(index)])) }
        for byte in wire {
            toResponder.append([byte])
            if let frame = try toResponder.nextFrame() {
                _ = try b.decrypt(frame)
            }
        }
        #expect(b.receiveNonce == 10)
    }
}
