import EntenteCore
import EntenteText

/// Validly signed but adversarial changes fed to the merge (`Merge.receive`): the members of
/// a founded collective, and a stranger, sign whatever the input says — broken chains, forks,
/// gaps, causal contexts claiming up to 2^64-1 changes, extreme clocks, operations on
/// records that do not exist or belong to others, admissions, motions and text edits.
///
/// Oracles: the merge never traps; and, on the quarter of inputs that ask for them, merging
/// the batch again applies nothing, and when no run saw a fork, offering the changes one by
/// one in reverse order gives the same state hash as the whole batch (CHANGES.md, "Merge").
enum MergeTarget {
    struct Base {
        var storage = MemoryStorage()
        var records: [RecordID] = []
        var texts: [(RecordID, String)] = []
        let now: UInt64 = 1_764_000_000_000
    }

    /// Alice founds the collective admitting Bob and Carol; Dave is a stranger.
    static let identities = [0x01, 0x02, 0x03, 0x04].map { FuzzFixtures.identity(UInt8($0)) }
    static let collective = Founding.collectiveID(founder: identities[0].author, salt: [UInt8](repeating: 0x5a, count: Founding.saltBytes))

    static let base: Base = {
        var base = Base()
        do {
            let founding = try Merge.commit(collective: collective, identity: identities[0], message: "found", now: base.now, into: &base.storage) { change in
                Admission.found(collective: "Atelier", salt: [UInt8](repeating: 0x5a, count: Founding.saltBytes), founder: "Alice",
                                key: identities[0].author, noiseKey: [UInt8](repeating: 1, count: 32), into: &change)
                Admission.admit(name: "Bob", key: identities[1].author, noiseKey: [UInt8](repeating: 2, count: 32), into: &change)
                Admission.admit(name: "Carol", key: identities[2].author, noiseKey: [UInt8](repeating: 3, count: 32), into: &change)
            }
            for index in founding.change.operations.indices { base.records.append(RecordID.derive(author: identities[0].author, seq: 1, opIndex: UInt32(index))) }
            let commitment = try Merge.commit(collective: collective, identity: identities[1], message: "", now: base.now + 1, into: &base.storage) { change in
                let record = change.create(RecordKind.commitment)
                change.set(record, "title", .string("Site"))
                try change.setText(record, "text", to: "Une vision partagée")
            }
            base.records.append(RecordID.derive(author: identities[1].author, seq: 1, opIndex: 0))
            base.texts.append((RecordID.derive(author: identities[1].author, seq: 1, opIndex: 0), "text"))
            _ = commitment
        } catch {
            fuzzFailure("merge", "the base collective could not be built: \(error)")
        }
        return base
    }()

    static let kinds = [RecordKind.member, RecordKind.device, RecordKind.motion, RecordKind.consent, RecordKind.collective,
                        RecordKind.commitment, RecordKind.contribution, RecordKind.valuation, "x"]
    static let fields = ["name", "key", "noiseKey", "member", "action", "proposer", "voters", "covers", "motion",
                         "archived", "salt", "title", "text", "status", "by", "acceptedBy", "value", "amount", ""]
    static let extremes: [UInt64] = [UInt64.max, UInt64.max - 1, 1 << 63, UInt64(Int64.max), 1 << 32, 0, 1, 2]

    static func run(_ data: [UInt8]) {
        var input = FuzzInput(data)
        let base = Self.base
        let storage = base.storage
        var records = base.records
        var heads: [AuthorKey: (seq: UInt64, id: ChangeID)] = [:]
        var vector: VersionVector
        do {
            vector = try storage.versionVector()
            for identity in identities { heads[identity.author] = try storage.head(of: identity.author) }
        } catch {
            fuzzFailure("merge", "reading the base failed: \(error)")
        }
        var changes: [SignedChange] = []
        let count = 1 + Int(input.byte() % 4)
        for _ in 0..<count where !input.isAtEnd {
            if let signed = Self.makeChange(&input, heads: &heads, vector: &vector, records: &records, ids: changes.map(\.id)) {
                changes.append(signed)
            }
        }
        guard !changes.isEmpty else { return }
        let now = input.bool() ? base.now + 10 : input.pick(extremes)
        let checkOrder = input.byte() % 4 == 0
        do {
            var whole = storage
            let report = try Merge.receive(changes, into: &whole, now: now)
            // The oracles cost three times the merge: a quarter of inputs (chosen by the input) run them.
            guard checkOrder else { return }
            let hash = try StateHash.compute(whole)
            // Idempotence: the same batch again applies nothing.
            var again = whole
            let second = try Merge.receive(changes, into: &again, now: now)
            fuzzCheck(second.applied.isEmpty, "merge", "a batch merged twice applied changes twice")
            // Order: one by one, last first.
            var single = storage
            var forks = !report.forks.isEmpty
            for change in changes.reversed() {
                let step = try Merge.receive([change], into: &single, now: now)
                forks = forks || !step.forks.isEmpty
            }
            if !forks {
                let hashSingle = try StateHash.compute(single)
                fuzzCheck(hashSingle == hash, "merge", "the same changes in another order gave another state")
            }
        } catch {
            // MemoryStorage does not fail; an error here is a thrown refusal, not a crash.
            _ = error
        }
    }

