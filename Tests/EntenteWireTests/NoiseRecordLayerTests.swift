import Crypto
import EntenteWire
import Testing

@Suite("Noise record layer")
struct NoiseRecordLayerTests {
    typealias S = NoiseTestSupport

    static func transports() throws -> (NoiseTransport, NoiseTransport) {
        var (initiator, responder) = try S.fixedPair()
        return try S.complete(&initiator, &responder)
    }

    static let chunk = NoiseLimits.recordChunkDataLength

    @Test("limits are named and consistent")
    func limits() {
        #expect(NoiseLimits.maximumMessageLength == 65535)
        #expect(NoiseLimits.maximumTransportPayloadLength == 65519)
        #expect(NoiseLimits.recordChunkDataLength == 65518)
        #expect(NoiseLimits.maximumApplicationMessageLength == 16_777_216)
        #expect(NoiseRecordFlag.last == 0x00 && NoiseRecordFlag.more == 0x01)
    }

    @Test("round trip at the boundaries",
          arguments: [0, 1, 2, 100, chunk - 1, chunk, chunk + 1, 65535, 65536, 2 * chunk, 2 * chunk + 1, 3 * chunk - 1])
    func roundTrip(size: Int) throws {
        var (a, b) = try Self.transports()
        let message = S.pattern(size, seed: 5)
        let chunks = try NoiseRecordWriter.seal(message, with: &a)
        #expect(chunks.count == max(1, (size + Self.chunk - 1) / Self.chunk))
        for chunk in chunks.dropLast() { #expect(chunk.count == NoiseLimits.maximumMessageLength) }
        #expect(chunks.last?.count == 1 + 16 + (size - (chunks.count - 1) * Self.chunk))
        var reader = NoiseRecordReader()
        for (index, chunk) in chunks.enumerated() {
            let result = try reader.open(chunk, with: &b)
            if index < chunks.count - 1 {
                #expect(result == nil)
            } else {
                #expect(result == message)
            }
        }
        #expect(reader.pendingByteCount == 0)
    }

    @Test("several MiB and exactly the 16 MiB maximum round-trip; the framed form parses back")
    func largeMessages() throws {
        var (a, b) = try Self.transports()
        var reader = NoiseRecordReader()
        for size in [3 * 1024 * 1024 + 7, NoiseLimits.maximumApplicationMessageLength] {
            let message = S.pattern(size, seed: 9)
            let wire = try NoiseRecordWriter.sealFramed(message, with: &a)
            var parser = NoiseFrameParser()
            var received: [UInt8]?
            var offset = 0
            while offset < wire.count {
                let end = min(offset + 100_000, wire.count)
                parser.append(Array(wire[offset..<end]))
                offset = end
                while let frame = try parser.nextFrame() {
                    #expect(received == nil)
                    received = try reader.open(frame, with: &b)
                }
            }
            #expect(received == message)
        }
    }

    @Test("several messages in a row keep their boundaries")
    func sequence() throws {
        var (a, b) = try Self.transports()
        var reader = NoiseRecordReader()
        let messages = [S.pattern(0), S.pattern(70_000, seed: 1), S.pattern(3, seed: 2), S.pattern(Self.chunk, seed: 3)]
        var received: [[UInt8]] = []
        for message in messages {
            for chunk in try NoiseRecordWriter.seal(message, with: &a) {
                if let whole = try reader.open(chunk, with: &b) { received.append(whole) }
            }
        }
        #expect(received == messages)
        // And the other direction uses the other CipherState.
        var backReader = NoiseRecordReader()
        let back = try NoiseRecordWriter.seal([7, 7], with: &b)
        #expect(try backReader.open(back[0], with: &a) == [7, 7])
    }

    @Test("the writer refuses an oversized message before encrypting anything")
    func writerRejectsOversize() throws {
        var (a, _) = try Self.transports()
        let tooBig = [UInt8](repeating: 0, count: NoiseLimits.maximumApplicationMessageLength + 1)
        S.expectNoiseError(.applicationMessageTooLong) { _ = try NoiseRecordWriter.seal(tooBig, with: &a) }
        S.expectNoiseError(.applicationMessageTooLong) {
            _ = try NoiseRecordWriter.seal([UInt8](repeating: 0, count: 11), with: &a, maximumLength: 10)
        }
        #expect(a.sendNonce == 0)
    }

    @Test("the reader rejects a message growing past its limit before buffering the chunk")
    func readerRejectsOversize() throws {
        var (a, b) = try Self.transports()
        var reader = NoiseRecordReader(maximumLength: 100_000)
        let chunks = try NoiseRecordWriter.seal(S.pattern(100_001), with: &a, maximumLength: .max)
        #expect(chunks.count == 2)
        #expect(try reader.open(chunks[0], with: &b) == nil)
        #expect(reader.pendingByteCount == Self.chunk)
        S.expectNoiseError(.applicationMessageTooLong) { _ = try reader.open(chunks[1], with: &b) }
        #expect(reader.pendingByteCount == 0)
        S.expectNoiseError(.recordStreamFailed) { _ = try reader.open(chunks[1], with: &b) }

        // Exactly the limit is accepted.
        var (c, d) = try Self.transports()
        var exact = NoiseRecordReader(maximumLength: 100_000)
        let okChunks = try NoiseRecordWriter.seal(S.pattern(100_000), with: &c)
        #expect(try exact.open(okChunks[0], with: &d) == nil)
        #expect(try exact.open(okChunks[1], with: &d)?.count == 100_000)
    }

    @Test("the default reader rejects a peer's message of 16 MiB + 1")
    func defaultReaderRejectsOversize() throws {
        var (a, b) = try Self.transports()
        var reader = NoiseRecordReader()
        let size = NoiseLimits.maximumApplicationMessageLength + 1
        let chunks = try NoiseRecordWriter.seal([UInt8](repeating: 1, count: size), with: &a, maximumLength: .max)
        var caught: NoiseError?
        for chunk in chunks {
            do {
                _ = try reader.open(chunk, with: &b)
            } catch let error as NoiseError {
                caught = error
                break
            }
        }
        #expect(caught?.kind == .applicationMessageTooLong)
        #expect(b.receiveNonce == UInt64(chunks.count), "the rejection happens on the last chunk")
    }

    @Test("malformed chunks are rejected and end the stream")
    func malformed() throws {
        let cases: [[UInt8]] = [
            [],  // no flag byte
            [0x02, 1, 2, 3],  // unknown flag
            [0xFF],
            [NoiseRecordFlag.more],  // empty non-final chunk
            [NoiseRecordFlag.more] + [UInt8](repeating: 0, count: 100),  // short non-final chunk
        ]
        for plaintext in cases {
            var (a, b) = try Self.transports()
            var reader = NoiseRecordReader()
            let message = try a.encrypt(plaintext)
            S.expectNoiseError(.malformedRecord) { _ = try reader.open(message, with: &b) }
            let good = try NoiseRecordWriter.seal([1], with: &a)
            S.expectNoiseError(.recordStreamFailed) { _ = try reader.open(good[0], with: &b) }
        }
    }

    @Test("a tampered chunk fails authentication")
    func tampered() throws {
        var (a, b) = try Self.transports()
        var reader = NoiseRecordReader()
        var chunks = try NoiseRecordWriter.seal(S.pattern(70_000), with: &a)
        chunks[1][0] ^= 1
        #expect(try reader.open(chunks[0], with: &b) == nil)
        S.expectNoiseError(.transportAuthenticationFailed) { _ = try reader.open(chunks[1], with: &b) }
        #expect(reader.pendingByteCount == 0)
    }

    /// The record-layer vector of HANDSHAKE.md: the cacophony XXpsk3 handshake (fixed keys,
    /// empty handshake payloads), then the initiator sends two application messages.
    @Test("the HANDSHAKE.md record-layer vector")
    func documentedVector() throws {
        var (initiator, responder) = try S.fixedPair()
        let m1 = try initiator.writeMessage(payload: [])
        #expect(S.hex(m1) == RecordVector.message1)
        _ = try responder.readMessage(m1)
        let m2 = try responder.writeMessage(payload: [])
        #expect(S.hex(m2) == RecordVector.message2)
        _ = try initiator.readMessage(m2)
        let m3 = try initiator.writeMessage(payload: [])
        #expect(S.hex(m3) == RecordVector.message3)
        _ = try responder.readMessage(m3)
        var a = try initiator.split()
        var b = try responder.split()
        #expect(S.hex(a.handshakeHash) == RecordVector.handshakeHash)

        let hello = try NoiseRecordWriter.sealFramed(Array("hello, collective".utf8), with: &a)
        #expect(S.hex(hello) == RecordVector.helloFramed)

        let big = S.pattern(70_000)  // byte i = (31 * i) mod 256
        let bigChunks = try NoiseRecordWriter.seal(big, with: &a)
        #expect(bigChunks.map(\.count) == [65535, 4499])
        #expect(bigChunks.map { S.hex(Array(SHA256.hash(data: $0))) } == RecordVector.bigChunkSHA256)
        #expect(S.hex(Array(bigChunks[0].prefix(32))) == RecordVector.bigFirst32)
        #expect(S.hex(Array(bigChunks[1].suffix(16))) == RecordVector.bigLastTag)

        var reader = NoiseRecordReader()
        var parser = NoiseFrameParser()
        parser.append(hello)
        #expect(try reader.open(try #require(try parser.nextFrame()), with: &b) == Array("hello, collective".utf8))
        #expect(try reader.open(bigChunks[0], with: &b) == nil)
        #expect(try reader.open(bigChunks[1], with: &b) == big)
    }
}

/// Values cross-checked with an independent implementation (Python, pyca/cryptography).
enum RecordVector {
    static let message1 = "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c794443b55e83271324a67f3d6b1deef5ff81"
    static let message2 = "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f144808843b123def17f71e6ae8e57e0e1dec5949c5f7415c6f33517398747d821a06dc23a4c3cbc76117aa9635d88697141089f2bbb3d2550ba32f1153076d582013fdba6"
    static let message3 = "52187316111b118d4c060364f7b975dc0809b2590779aff2d63113c564f1174405f0ce6417512ea50a55e15811d4029aef0c0c01fc264193b7b3f30e2fe89306"
    static let handshakeHash = "7bf5a6e7bf5ed4b7f036bdbb72f6ae6103f8e15e35f10f5d97685de2c54ef239"
    static let helloFramed = "00221820503e1ecad4808d3b82bfff17f7d40c2746f9464adb18063660139aa3c2b0dcdd"
    static let bigChunkSHA256 = [
        "f3e9be9010baab00e8131b776fdb2297978f0861e6240164f79813979a3a9f52",
        "6634c4b79fcc7d6d73365e0b720a862732baa6b10403b93519b67e17507cd17f",
    ]
    static let bigFirst32 = "9267397e1443c512abfc1327ea709dd0e356be8b41d48dbf2eb657dee8cc23a0"
    static let bigLastTag = "3f5c397adfaf1e3113ef7939ab435bb0"
}
