import Crypto
import EntenteCore
import EntenteForm
import EntenteText
import EntenteWire

/// The fixed keys and ids the harnesses share: those of the golden vectors in `Protocol/`.
enum FuzzFixtures {
    /// The collective secret of `Protocol/vectors/bundle.json` and DISCOVERY.md §6: 32 × `5e`.
    static let secret = [UInt8](repeating: 0x5e, count: 32)
    /// The collective id of the bundle, discovery and sync vectors: 16 × `c0`.
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 0xc0, count: 16))
    /// The receiver's clock of the discovery target: the golden vector's time.
    static let discoveryNow: UInt64 = 1_800_000_000
    /// The X25519 key sealed entries are opened with (seed 32 × `03`, SecretRotationTests' vector).
    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let noiseKey: Curve25519.KeyAgreement.PrivateKey = {
        // 32 bytes is always a valid X25519 private key.
        (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: 3, count: 32))) ?? Curve25519.KeyAgreement.PrivateKey()
    }()

    /// Alice of the sync and discovery vectors (seed 32 × `01`).
    static let alice = identity(0x01)

    static func identity(_ byte: UInt8) -> SigningIdentity {
        do {
            return try SigningIdentity(rawSeed: [UInt8](repeating: byte, count: 32))
        } catch {
            fuzzFailure("fixtures", "a fixed Ed25519 seed was refused: \(error)")
        }
    }

    static func staticKey(_ byte: UInt8) -> Curve25519.KeyAgreement.PrivateKey {
        do {
            return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
        } catch {
            fuzzFailure("fixtures", "a fixed X25519 key was refused: \(error)")
        }
    }
}

/// The decoders of bytes that come from outside: each target decodes, and whatever decodes
/// must encode back to the same bytes (every encoding in `Protocol/` is canonical).
enum DecoderTargets {
    // MARK: - change (Protocol/CHANGES.md §2–§4)

    /// A signed change, an unsigned change and a value, as a replica reads them from a peer,
    /// a bundle or its own file.
    static func change(_ data: [UInt8]) {
        _ = try? Value(decoding: data)
        if let change = try? Change(decoding: data) {
            fuzzCheck(change.encoded() == data, "change", "an unsigned change does not re-encode to its bytes")
            _ = try? change.validate()
        }
        guard let signed = try? SignedChange(decoding: data) else { return }
        fuzzCheck(signed.encoded == data, "change", "a signed change does not re-encode to its bytes")
        fuzzCheck(signed.change.encoded() == signed.unsignedBytes, "change", "the decoded change does not re-encode to its unsigned bytes")
        // What a replica reads from every change it receives.
        _ = signed.change.createdRecords
        _ = Founding.isFounding(signed.change)
        for case .create(let record, _) in signed.change.operations { _ = signed.resolve(record) }
        // Ed25519 verification with a peer's key bytes, on a fuzzer-chosen share of inputs
        // (it costs as much as the rest of the target).
        if signed.signature[0] & 0x0f == 0 { _ = signed.verifySignature() }
    }

    // MARK: - bundle (Protocol/CHANGES.md §7)

    /// Mode byte, then: even — a bundle file as read from disk (header checks, then
    /// authentication fails); odd — a body sealed here with the collective secret, as a
    /// member holding the secret could make it, so the decoding of the body is reached.
    static func bundle(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        if mode & 1 == 0 {
            _ = try? ChangeBundle.Header(of: rest)
            _ = try? ChangeBundle(opening: rest, secret: FuzzFixtures.secret)
            return
        }
        let sealed = Self.sealBundle(body: rest, nonce: [UInt8](repeating: mode, count: ChangeBundle.nonceLength))
        fuzzCheck((try? ChangeBundle.Header(of: sealed)) != nil, "bundle", "the header of a well-formed bundle was refused")
        guard let bundle = try? ChangeBundle(opening: sealed, secret: FuzzFixtures.secret) else { return }
        fuzzCheck(bundle.collective == FuzzFixtures.collective, "bundle", "the opened bundle names another collective")
        // The body's encoding is canonical: re-encoding the changes gives the body back, but
        // for its padding (CHANGES.md §7), which is zero bytes only.
        var body = Self.u32(bundle.changes.count)
        for change in bundle.changes { body += Self.u32(change.encoded.count) + change.encoded }
        fuzzCheck(rest.starts(with: body) && rest.dropFirst(body.count).allSatisfy { $0 == 0 }, "bundle",
                  "an opened body does not re-encode to its bytes and zero padding")
    }

