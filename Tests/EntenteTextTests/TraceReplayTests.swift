import Foundation
import Testing
@testable import EntenteText

// MARK: - Sequential traces

@Suite("Editing traces")
struct TraceReplayTests {
    /// Every sequential trace replays to its `endContent` through local edits, and through the
    /// remote path (each operation encoded, decoded and applied on a second document), and the
    /// final state survives an encode/decode round trip.
    @Test(arguments: TraceLoader.sequentialNames)
    func sequentialTrace(name: String) throws {
        let trace = try TraceLoader.sequential(name)
        let agent = TraceLoader.agent(7)
        var local = TextDocument()
        var remote = TextDocument()
        for txn in trace.txns {
            let op = try local.applyLocal(txn, by: agent)
            let decoded = try TextOperation(decoding: op.encoded())
            #expect(decoded == op)
            try remote.apply(decoded)
        }
        #expect(local.text == trace.endContent, "local replay of \(name)")
        #expect(remote.text == trace.endContent, "remote replay of \(name)")
        #expect(local.scalarCount == trace.endContent.unicodeScalars.count)
        let state = local.encodedState()
        #expect(remote.encodedState() == state, "local and remote replicas encode identically")
        let loaded = try TextDocument(decodingState: state)
        #expect(loaded.text == trace.endContent)
        #expect(loaded.encodedState() == state)
    }

    // MARK: - Concurrent traces

    /// One replica per agent; each txn is applied on its agent's replica after merging (in
    /// causal order, through encoded operations) every txn its `parents` reach; at the end every
    /// replica receives everything and must equal `endContent`.
    @Test(arguments: ["friendsforever", "clownschool"])
    func concurrentTrace(name: String) throws {
        let trace = try TraceLoader.concurrent(name)
        #expect(trace.agentCount >= 2)
        var replicas = [TextDocument](repeating: TextDocument(), count: trace.agentCount)
        var applied = [[Bool]](repeating: [Bool](repeating: false, count: trace.txns.count), count: trace.agentCount)
        var ops: [[UInt8]] = []
        ops.reserveCapacity(trace.txns.count)
        for (t, txn) in trace.txns.enumerated() {
            let g = txn.agent
            // Everything reachable from the parents that this replica has not merged yet.
            var missing: [Int] = []
            var stack = txn.parents
            while let p = stack.popLast() {
                if applied[g][p] { continue }
                applied[g][p] = true
                missing.append(p)
                stack.append(contentsOf: trace.txns[p].parents)
            }
            for p in missing.sorted() { try replicas[g].apply(TextOperation(decoding: ops[p])) }
            let op = try replicas[g].applyLocal(txn.patches, by: TraceLoader.agent(UInt8(g + 1)))
            applied[g][t] = true
            ops.append(op.encoded())
        }
        for g in 0 ..< trace.agentCount {
            for t in ops.indices where !applied[g][t] { try replicas[g].apply(TextOperation(decoding: ops[t])) }
            #expect(replicas[g].text == trace.endContent, "replica \(g) of \(name)")
        }
        let state = replicas[0].encodedState()
        for g in 1 ..< trace.agentCount { #expect(replicas[g].encodedState() == state) }
        #expect(try TextDocument(decodingState: state).text == trace.endContent)
    }
}
