import EntenteCore
@testable import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// `textRewrites()` looks for concurrent rewrites only when the last edit of a field had not
/// seen every earlier one, and finds that edit and the earlier ones it may not have seen
/// without reading the whole log. Whatever the history, its answer must be the full search's.
/// The text a record shows, kept beside the field's snapshot, is checked on the way.
@Suite("Rewrites found without reading the whole log")
struct TextRewriteSearchTests {
    let sentences = ["Nous partageons le travail.", "Nous partageons la valeur.", "Chacun dit ce qu'il attend.",
                     "On se quitte bien.", "Les risques se disent tôt.", "Le travail se voit."]

    @Test(arguments: [UInt64(0x7E47), 0x7E48])
    func theShortcutAgreesWithTheFullSearch(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r0")), collective: "Atelier", founder: "R0")
        let secret = try first.collectiveSecret()
        var replicas = [first]
        for index in 1..<3 {
            let replica = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("r\(index)")), collective: first.collective, secret: secret)
            try first.commit(message: "") { Admission.admit(name: "R\(index)", key: replica.author, noiseKey: try replica.noisePublicKey(), into: &$0) }
            replicas.append(replica)
        }
        for replica in replicas.dropFirst() { try replica.merge(from: first.folder.url) }
        let collective = try #require(try first.records(kind: RecordKind.collective).first).id

        var random = SeededRandom(seed: seed)
        var seenUnsettled = false, seenSettledAfterConcurrency = false
        // More edits than a snapshot holds (TextPersistence.snapshotEvery): both ways of finding
        // the last edit are taken.
        for _ in 0..<(TextPersistence.snapshotEvery * 2) {
            let replica = replicas[Int.random(in: 0..<3, using: &random)]
            if random.chance(0.25) {
                try replica.merge(from: replicas[Int.random(in: 0..<3, using: &random)].folder.url)
            } else {
                let text = (0..<Int.random(in: 1...3, using: &random)).map { _ in self.sentences.randomElement(using: &random) ?? "" }
                let current = try #require(try replica.records(kind: RecordKind.collective).first).texts[Collective.Field.vision]
                guard current != text.joined(separator: " ") else { continue }
                try replica.commit(message: "") { try Collective.setVision(text.joined(separator: " "), on: collective, in: &$0) }
            }
            // The text a record shows is kept beside the snapshot: it is the document's.
            let shown = try #require(try replica.records(kind: RecordKind.collective).first).texts[Collective.Field.vision]
            #expect((shown ?? "") == (try replica.textRuns(record: collective, field: Collective.Field.vision)).map(\.text).joined())
            let found = try replica.textRewrites(), searched = try replica.textRewritesSearchingEveryEdit()
            #expect(found == searched)
            if !found.isEmpty { seenUnsettled = true } else if seenUnsettled { seenSettledAfterConcurrency = true }
        }
        // The history did what the test is about: rewrites at the same time, then settled ones.
        #expect(seenUnsettled)
        #expect(seenSettledAfterConcurrency)
    }
}
