import EntenteCore
import EntenteText

/// Validly signed but adversarial changes fed to the merge (`Merge.receive`): the members of
/// a founded collective, and a stranger, sign whatever the input says — forks (changes that
/// do not see their author's latest), wrong sequence numbers up to 2^64-1, heads the replica
/// does not hold or that no change has, extreme clocks, operations on records that do not
/// exist or belong to others, admissions, motions and text edits.
///
/// Oracles: the merge never traps; and, on the quarter of inputs that ask for them, merging
/// the batch again applies nothing, and offering the changes one by one in reverse order gives
/// the same state hash as the whole batch, forks included (CHANGES.md, "Merge").
enum MergeTarget {
    struct Base {
        var storage = MemoryStorage()
        var records: [RecordID] = []
        var texts: [(RecordID, String)] = []
        /// Every applied change: author and `seq`, by id.
        var places: [ChangeID: (author: AuthorKey, seq: UInt64)] = [:]
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
            var record: RecordID?
            let commitment = try Merge.commit(collective: collective, identity: identities[1], message: "", now: base.now + 1, into: &base.storage) { change in
                let created = change.create(RecordKind.commitment)
                change.set(created, "title", .string("Site"))
                try change.setText(created, "text", to: "Une vision partagée")
                record = created
            }
            for signed in [founding, commitment] {
                base.places[signed.id] = (signed.author, signed.seq)
                for case .create(let created, _) in signed.change.operations { base.records.append(created) }
            }
            if let record { base.texts.append((commitment.resolve(record), "text")) }
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
        var places = base.places
        let frontier: [ChangeID]
        do {
            frontier = try storage.frontier()
        } catch {
            fuzzFailure("merge", "reading the base failed: \(error)")
        }
        var changes: [SignedChange] = []
        let count = 1 + Int(input.byte() % 4)
        for _ in 0..<count where !input.isAtEnd {
            if let signed = Self.makeChange(&input, frontier: frontier + changes.map(\.id), places: &places, records: &records) {
                changes.append(signed)
            }
        }
        guard !changes.isEmpty else { return }
        let now = input.bool() ? base.now + 10 : input.pick(extremes)
        let checkOrder = input.byte() % 4 == 0
        do {
            var whole = storage
            _ = try Merge.receive(changes, into: &whole, now: now)
            // The oracles cost three times the merge: a quarter of inputs (chosen by the input) run them.
            guard checkOrder else { return }
            let hash = try StateHash.compute(whole)
            // Idempotence: the same batch again applies nothing.
            var again = whole
            let second = try Merge.receive(changes, into: &again, now: now)
            fuzzCheck(second.applied.isEmpty, "merge", "a batch merged twice applied changes twice")
            // Order: one by one, last first; forks change nothing to it.
            var single = storage
            for change in changes.reversed() {
                _ = try Merge.receive([change], into: &single, now: now)
            }
            let hashSingle = try StateHash.compute(single)
            fuzzCheck(hashSingle == hash, "merge", "the same changes in another order gave another state")
        } catch {
            // MemoryStorage does not fail; an error here is a thrown refusal, not a crash.
            _ = error
        }
    }

    /// One signed change chosen by the input.
    static func makeChange(
        _ input: inout FuzzInput, frontier: [ChangeID], places: inout [ChangeID: (author: AuthorKey, seq: UInt64)], records: inout [RecordID]
    ) -> SignedChange? {
        let identity = input.pick(identities)
        let author = identity.author
        let known = places.keys.sorted()
        // The heads: the frontier, an older change (a fork), one no change has, or none.
        var heads: [ChangeID]
        switch input.byte() % 8 {
        case 0...3: heads = frontier
        case 4: heads = known.isEmpty ? [] : [input.pick(known)]
        case 5: heads = frontier + [ChangeID(unchecked: input.fixed(32))]
        case 6: heads = []
        default: heads = (0..<Int(input.byte() % 3)).compactMap { _ in known.isEmpty ? nil : input.pick(known) }
        }
        // Its own latest change, as an honest writer names it.
        if input.bool(), let own = known.filter({ places[$0]?.author == author }).max(by: { (places[$0]?.seq ?? 0) < (places[$1]?.seq ?? 0) }) {
            heads.append(own)
        }
        let honest = (heads.compactMap { places[$0] }.filter { $0.author == author }.map(\.seq).max() ?? 0) &+ 1
        let seq: UInt64 = switch input.byte() % 8 {
        case 0...5: honest
        case 6: honest &+ 1
        default: input.pick(extremes)
        }
        let wall = input.byte() % 4 == 0 ? input.pick(extremes) : Self.base.now + UInt64(input.byte())
        let timestamp = HybridTimestamp(wallMillis: wall, counter: input.byte() % 8 == 0 ? UInt32.max : UInt32(input.byte()))
        let baseStorage = Self.base.storage
        var builder = ChangeBuilder(author: author) { record, field in
            try baseStorage.textDocument(record: record, field: field)
        }
        let operations = 1 + Int(input.byte() % 4)
        for _ in 0..<operations {
            Self.addOperation(&input, to: &builder, records: records)
        }
        let change = Change(
            collective: input.byte() == 0xff ? FuzzFixtures.collective : Self.collective, author: author, seq: seq,
            heads: heads, timestamp: timestamp, message: input.bool() ? "" : "m", operations: builder.operations)
        guard let signed = Self.sign(change, with: identity) else { return nil }
        for case .create(let record, _) in signed.change.operations { records.append(record) }
        places[signed.id] = (author, seq)
        return signed
    }

    /// Ed25519 signatures are deterministic, so the signed changes of recent inputs are kept:
    /// libFuzzer mutates a few bytes at a time, and most changes of an input were signed before.
    /// Unguarded on purpose: libFuzzer runs one input at a time on one thread, the only one
    /// that reads or writes this memo.
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