    /// `header || ChaCha20-Poly1305(HKDF(secret, salt: collective, info: "entente/1 bundle"), body)`,
    /// written from CHANGES.md §7 rather than with the module's own sealing code.
    static func sealBundle(body: [UInt8], nonce: [UInt8]) -> [UInt8] {
        let collective = FuzzFixtures.collective
        let header = ChangeBundle.magic + [ChangeBundle.formatVersion] + collective.bytes + nonce
        do {
            let box = try ChaChaPoly.seal(body, using: Self.bundleKey, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: header)
            return header + Array(box.ciphertext) + Array(box.tag)
        } catch {
            fuzzFailure("bundle", "sealing a body failed: \(error)")
        }
    }

    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let bundleKey = HKDF<SHA256>.deriveKey(
        inputKeyMaterial: SymmetricKey(data: FuzzFixtures.secret), salt: FuzzFixtures.collective.bytes,
        info: Array("entente/1 bundle".utf8), outputByteCount: 32)

    // MARK: - relay-receipt (Protocol/RELAY.md §7)

    /// Mode byte, then: even — a receipt file as read from a relay folder; odd — a body
    /// sealed here with the collective secret (as any member could), so that its decoding and
    /// signature check are reached.
    static func relayReceipt(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        if mode & 1 == 0 {
            _ = try? RelayReceipt.collective(of: rest)
            _ = try? RelayReceipt(opening: rest, secrets: [FuzzFixtures.secret])
            return
        }
        let nonce = [UInt8](repeating: mode, count: ChangeBundle.nonceLength)
        let header = RelayReceipt.magic + [RelayReceipt.formatVersion] + FuzzFixtures.collective.bytes + nonce
        let sealed: [UInt8]
        do {
            let box = try ChaChaPoly.seal(rest, using: Self.receiptKey, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: header)
            sealed = header + Array(box.ciphertext) + Array(box.tag)
        } catch {
            fuzzFailure("relay-receipt", "sealing a body failed: \(error)")
        }
        guard sealed.count <= RelayReceipt.maximumBytes, let receipt = try? RelayReceipt(opening: sealed, secrets: [FuzzFixtures.secret]) else { return }
        // A receipt that opens is canonical: its tips ascend, and re-sealing gives the same bytes.
        fuzzCheck(zip(receipt.holding.tips, receipt.holding.tips.dropFirst()).allSatisfy { $0 < $1 }, "relay-receipt", "tips do not ascend")
        fuzzCheck((try? receipt.sealed(secret: FuzzFixtures.secret, nonce: nonce)) == sealed, "relay-receipt", "an opened receipt does not seal back to its bytes")
    }

    // The fuzzer runs one input at a time, on one thread: this fixture is made once, then only
    // read (or copied, being a value) by each input; nothing guards it because nothing races it.
    nonisolated(unsafe) static let receiptKey = HKDF<SHA256>.deriveKey(
        inputKeyMaterial: SymmetricKey(data: FuzzFixtures.secret), salt: FuzzFixtures.collective.bytes,
        info: Array("entente/1 relay receipt".utf8), outputByteCount: 32)

