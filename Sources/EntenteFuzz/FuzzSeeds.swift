import Crypto
import EntenteCore
import EntenteText
import EntenteWire
import Foundation

/// The seed corpus of every target (`Fuzz/Corpus/<target>/`), made from the golden vectors of
/// `Protocol/vectors/` and from the harnesses' own fixtures, in each harness's input format.
/// `EntenteFuzz --seeds Fuzz/Corpus` writes them; the files are committed, small, and named
/// by content so that writing them again changes nothing.
enum FuzzSeeds {
    static func write(to directory: String) throws -> Int {
        var written = 0
        for (target, seeds) in try self.all() {
            let folder = (directory as NSString).appendingPathComponent(target)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in seeds {
                let name = "seed-" + Hex.encode(SHA256Digest.hash(seed).prefix(8))
                try Data(seed).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
                written += 1
            }
        }
        return written
    }

    static func vectors(_ name: String, filePath: String = #filePath) throws -> [String: Any] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/vectors").appendingPathComponent(name)
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw SeedError("\(name) is not a JSON object")
        }
        return object
    }

    struct SeedError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func hexField(_ object: Any?, _ key: String) throws -> [UInt8] {
        guard let dictionary = object as? [String: Any], let text = dictionary[key] as? String else { throw SeedError("no \(key)") }
        return fuzzHex(text)
    }

    static func all() throws -> [String: [[UInt8]]] {
        var seeds: [String: [[UInt8]]] = [:]
        let changes = try vectors("changes.json")
        let bundle = try vectors("bundle.json")
        let text = try vectors("text-vectors.json")
        let authority = try vectors("authority.json")

        // change: the signed and unsigned golden changes, the authority steps, values.
        var signed: [[UInt8]] = []
        for vector in changes["changes"] as? [Any] ?? [] {
            signed.append(try hexField(vector, "signed"))
            seeds["change", default: []].append(try hexField(vector, "unsigned"))
        }
        for step in (authority["steps"] as? [Any] ?? []).prefix(12) { signed.append(try hexField(step, "signed")) }
        seeds["change", default: []] += signed
        seeds["change", default: []] += [Value.int(-3), .string("é"), .bytes([1, 2]), .record(RecordID(unchecked: [UInt8](repeating: 7, count: 16))), .bool(true), .null].map(\.encoded)

        // bundle: the golden file as read from disk, its body, and a body of several changes.
        seeds["bundle"] = [
            [0] + (try hexField(bundle, "sealed")),
            [1] + (try hexField(bundle, "body")),
            [3] + Self.body(Array(signed.prefix(4))),
            [0] + Array((try hexField(bundle, "sealed")).prefix(40)),
            [0] + (try hexField(bundle, "padded")),
        ]

        // relay-receipt: the golden receipt as read from a folder, its body, and a cut file.
        let relay = try vectors("relay.json")
        let receipt = relay["receipt"]
        seeds["relay-receipt"] = [
            [0] + (try hexField(receipt, "sealed")),
            [1] + (try hexField(receipt, "body")) + (try hexField(receipt, "signature")),
            [0] + Array((try hexField(receipt, "sealed")).prefix(40)),
        ]

        // text-operation: the three golden operations, alone and in sequence, on either base.
        let steps = (text["steps"] as? [Any] ?? []).compactMap { try? hexField($0, "hex") }
        var textOperations: [[UInt8]] = []
        for (index, operation) in steps.enumerated() {
            textOperations.append([0] + FuzzInput.chunk(operation))
            textOperations.append([1] + FuzzInput.chunk(operation))
            textOperations.append([0] + steps.prefix(index + 1).flatMap(FuzzInput.chunk))
        }
        var golden = DecoderTargets.goldenTextState
        let local = try golden.applyLocal([TextPatch(position: 3, deleteCount: 2, insert: "— ok")], by: TextAgent([0xc3]))
        textOperations.append([1] + FuzzInput.chunk(local.encoded()))
        seeds["text-operation"] = textOperations

        // text-state: the golden states, and states of documents edited here.
        let final = text["final"] as? [String: Any]
        var states = [try hexField(final, "state_hex"), fuzzHex(text["empty_state_hex"] as? String ?? "")]
        states.append(golden.encodedState())
        var edited = TextDocument()
        for (index, word) in ["Une ", "vision ", "partagée", " ✓"].enumerated() {
            _ = try edited.applyLocal([TextPatch(position: edited.scalarCount, insert: word)], by: TextAgent([UInt8(0x41 + index % 2)]))
            _ = try edited.applyLocal([TextPatch(position: 0, deleteCount: index == 2 ? 1 : 0, insert: "")], by: TextAgent([0x43]))
            states.append(edited.encodedState())
        }
        seeds["text-state"] = states

        // sync-message: one of each type.
        let refusal = SyncRefusal(.protocolViolation, "malformed")
        seeds["sync-message"] = [
            fuzzHex("07028139770ea87d175fac02bbbbbbbbbbbbbbbb8a88e3dd7409f19503aaaaaaaaaaaaaaaa"),
            fuzzHex("01028139770ea87d175fac028a88e3dd7409f19503"),
            SyncMessage.changes(Array(signed.prefix(2)), last: false).encoded(),
            SyncMessage.changes([signed[0]], last: true).encoded(),
            SyncMessage.changes([], last: true).encoded(),
            SyncMessage.ack(count: 2).encoded(),
            SyncMessage.close(refusal).encoded(),
            SyncMessage.welcome(secret: FuzzFixtures.secret).encoded(),
        ]

        // handshake-payload: the golden identity and join payloads.
        seeds["handshake-payload"] = [
            fuzzHex("018a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c3da1e6ca45c4f67f0d290fa558441140334c30a971eed1d3b9fb5c3c99f8ee4439535d88a2e3c7b28c15e9f23e19909f0f5efca64f1adbbb9ed2bff81c7fc50a"),
            fuzzHex("02000102030405060708090a0b0c0d0e0f8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b39445a12a3770472566de5d27648150a88e6e5ab113235201e6239a6940b2b78d8337fb5d957802398f416c56c4e52ddf02460986dd48cc3043300c7725c001340a03426f62"),
        ]

        // invite-code: the golden code as text, as bytes, and as bytes before the checksum.
        let inviteText = "entente1:alambqgaydambqgaydambqgaydaf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xqaaaaaa22j2iabz7ajgeyc4nzxfyyc4mjtv4uei"
        let invite = try InviteCode(text: inviteText)
        let inviteBytes = invite.encodedBytes()
        let ipv6 = InviteCode(collective: FuzzFixtures.collective, key: FuzzFixtures.secret, expires: UInt64.max, host: "::1", port: 65535)
        seeds["invite-code"] = [
            [0] + Array(inviteText.utf8),
            [0] + Array(ipv6.text.uppercased().utf8),
            [1] + inviteBytes,
            [2] + Array(inviteBytes.dropLast(4)),
            [2] + Array(ipv6.encodedBytes().dropLast(4)),
        ]

        // discovery-packet: the golden datagram (DISCOVERY.md §6), and its header and
        // plaintext to be sealed here.
        let datagram = fuzzHex("454e544402031cfc000000006b49d200000102030405060708090a0b0c0d0e0f48d1528cfd0c75d95477fd924ced20eeb2520ff4b1a4608b4dce153a0c0974efbce2f30a5a98b7e07d2ccf17333a053ef85b3ab08d03ac7b310d8be4af22b047003571ecd57a0bca36bf5cf12375e898774f8a0a96d3312457b915b7e6dc74fb054ef82b30394f930dbc512ccb7ba9f02a0ea11ddd3b8de0d535a390d7d41955936555cceb40c84ebad31901d0951883")
        let plaintext = fuzzHex("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c" + String(repeating: "ab", count: 32)
            + "6583682424b8197279780b3e23b82fb816f50b46960a387fca9e7a92136f7573590bf6acbda217d8c58b64e8e5a62e9bbbb23d69bd5363045f9eaf23a4953e0d")
        seeds["discovery-packet"] = [
            [0] + datagram,
            [1] + Array(datagram.prefix(32)) + plaintext,
            [1] + Array(datagram.prefix(32)) + plaintext + [0, 0, 0, 0, 0x6b, 0x49, 0xd3, 0x00],
            [0] + Array(datagram.prefix(5)),
        ]

        // record-proofs: Alice's presence proof of the golden announcement, and the sealed
        // entry of VISION.md's vector.
        let proof = fuzzHex("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c") + Array(datagram.prefix(32))
            + fuzzHex("6583682424b8197279780b3e23b82fb816f50b46960a387fca9e7a92136f7573590bf6acbda217d8c58b64e8e5a62e9bbbb23d69bd5363045f9eaf23a4953e0d")
        let sealed = fuzzHex("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c4445b074bed16c1b4e21bd63d9cb42596a910397314ec9dc93058fa7c0d2ff09474cfc0bbda1a9245120966a7f7b72819b177c631c895774163a0d280e7abcf730df98950d7a97580b478537df84f0fe")
        seeds["record-proofs"] = [[0] + proof, [0] + proof + proof, [1] + sealed, [1] + sealed + sealed, [1] + Array(sealed.dropLast())]

        // form-body: what the board's forms post, and the bodies that once stopped it.
        seeds["form-body"] = [
            "csrf=ab12&back=%2Fcommitments&what=Book+the+room+%26+the+caf%C3%A9&towards=Bob&towards=Chlo%C3%A9&due=2026-03-01",
            "csrf=ab12&back=%2Fvision&text=Un+studio%0D%0Apartag%C3%A9&message=",
            "%", "%zz", " ", "#", "a=%e9", "&&a&=b&",
        ].map { Array($0.utf8) } + [[0xff]]

        // noise-frames: a limit byte, then pieces of a stream of frames.
        let message1 = fuzzHex("00307b4e909bbe7ffe44c465a220037d608ee35897d31ef972f07f74892cb0f73f132eadd4958bb7e1c698b0686378e636bc")
        seeds["noise-frames"] = [
            [0, UInt8(message1.count)] + message1,
            [0, 3, 0, 2, 0xaa, 2, 0xbb, 0, 5, 0, 1, 0xcc, 0, 0],
            [2, 4, 0, 200, 1, 2],
            [0, 2, 0, 0],
        ]

        // noise-record: chunks against the model, a multi-chunk message, the writer round trip.
        seeds["noise-record"] = [
            [1, 0] + FuzzInput.chunk([0] + Array("hello".utf8)),
            [1, 1, 0x41, 0] + FuzzInput.chunk([0, 1, 2]),
            [0, 0, 0, 0, 100, 0] + FuzzInput.chunk([0] + [UInt8](repeating: 9, count: 200)),
            [1, 3, 0x10, 0x00, 2, 0x55],
            [1, 0] + FuzzInput.chunk([2]) + [2] + FuzzInput.chunk([1, 2, 3]),
            [1, 0] + FuzzInput.chunk([]),
        ]

        seeds["session"] = try self.sessionSeeds()
        seeds["merge"] = self.mergeSeeds()
        return seeds
    }

    static func body(_ changes: [[UInt8]]) -> [UInt8] {
        DecoderTargets.u32(changes.count) + changes.flatMap { DecoderTargets.u32($0.count) + $0 }
    }

    /// The session's three starting points, and whole exchanges from the admitted one.
    static func sessionSeeds() throws -> [[UInt8]] {
        var handshake = try NoiseHandshake(
            _pattern: .xxpsk3, role: .initiator, prologue: NoiseHandshake.ententePrologue, staticKey: SessionTarget.aliceStatic,
            psk: FuzzFixtures.secret, _ephemeral: FuzzFixtures.staticKey(0x11))
        let written = try handshake.writeMessage(payload: [])
        let message1 = try NoiseFrameParser.frame(written + Mac1.compute(psk: FuzzFixtures.secret, collective: FuzzFixtures.collective, message: written))
        let payload = HandshakePayload.member(identity: SessionTarget.alice, collective: FuzzFixtures.collective,
                                              staticKey: Array(SessionTarget.aliceStatic.publicKey.rawRepresentation)).encoded()
        let vector = SyncMessage.summary(HistorySummary()).encoded()
        let vectorWithoutHeads = [UInt8(0x07), 0]  // an earlier Entente's vector: refused in words
        let ack1 = SyncMessage.ack(count: 1).encoded()
        let ack0 = SyncMessage.ack(count: 0).encoded()
        let batch = SyncMessage.changes(SessionTarget.pool.map(\.encoded), last: true).encoded()
        return [
            [0] + FuzzInput.chunk(message1),
            [0] + FuzzInput.chunk(Array(message1.prefix(10))) + FuzzInput.chunk(Array(message1.dropFirst(10))),
            [1, 1] + FuzzInput.chunk(payload),
            [1, 1] + FuzzInput.chunk(fuzzHex("02000102030405060708090a0b0c0d0e0f")),
            [1, 0] + FuzzInput.chunk([0, 4, 1, 2, 3, 4]),
            // Alice's summary, her last batch, our ack, then our stream and her ack.
            [2, 1] + FuzzInput.chunk(vector) + [0] + [1] + FuzzInput.chunk(batch) + [0] + [4, 5, 3] + [1] + FuzzInput.chunk(ack1) + [0],
            [2, 3, 0, 1, 3, 2, 1, 1, 4, 5, 0, 1] + FuzzInput.chunk(ack0) + [0],
            [2, 9, 1] + FuzzInput.chunk(vector) + [0, 9, 9],
            [2, 9, 1] + FuzzInput.chunk(vectorWithoutHeads) + [0, 9, 9],
            [2, 0] + FuzzInput.chunk([0, 20] + [UInt8](repeating: 0x33, count: 20)),
            [2, 7, 4, 8, 1, 1],
        ]
    }

    /// Inputs of the merge generator: a seeded stream of choices, and the 2^64-1 context.
    static func mergeSeeds() -> [[UInt8]] {
        var state: UInt64 = 0x5eed
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        var seeds: [[UInt8]] = []
        for length in stride(from: 24, through: 360, by: 24) {
            seeds.append((0..<length).map { _ in next() })
        }
        // Bob (index 1) signs his next change with a context of 2^64-1 for every author.
        seeds.append([1, 1, 0, 4, 1, 10, 0, 0, 1, 2, 0, 1, 0x01, 1, 0, 1, 1] + [UInt8](repeating: 0, count: 8))
        // Carol (index 2): a change claiming sequence number 2^64-1.
        seeds.append([1, 2, 7, 0, 0, 0, 0, 2, 0, 1, 1, 3, 1, 2, 5, 1, 0, 1, 1])
        return seeds
    }
}
