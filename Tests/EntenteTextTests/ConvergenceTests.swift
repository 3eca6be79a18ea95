import Testing
@testable import EntenteText

// MARK: - Convergence properties

@Suite("Convergence")
struct ConvergenceTests {
    /// A replica of the random simulation: its document, and how many operations of each
    /// replica it has applied.
    struct Replica {
        var document = TextDocument()
        var seen: [Int]
    }

    /// An operation with the vector clock of its replica when it was made.
    struct LoggedOp {
        var bytes: [UInt8]
        var dependencies: [Int]
    }

    /// Random concurrent edits on 2–5 replicas, delivered in random causal orders (through the
    /// binary encoding, sometimes twice): all replicas converge to the same text and the same
    /// canonical state, which round-trips.
    @Test(arguments: Array(UInt64(1) ... 300))
    func randomConcurrentEditsConverge(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 2 ... 5, using: &g)
        var replicas = [Replica](repeating: Replica(seen: [Int](repeating: 0, count: n)), count: n)
        var logs = [[LoggedOp]](repeating: [], count: n)
        let agents = (0 ..< n).map { TraceLoader.agent(UInt8(0x10 + $0)) }

        func deliver(_ k: Int, to r: Int) throws -> Bool {
            let next = replicas[r].seen[k]
            guard next < logs[k].count else { return false }
            let op = logs[k][next]
            guard zip(op.dependencies, replicas[r].seen).allSatisfy({ $0 <= $1 }) else { return false }
            let decoded = try TextOperation(decoding: op.bytes)
            try replicas[r].document.apply(decoded)
            if Bool.random(using: &g) { try replicas[r].document.apply(decoded) }  // idempotent
            replicas[r].seen[k] += 1
            return true
        }

        for _ in 0 ..< Int.random(in: 20 ... 120, using: &g) {
            let r = Int.random(in: 0 ..< n, using: &g)
            if Int.random(in: 0 ..< 3, using: &g) == 0 {
                _ = try deliver(Int.random(in: 0 ..< n, using: &g), to: r)
            } else {
                var patches: [TextPatch] = []
                var plain = replicas[r].document.text
                for _ in 0 ..< Int.random(in: 1 ... 3, using: &g) {
                    let p = RandomText.patch(&g, count: plain.unicodeScalars.count)
                    patches.append(p)
                    plain = applyPlain([p], to: plain)
                }
                let deps = replicas[r].seen
                let op = try replicas[r].document.applyLocal(patches, by: agents[r])
                #expect(replicas[r].document.text == plain, "seed \(seed): local edit")
                logs[r].append(LoggedOp(bytes: op.encoded(), dependencies: deps))
                replicas[r].seen[r] += 1
            }
        }
        // Deliver everything.
        var progress = true
        while progress {
            progress = false
            for r in 0 ..< n {
                for k in 0 ..< n where k != r {
                    while try deliver(k, to: r) { progress = true }
                }
            }
        }
        let text = replicas[0].document.text
        let state = replicas[0].document.encodedState()
        for r in 1 ..< n {
            #expect(replicas[r].document.text == text, "seed \(seed): replica \(r) diverged")
            #expect(replicas[r].document.encodedState() == state, "seed \(seed): state of replica \(r) differs")
        }
        let loaded = try TextDocument(decodingState: state)
        #expect(loaded.text == text, "seed \(seed)")
        #expect(loaded.encodedState() == state, "seed \(seed)")
        // Authorship covers the text exactly.
        #expect(replicas[0].document.authorship().map(\.text).joined() == text, "seed \(seed)")
    }

    /// Concurrent insertions at one place never interleave, whether each replica inserts its
    /// word at once, types it forwards scalar by scalar, or types it backwards.
    @Test(arguments: Array(UInt64(100) ... 160))
    func concurrentInsertionsDoNotInterleave(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 2 ... 5, using: &g)
        var base = TextDocument()
        let baseOp = try base.applyLocal([TextPatch(position: 0, insert: RandomText.string(&g, maxPieces: 8))],
                                         by: TraceLoader.agent(0xEE))
        _ = baseOp
        // Make some tombstones around.
        if base.scalarCount > 2, Bool.random(using: &g) {
            _ = try base.applyLocal([TextPatch(position: 1, deleteCount: 1)], by: TraceLoader.agent(0xEE))
        }
        let position = Int.random(in: 0 ... base.scalarCount, using: &g)
        var replicas = [TextDocument](repeating: base, count: n)
        var words: [String] = []
        var ops: [[TextOperation]] = []
        for r in 0 ..< n {
            // Distinct words made of distinct markers so contiguity is checkable.
            let marker = ["Q", "X", "Z", "W", "K"][r]
            var word = marker
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &g) { word += RandomText.pieces.randomElement(using: &g)! + marker }
            words.append(word)
            let agent = TraceLoader.agent(UInt8(0x20 + ((r * 7 + Int(seed)) % 5)))
            var list: [TextOperation] = []
            let scalars = Array(word.unicodeScalars)
            switch seed % 3 {
            case 0:
                list.append(try replicas[r].applyLocal([TextPatch(position: position, insert: word)], by: agent))
            case 1:
                for (k, s) in scalars.enumerated() {
                    list.append(try replicas[r].applyLocal([TextPatch(position: position + k, insert: String(s))], by: agent))
                }
            default:
                for s in scalars.reversed() {
                    list.append(try replicas[r].applyLocal([TextPatch(position: position, insert: String(s))], by: agent))
                }
            }
            ops.append(list)
        }
        // Merge in a random order of replicas (each replica's ops stay in order).
        var merged: [String] = []
        for r in 0 ..< n {
            var doc = replicas[r]
            for k in (0 ..< n).shuffled(using: &g) where k != r {
                for op in ops[k] { try doc.apply(TextOperation(decoding: op.encoded())) }
            }
            merged.append(doc.text)
        }
        for r in 1 ..< n { #expect(merged[r] == merged[0], "seed \(seed): diverged") }
        for word in words {
            #expect(containsScalars(merged[0], word),
                    "seed \(seed): \(word) interleaved in \(merged[0])")
        }
    }
}