    static func u32(_ value: Int) -> [UInt8] {
        let v = UInt32(truncatingIfNeeded: value)
        return [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    // MARK: - text operation (Protocol/TEXT.md, "Operation encoding")

    /// `u16`-length-prefixed text operations, decoded then applied in turn to a document
    /// that starts as the golden state (mode byte odd) or empty; whatever state results must
    /// encode and decode back to the same text.
    static func textOperation(_ data: [UInt8]) {
        var input = FuzzInput(data)
        var document = input.bool() ? Self.goldenTextState : TextDocument()
        var applied = false
        while !input.isAtEnd {
            let bytes = input.chunk()
            guard let operation = try? TextOperation(decoding: bytes) else { continue }
            fuzzCheck(operation.encoded() == bytes, "text-operation", "an operation does not re-encode to its bytes")
            _ = operation.insertedScalarCount
            if (try? document.apply(operation)) != nil { applied = true }
        }
        guard applied else { return }
        Self.checkState(document, "text-operation")
    }

    /// The final state of `Protocol/vectors/text-vectors.json` ("A" and "B" editing one text).
    static let goldenTextState: TextDocument = {
        do {
            return try TextDocument(decodingState: fuzzHex(Self.goldenTextStateHex))
        } catch {
            fuzzFailure("text-operation", "the golden text state does not decode: \(error)")
        }
    }()

    static let goldenTextStateHex =
        "010220a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a120b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
        + "b2b2b2b2b2b2b2b2b2b2b2b2b2b20728010401200000032a010502250000010200010a020305070112c2ab43616665cc8120f09f87ab"
        + "f09f87b721"

    /// A reachable state must survive its own encoding.
    static func checkState(_ document: TextDocument, _ target: String) {
        let state = document.encodedState()
        guard let decoded = try? TextDocument(decodingState: state) else {
            fuzzFailure(target, "the state of a document does not decode: \(state)")
        }
        fuzzCheck(decoded.text == document.text, target, "a decoded state reads another text")
        fuzzCheck(decoded.encodedState() == state, target, "a decoded state re-encodes differently")
    }

    // MARK: - text state (Protocol/TEXT.md, "State encoding")

    /// A stored text state (the replica's file), then a local edit chosen by the last bytes.
    static func textState(_ data: [UInt8]) {
        guard var document = try? TextDocument(decodingState: data) else { return }
        fuzzCheck(document.encodedState() == data, "text-state", "a state does not re-encode to its bytes")
        _ = document.text
        _ = document.authorship()
        let count = document.scalarCount
        let tail = data.suffix(3).map(Int.init) + [0, 0, 0]
        let position = count == 0 ? 0 : tail[0] % (count + 1)
        let deleteCount = min(tail[1] % 4, count - position)
        let agent = TextAgent([UInt8(truncatingIfNeeded: tail[2] % 3 + 0x41)])
        guard (try? document.applyLocal([TextPatch(position: position, deleteCount: deleteCount, insert: "é")], by: agent)) != nil else { return }
        Self.checkState(document, "text-state")
    }

    // MARK: - sync message (Protocol/SYNC.md, "Messages")

    static func syncMessage(_ data: [UInt8]) {
        guard let message = try? SyncMessage(decoding: data) else { return }
        fuzzCheck(message.encoded() == data, "sync-message", "a message does not re-encode to its bytes")
        if case .changes(let raw, _) = message {
            for bytes in raw { _ = try? SignedChange(decoding: bytes) }
        }
    }

    // MARK: - handshake payload (Protocol/HANDSHAKE.md §4.4)

    static func handshakePayload(_ data: [UInt8]) {
        guard let payload = try? HandshakePayload(decoding: data) else { return }
        fuzzCheck(payload.encoded() == data, "handshake-payload", "a payload does not re-encode to its bytes")
        _ = payload.author
        // A signature check with the peer's key bytes, on a fuzzer-chosen share of inputs.
        if data.last.map({ $0 & 0x0f == 0 }) ?? false {
            _ = payload.isValid(collective: FuzzFixtures.collective, staticKey: [UInt8](repeating: 0x65, count: 32))
        }
    }

    // MARK: - invite code (Protocol/SYNC.md, "Invite codes")

    /// Mode byte, then: 0 — the text a newcomer pastes; 1 — the binary form as it is;
    /// else — the binary form with its checksum appended here, so the layout is reached.
    static func inviteCode(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        let code: InviteCode
        switch mode % 3 {
        case 0:
            guard let parsed = try? InviteCode(text: String(decoding: rest, as: UTF8.self)) else { return }
            code = parsed
        case 1:
            guard let parsed = try? InviteCode(bytes: rest) else { return }
            fuzzCheck(parsed.encodedBytes() == rest, "invite-code", "an invite does not re-encode to its bytes")
            code = parsed
        default:
            let bytes = rest + SHA256Digest.hash(rest).prefix(4)
            guard let parsed = try? InviteCode(bytes: bytes) else { return }
            fuzzCheck(parsed.encodedBytes() == bytes, "invite-code", "an invite does not re-encode to its bytes")
            code = parsed
        }
        fuzzCheck((try? InviteCode(text: code.text)) == code, "invite-code", "an invite's text form does not parse back to it")
        _ = code.psk
        _ = code.token
    }

    // MARK: - discovery packet (Protocol/DISCOVERY.md §2–§3)

    /// Mode byte, then: even — a datagram as received; odd — a 32-byte header and a 128-byte
    /// plaintext (device key, state hash, signature) sealed here with the collective's key (as
    /// any member could send them), then the receiver's clock offset.
    static func discoveryPacket(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let key = DiscoveryKey(secret: FuzzFixtures.secret, collective: FuzzFixtures.collective)
        var input = FuzzInput(Array(data.dropFirst()))
        var datagram: [UInt8]
        var now = FuzzFixtures.discoveryNow
        if mode & 1 == 0 {
            datagram = input.rest()
        } else {
            let header = input.fixed(32)
            let plaintext = input.fixed(128)
            let packetKey = HMAC<SHA256>.authenticationCode(
                for: Array("entente/2 discovery".utf8) + FuzzFixtures.collective.bytes + Array(header[16..<32]),
                using: SymmetricKey(data: FuzzFixtures.secret))
            guard let nonce = try? ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)),
                  let box = try? ChaChaPoly.seal(plaintext, using: SymmetricKey(data: Array(packetKey)), nonce: nonce, authenticating: header)
            else { return }
            datagram = header + Array(box.ciphertext) + Array(box.tag)
            now = input.isAtEnd ? now : input.uint64()
        }
        guard let packet = try? key.open(datagram, now: now) else { return }
        fuzzCheck(packet.port != 0 || !packet.flags.contains(.serving), "discovery-packet", "a serving packet with port 0 was accepted")
        fuzzCheck(packet.presence.proves(stateHash: packet.stateHash), "discovery-packet", "an announcement whose presence does not verify was accepted")
        _ = packet.reports(stateHash: [UInt8](repeating: 0xab, count: 32))
    }

