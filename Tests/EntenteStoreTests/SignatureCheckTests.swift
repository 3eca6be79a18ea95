import EntenteCore
@testable import EntenteStore
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

    /// The pieces are checked by the background workers and by the thread that applies,
    /// which takes the pieces nobody took rather than wait: with no worker at all (one core),
    /// one, or more than there are pieces, every forged change is found, and only those.
    @Test(arguments: [0, 1, 3, 40])
    func everyPieceIsCheckedWhateverTheWorkers(workers: Int) throws {
        try self.history(899) { changes, _ in
            var batch = changes
            let forgedAt = [0, 63, 64, 200, 511, 512, 899]
            for index in forgedAt { batch[index] = try self.forged(changes[index]) }
            let checks = SignatureChecks(batch, workers: workers)
            defer { checks.stop() }
            var found: [Int] = []
            var covered = 0
            for part in checks.parts {
                #expect(part.lowerBound == covered)
                covered = part.upperBound
                found += checks.invalid(in: part)
            }
            #expect(covered == batch.count)
            #expect(found == forgedAt)
        }
    }

    /// A batch merged in several parts writes its texts back once, after the last part: the
    /// text a record shows is the document's, a snapshot holds every edit, and the state is
    /// the one of the replica that made the changes one by one.
    @Test func aBatchOfManyTextEditsIsWrittenBackOnceAndRight() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let founder = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("founder")), collective: "Atelier", founder: "Alice")
        let collective = try #require(try founder.records(kind: RecordKind.collective).first).id
        // More edits than a snapshot holds, in more changes than one part merges.
        let edits = TextPersistence.snapshotEvery + SignatureChecks.largestPart
        var vision = "Nous partageons le travail."
        for index in 0..<edits {
            vision += index.isMultiple(of: 7) ? " Étape \(index)." : " \(index)"
            try founder.commit(message: "") { try Collective.setVision(vision, on: collective, in: &$0) }
        }
        let changes = try founder.changes()
        #expect(changes.count > SignatureChecks.largestPart)
        let secret = try founder.collectiveSecret()
        let whole = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("whole")), collective: founder.collective, secret: secret)
        let report = try whole.receive(changes)
        #expect(report.applied.count == changes.count)
        let shown = try #require(try whole.records(kind: RecordKind.collective).first).texts[Collective.Field.vision]
        // (Compared apart: the text is long, a failure names the check rather than print it.)
        let shownIsTheText = shown == vision
        #expect(shownIsTheText, "the text the record shows is not the one written")
        let documentIsTheText = (try whole.textRuns(record: collective, field: Collective.Field.vision)).map(\.text).joined() == vision
        #expect(documentIsTheText, "the merged document is not the text written")
        // The snapshot was taken at the end of the transaction: no edit is left beside it.
        let database = whole.folder.database.path
        try whole.close()
        #expect(try SQLiteShell.run(database, "SELECT count(*) FROM text_edits").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let reopened = try Replica.open(ReplicaFolder(directory.url.appendingPathComponent("whole")))
        let reopenedShowsTheText = try #require(try reopened.records(kind: RecordKind.collective).first).texts[Collective.Field.vision] == vision
        #expect(reopenedShowsTheText, "the reopened replica shows another text")
        #expect(try founder.stateHash() == reopened.stateHash())
    }
}
