import Crypto
import EntenteCore
import EntenteWire

/// A completed XXpsk3 handshake between fixed keys, made once: the harnesses copy its two
/// transports (value types) for every input, so each input starts from the same session.
enum NoiseFixture {
    static let prologue = NoiseHandshake.ententePrologue

    /// (initiator's transport, responder's transport).
    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let transports: (NoiseTransport, NoiseTransport) = {
        do {
            var initiator = try NoiseHandshake(
                _pattern: .xxpsk3, role: .initiator, prologue: prologue, staticKey: FuzzFixtures.staticKey(0x65),
                psk: FuzzFixtures.secret, _ephemeral: FuzzFixtures.staticKey(0x11))
            var responder = try NoiseHandshake(
                _pattern: .xxpsk3, role: .responder, prologue: prologue, staticKey: FuzzFixtures.staticKey(0x66),
                psk: FuzzFixtures.secret, _ephemeral: FuzzFixtures.staticKey(0x12))
            _ = try responder.readMessage(try initiator.writeMessage(payload: []))
            _ = try initiator.readMessage(try responder.writeMessage(payload: []))
            _ = try responder.readMessage(try initiator.writeMessage(payload: []))
            return (try initiator.split(), try responder.split())
        } catch {
            fuzzFailure("noise", "the fixed handshake failed: \(error)")
        }
    }()
}

enum NoiseTargets {
    // MARK: - noise-frames (HANDSHAKE.md §7)

    /// A byte stream cut into pieces by the input: a limit byte, then (piece length, piece)
    /// pairs. Every frame returned must be exactly the stream's next length-prefixed message.
    static func frames(_ data: [UInt8]) {
        var input = FuzzInput(data)
        let limitChoice = input.byte()
        let maximum = limitChoice == 0 ? NoiseLimits.maximumMessageLength : Int(limitChoice) * 37 - 100
        var parser = NoiseFrameParser(maximumFrameLength: maximum)
        fuzzCheck((1...NoiseLimits.maximumMessageLength).contains(parser.maximumFrameLength), "noise-frames", "the frame limit is out of range")
        var stream: [UInt8] = []
        var consumed = 0
        while !input.isAtEnd {
            let piece = input.take(Int(input.byte()))
            stream += piece
            parser.append(piece)
            while true {
                let frame: [UInt8]?
                do {
                    frame = try parser.nextFrame()
                } catch {
                    // A refused header: it must be a zero length or one over the limit.
                    let length = Int(stream[consumed]) << 8 | Int(stream[consumed + 1])
                    fuzzCheck(length == 0 || length > parser.maximumFrameLength, "noise-frames", "a valid header was refused")
                    return
                }
                guard let frame else { break }
                let framed = Array(stream[consumed..<(consumed + NoiseFrameParser.headerLength + frame.count)])
                fuzzCheck(sameBytes(try? NoiseFrameParser.frame(frame), framed), "noise-frames", "a frame is not the stream's next message")
                consumed += framed.count
            }
            fuzzCheck(parser.bufferedByteCount == stream.count - consumed, "noise-frames", "the parser lost or invented bytes")
        }
    }

    // MARK: - noise-record (HANDSHAKE.md §8)

