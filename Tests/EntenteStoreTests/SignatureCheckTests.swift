import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// A batch is checked in pieces on every core while earlier parts are applied: a bad
/// signature anywhere still refuses the whole batch, and names the change.
@Suite("Signature checks of a received batch")
struct SignatureCheckTests {
    /// A founder's replica with `count` more changes, and a fresh replica of the same collective.
    func history(_ count: Int, _ body: ([SignedChange], Replica) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let founder = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("founder")), collective: "Atelier", founder: "Alice")
        for index in 0..<count {
            try founder.commit(message: "") { change in
                let record = change.create("commitment")
                change.set(record, "title", .string("Task \(index)"))
            }
        }
        let newcomer = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("newcomer")), collective: founder.collective,
                                          secret: try founder.collectiveSecret())
        try body(try founder.changes(), newcomer)
    }

    /// The same change with its signature's last byte flipped.
    func forged(_ change: SignedChange) throws -> SignedChange {
        var bytes = change.encoded
        bytes[bytes.count - 1] ^= 0x01
        return try SignedChange(decoding: bytes)
    }

    /// 900 changes are merged in parts of 64, 128, 256 and 452: a forged signature in the
    /// first piece, at a piece's edge, inside a later part and last.
    @Test func aBadSignatureAnywhereRefusesTheWholeBatch() throws {
        try self.history(899) { changes, newcomer in
            #expect(changes.count == 900)
            for index in [0, 63, 64, 500, 899] {
                var batch = changes
                batch[index] = try self.forged(changes[index])
                let bad = batch[index].id
                #expect { try newcomer.receive(batch) } throws: { error in
                    guard case StoreError.invalidChange(.badSignature(let id, _)) = error else { return false }
                    return id == bad
                }
                #expect(try newcomer.changeCount() == 0, "forged at \(index)")
            }
            // The genuine batch is then taken whole.
            let report = try newcomer.receive(changes)
            #expect(report.applied.count == 900)
            #expect(try newcomer.changeCount() == 900)
        }
    }
}