    /// One signed change chosen by the input.
    static func makeChange(
        _ input: inout FuzzInput, heads: inout [AuthorKey: (seq: UInt64, id: ChangeID)], vector: inout VersionVector,
        records: inout [RecordID], ids: [ChangeID]
    ) -> SignedChange? {
        let identity = input.pick(identities)
        let author = identity.author
        let head = heads[author] ?? (seq: 0, id: .none)
        // The chain: mostly the next change, else a fork, a gap or an extreme number.
        let seq: UInt64
        var previous: ChangeID
        switch input.byte() % 8 {
        case 0...4: seq = head.seq &+ 1; previous = head.id
        case 5: seq = max(1, head.seq); previous = ids.isEmpty ? .none : input.pick(ids)
        case 6: seq = head.seq &+ 2; previous = head.id
        default: seq = input.pick(extremes); previous = ids.isEmpty ? head.id : input.pick(ids)
        }
        if seq == 1 { previous = .none } else if previous == .none { previous = ChangeID(unchecked: input.fixed(32)) }
        // The causal context: honest, trimmed, inflated, or naming a stranger.
        var context: [AuthorKey: UInt64] = [:]
        for (key, value) in vector where key != author { context[key] = value }
        switch input.byte() % 6 {
        case 0, 1: break
        case 2:
            if let key = context.keys.sorted().first { context[key] = nil }
        case 3:
            if let key = context.keys.sorted().last { context[key] = input.pick(extremes) }
        case 4:
            for key in context.keys { context[key] = UInt64.max }
        default:
            let other = input.pick(identities).author
            if other != author { context[other] = (context[other] ?? 0) &+ UInt64(input.byte() % 3) }
        }
        context = context.filter { $0.value > 0 }
        let wall = input.byte() % 4 == 0 ? input.pick(extremes) : Self.base.now + UInt64(input.byte())
        let timestamp = HybridTimestamp(wallMillis: wall, counter: input.byte() % 8 == 0 ? UInt32.max : UInt32(input.byte()))
        let baseStorage = Self.base.storage
        var builder = ChangeBuilder(author: author, seq: seq) { record, field in
            try baseStorage.textDocument(record: record, field: field)
        }
        let operations = 1 + Int(input.byte() % 4)
        for _ in 0..<operations {
            Self.addOperation(&input, to: &builder, records: records)
        }
        let change = Change(
            collective: input.byte() == 0xff ? FuzzFixtures.collective : Self.collective, author: author, seq: seq,
            previous: previous, timestamp: timestamp, context: VersionVector(context), message: input.bool() ? "" : "m",
            operations: builder.operations)
        guard let signed = Self.sign(change, with: identity) else { return nil }
        for (index, operation) in change.operations.enumerated() {
            if case .create = operation { records.append(RecordID.derive(author: author, seq: seq, opIndex: UInt32(index))) }
        }
        if seq == head.seq &+ 1, previous == head.id {
            heads[author] = (seq, signed.id)
            vector[author] = seq
        }
        return signed
    }

    /// Ed25519 signatures are deterministic, so the signed changes of recent inputs are kept:
    /// libFuzzer mutates a few bytes at a time, and most changes of an input were signed before.
    nonisolated(unsafe) static var signatures: [[UInt8]: SignedChange] = [:]

    static func sign(_ change: Change, with identity: SigningIdentity) -> SignedChange? {
        let bytes = change.encoded()
        if let signed = Self.signatures[bytes] { return signed }
        guard let signed = try? SignedChange(signing: change, with: identity) else { return nil }
        if Self.signatures.count >= 65_536 { Self.signatures.removeAll(keepingCapacity: true) }
        Self.signatures[bytes] = signed
        return signed
    }

    static func addOperation(_ input: inout FuzzInput, to builder: inout ChangeBuilder, records: [RecordID]) {
        let record = records.isEmpty || input.byte() == 0 ? RecordID(unchecked: input.fixed(16)) : input.pick(records)
        let field = input.pick(fields)
        switch input.byte() % 6 {
        case 0:
            builder.create(input.pick(kinds))
        case 1, 2:
            builder.set(record, field, Self.value(&input, records: records))
        case 3:
            builder.add(record, field, Self.value(&input, records: records))
        case 4:
            builder.remove(record, field, Self.value(&input, records: records))
        default:
            // A text edit on the text as it stands in the base (or on a field without text).
            let (textRecord, textField) = input.bool() ? (Self.base.texts.first ?? (record, field)) : (record, field)
            let count = ((try? builder.currentText(textRecord, textField)) ?? "").unicodeScalars.count
            let position = count == 0 ? 0 : Int(input.byte()) % (count + 1)
            let patch = TextPatch(position: position, deleteCount: min(Int(input.byte() % 4), count - position), insert: input.bool() ? "x" : "")
            try? builder.editText(textRecord, textField, patches: [patch])
        }
    }

    static func value(_ input: inout FuzzInput, records: [RecordID]) -> Value {
        switch input.byte() % 9 {
        case 0: return .null
        case 1: return .bool(input.bool())
        case 2: return .int(Int64(bitPattern: input.pick(extremes)))
        case 3: return .string(input.pick(["Alice", "archive", "restore", "", "é"]))
        case 4: return .bytes(input.pick(identities).author.bytes)
        case 5: return .bytes(input.take(Int(input.byte() % 40)))
        case 6, 7: return records.isEmpty ? .null : .record(input.pick(records))
        default: return .record(RecordID(unchecked: input.fixed(16)))
        }
    }
}
