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

    /// Each record as read from SQLite (its writers named after the rows, once per position)
    /// is the record the pure core builds from the same changes: the same siblings in the same
    /// display order with the same tags, the same set elements in the same order. Concurrent
    /// writes come from three replicas merging at random; positions are left out (they are
    /// local to each replica).
    @Test func everyRecordIsTheOneTheCoreBuildsFromTheSameChanges() throws {
        var siblings = 0
        for seed in (0..<12).map({ UInt64(0x2EAD + $0) }) { siblings += try self.compareWithTheCore(seed: seed) }
        #expect(siblings > 0, "no register had concurrent writes to compare")
    }

    /// One seeded history; returns how many registers had siblings.
    func compareWithTheCore(seed: UInt64) throws -> Int {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("r0")), collective: "Atelier", founder: "R0")
        var replicas = [first]
        for index in 1..<3 {
            let replica = try Replica.create(ReplicaFolder(directory.url.appendingPathComponent("r\(index)")), collective: first.collective, secret: try first.collectiveSecret())
            try first.commit(message: "") { Admission.admit(name: "R\(index)", key: replica.author, noiseKey: try replica.noisePublicKey(), into: &$0) }
            replicas.append(replica)
        }
        for replica in replicas.dropFirst() { try replica.merge(from: first.folder.url) }
        var random = SeededRandom(seed: seed)
        for step in 0..<40 {
            let replica = replicas[Int.random(in: 0..<3, using: &random)]
            if random.chance(0.25) {
                try replica.merge(from: replicas[Int.random(in: 0..<3, using: &random)].folder.url)
                continue
            }
            let known = try replica.records(kind: "thing").map(\.id)
            try replica.commit(message: "") { change in
                guard let id = known.isEmpty || random.chance(0.2) ? nil : known[Int.random(in: 0..<known.count, using: &random)] else {
                    let id = change.create("thing")
                    change.set(id, "name", .string("t\(step)"))
                    return
                }
                switch Int.random(in: 0..<4, using: &random) {
                case 0: change.set(id, "due", .string("2027-0\(step % 9 + 1)-01"))
                case 1: change.set(id, "name", .string("renamed \(step)"))
                case 2: change.add(id, "tags", .string(["a", "bb", "ab", "b"][step % 4]))
                default: change.remove(id, "tags", .string(["a", "bb", "ab", "b"][step % 4]))
                }
            }
        }
        let reader = replicas[Int.random(in: 0..<3, using: &random)]
        var memory = MemoryReplica(collective: first.collective)
        try memory.receive(try reader.changes().shuffled(using: &random))
        let records = try reader.records()
        for record in records {
            let expected = try #require(try memory.record(record.id), "seed \(seed): \(record.kind) \(record.id.short) is not in the core's state")
            #expect(Self.shape(record) == Self.shape(expected), "seed \(seed): \(record.kind) \(record.id.short)")
        }
        return records.reduce(0) { $0 + $1.registers.values.filter { $0.count > 1 }.count }
    }

    /// A set element stored as text rather than a blob (a hand-edited file) comes out of the
    /// table's order; the elements are still shown in canonical order, each once.
    @Test func setElementsOutOfTheTablesOrderAreSortedAsTheCoreSortsThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = ReplicaFolder(directory.url.appendingPathComponent("r"))
        var replica = try Replica.found(folder, collective: "Atelier", founder: "Alice")
        var created: RecordID?
        let made = try replica.commit(message: "") { change in
            let id = change.create("thing")
            for tag in ["c", "a", "b"] { change.add(id, "tags", .string(tag)) }
            created = id
        }
        let id = made.resolve(try #require(created))
        let before = try #require(try replica.record(id)).elements("tags")
        #expect(before == [.string("a"), .string("b"), .string("c")])
        // Text sorts before every blob: the last element now comes first in the table.
        try replica._executeForTesting("UPDATE writes SET element = CAST(element AS TEXT) WHERE element = x'\(Hex.encode(Value.string("c").encoded))'")
        try replica.close()
        replica = try Replica.open(folder)
        #expect(try #require(try replica.record(id)).elements("tags") == before)
        #expect(try replica.records(kind: "thing").first?.elements("tags") == before)
        try replica.close()
    }

    /// What a record shows, without log positions: the creator's tag and time, each
    /// register's siblings in order, each set's elements in order.
    static func shape(_ record: RecordState) -> String {
        var lines = ["\(record.kind) \(record.header.createdBy) \(record.header.createdAt)"]
        for field in record.registers.keys.sorted() {
            let siblings = record.registers[field] ?? []
            lines.append("\(field) = " + siblings.map { "\($0.value) by \($0.tag.author.short) \($0.tag) at \($0.timestamp)" }.joined(separator: " | "))
        }
        for field in record.sets.keys.sorted() { lines.append("\(field) ∋ " + (record.sets[field] ?? []).map(\.description).joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