    /// The record layer of the responder, against a model of HANDSHAKE.md §8. A limit, then
    /// steps: 0 — a chunk (flag, data) encrypted by the initiator; 1 — a full `more` chunk;
    /// 2 — raw bytes as the transport message; 3 — a message of 0 to 2 chunks ± 128 bytes
    /// sealed by `NoiseRecordWriter` and reassembled by a fresh reader, which must give it back.
    static func record(_ data: [UInt8]) {
        var input = FuzzInput(data)
        var (sender, receiver) = NoiseFixture.transports
        let limit = input.bool() ? NoiseLimits.maximumApplicationMessageLength : Int(input.uint32() % 300_000)
        var reader = NoiseRecordReader(maximumLength: limit)
        var pending: [UInt8] = []
        var failed = false
        // One 64 KiB operation (a full chunk or a writer round trip past one chunk) per input:
        // they cost a hundred small ones.
        var large = 0
        while !input.isAtEnd {
            let step = input.byte() % 4
            switch step {
            case 0, 1:
                var plaintext: [UInt8]
                if step == 1, large < 1 {
                    large += 1
                    plaintext = [NoiseRecordFlag.more] + [UInt8](repeating: input.byte(), count: NoiseLimits.recordChunkDataLength)
                } else {
                    plaintext = input.chunk()
                    if plaintext.count > NoiseLimits.maximumTransportPayloadLength { plaintext.removeLast(plaintext.count - NoiseLimits.maximumTransportPayloadLength) }
                }
                guard let message = try? sender.encrypt(plaintext) else { fuzzFailure("noise-record", "encrypting a chunk failed") }
                let result = Result { try reader.open(message, with: &receiver) }
                // The model: what §8 says the reader must do with this chunk.
                let flag = plaintext.first
                let body = Array(plaintext.dropFirst())
                let accepted = !failed && (flag == NoiseRecordFlag.last || (flag == NoiseRecordFlag.more && body.count == NoiseLimits.recordChunkDataLength))
                    && pending.count + body.count <= reader.maximumLength
                switch result {
                case .success(let complete):
                    fuzzCheck(accepted, "noise-record", "a chunk the model refuses was accepted")
                    pending += body
                    if flag == NoiseRecordFlag.last {
                        fuzzCheck(sameBytes(complete, pending), "noise-record", "a reassembled message differs from its chunks")
                        pending = []
                    } else {
                        fuzzCheck(complete == nil, "noise-record", "a message completed before its last chunk")
                    }
                    fuzzCheck(reader.pendingByteCount == pending.count, "noise-record", "the pending count is wrong")
                case .failure:
                    fuzzCheck(!accepted, "noise-record", "a chunk the model accepts was refused")
                    failed = true
                    pending = []
                }
            case 2:
                let raw = input.chunk()
                let result = Result { try reader.open(raw, with: &receiver) }
                if case .success = result { fuzzFailure("noise-record", "raw bytes passed authentication") }
                failed = true
                pending = []
            default:
                // Lengths around the chunk boundaries: 0...2 full chunks, plus or minus 128 bytes.
                let full = large < 1 ? Int(input.byte() % 3) : 0
                if full > 0 { large += 1 }
                let length = max(0, full * NoiseLimits.recordChunkDataLength + Int(Int8(bitPattern: input.byte())))
                let message = [UInt8](repeating: input.byte(), count: length)
                var (writer, opener) = NoiseFixture.transports
                var fresh = NoiseRecordReader()
                guard let chunks = try? NoiseRecordWriter.seal(message, with: &writer) else {
                    fuzzFailure("noise-record", "sealing a \(length)-byte message failed")
                }
                let expected = max(1, (length + NoiseLimits.recordChunkDataLength - 1) / NoiseLimits.recordChunkDataLength)
                fuzzCheck(chunks.count == expected, "noise-record", "a \(length)-byte message took \(chunks.count) chunks, not \(expected)")
                var reassembled: [UInt8]?
                for (index, chunk) in chunks.enumerated() {
                    fuzzCheck(chunk.count <= NoiseLimits.maximumMessageLength, "noise-record", "a chunk is over 65535 bytes")
                    let result: [UInt8]?
                    do {
                        result = try fresh.open(chunk, with: &opener)
                    } catch {
                        fuzzFailure("noise-record", "a sealed chunk was refused: \(error)")
                    }
                    fuzzCheck((result != nil) == (index == chunks.count - 1), "noise-record", "a message completed at the wrong chunk")
                    reassembled = result
                }
                fuzzCheck(sameBytes(reassembled, message), "noise-record", "a sealed message came back different")
            }
        }
    }
}
