import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Reading every record pairs each header with its own writes as both are read in id order,
/// then puts the records in creation order (ties by id): checked against what was written.
@Suite("Reading every record")
struct RecordReadingTests {
    @Test func everyRecordHasItsOwnFieldsInCreationOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let alice = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
        // Three changes; the first creates twelve records at one timestamp (ties broken by id),
        // some with a set field, so that writes of neighbours in id order must not mix.
        // (A record's id is known once its change is signed: records are matched by description.)
        var written: [String: (zone: String, elements: Int)] = [:]
        for round in 0..<3 {
            try alice.commit(message: "") { builder in
                for index in 0..<(round == 0 ? 12 : 3) {
                    let id = builder.create(RecordKind.risk)
                    let description = "risk \(round)-\(index)"
                    let zone = index.isMultiple(of: 2) ? "relational" : "economic"
                    builder.set(id, Risk.Field.description, .string(description))
                    builder.set(id, Risk.Field.zone, .string(zone))
                    for element in 0..<(index % 3) { builder.add(id, "tags", .string("tag \(element)")) }
                    written[description] = (zone, index % 3)
                }
            }
        }
        let records = try alice.records()
        let risks = records.filter { $0.kind == RecordKind.risk }
        #expect(risks.count == 18)
        #expect(Set(risks.compactMap { $0.string(Risk.Field.description) }) == Set(written.keys))
        for risk in risks {
            let description = try #require(risk.string(Risk.Field.description))
            let expected = try #require(written[description])
            #expect(risk.string(Risk.Field.zone) == expected.zone)
            #expect(risk.elements("tags").count == expected.elements)
        }
        // Creation order, then id.
        let keys = records.map { ($0.header.createdAt, $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) })
        // The same records, read one kind at a time.
        #expect(try alice.records(kind: RecordKind.risk) == risks)
        #expect(try alice.records(kind: RecordKind.member) == records.filter { $0.kind == RecordKind.member })
        #expect(try alice.records(kind: "nothing of this kind").isEmpty)
    }
}