    // MARK: - record-proofs (VISION.md: `meeting.presence`, `secret.sealed`)

    /// Mode byte, then the bytes of a field a peer writes: even — a meeting's presence proofs,
    /// verified against a state hash; odd — a rotation's sealed entries, opened with a fixed
    /// key. Decoding never traps, and what decodes encodes back to the same bytes.
    static func recordProofs(_ data: [UInt8]) {
        guard let mode = data.first else { return }
        let bytes = Array(data.dropFirst())
        if mode & 1 == 0 {
            let proofs = PresenceProof.decodeAll(bytes)
            fuzzCheck(proofs.isEmpty || proofs.flatMap(\.encoded) == bytes, "record-proofs", "presence proofs do not encode back to their bytes")
            for proof in proofs.prefix(8) { _ = proof.proves(stateHash: [UInt8](repeating: 0xab, count: 32)) && proof.inMeeting }
        } else {
            let entries = SealedSecret.decodeAll(bytes)
            fuzzCheck(entries.isEmpty || entries.flatMap(\.encoded) == bytes, "record-proofs", "sealed entries do not encode back to their bytes")
            for entry in entries.prefix(4) { _ = entry.open(with: FuzzFixtures.noiseKey, collective: FuzzFixtures.collective) }
        }
    }

    // MARK: - form-body (the board's posted forms; Sources/EntenteForm)

    /// A body any web page can post to the board: decoding never traps, and the fields,
    /// encoded again with every byte but the unreserved ones as `%XX`, decode to themselves.
    static func formBody(_ data: [UInt8]) {
        guard let form = try? FormBody(decoding: data) else { return }
        fuzzCheck(form.fields.count <= FormBody.maximumFields, "form-body", "more fields than the limit were accepted")
        func encode(_ text: String) -> [UInt8] {
            Array(text.utf8).flatMap { byte -> [UInt8] in
                let unreserved = (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || Array("-._~".utf8).contains(byte)
                return unreserved ? [byte] : Array("%".utf8) + Array(Hex.encode([byte]).utf8)
            }
        }
        let again = form.fields.map { encode($0.name) + Array("=".utf8) + encode($0.value) }.joined(separator: Array("&".utf8))
        let decoded = try? FormBody(decoding: Array(again))
        fuzzCheck(decoded?.fields == form.fields, "form-body", "the fields, encoded again, do not decode to themselves")
    }
}
