import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// `Protocol/vectors/reading.json`: concurrent writes and how every conforming peer reads
/// them (VISION.md, "Conventions" and the kinds): equal siblings are no conflict, an
/// acceptance never competes with an ending, a risk in conflict counts at its highest score.
/// Rewrite it with ENTENTE_WRITE_VECTORS=1.
@Suite("Golden vector of how concurrent writes read (Protocol/vectors/reading.json)")
struct ReadingVectorTests {
    struct Reading: Codable, Equatable {
        var description: String
        var record: String
        var conflicts: [String]
        var status: String?
        var likelihood: Int64?
        var impact: Int64?
        var high: Bool?
    }

    struct File: Codable, Equatable {
        var description: String
        var seeds: [String: String]
        var changes: [String]
        var readings: [Reading]
    }

    static func read(_ record: RecordState, _ description: String) -> Reading {
        let commitment = Commitment(record), risk = Risk(record)
        return Reading(description: description, record: record.id.hex, conflicts: record.conflictedFields,
                       status: commitment?.status.rawValue ?? risk?.status.rawValue, likelihood: risk?.likelihood, impact: risk?.impact,
                       high: risk?.isHigh)
    }

    /// Alice (seed 32 x 01) founds with salt 16 x 5a and admits Bob (32 x 02) and Carol (32 x 03).
    static func make() throws -> File {
        let identities = try (1...3).map { try SigningIdentity(rawSeed: [UInt8](repeating: UInt8($0), count: 32)) }
        var (_, replicas) = try MemoryReplica.collective(3, identities: identities, clock: 1_764_000_000_000)
        let directory = Directory(records: try replicas[0].storage.authorityRecords())
        let members = try identities.map { try #require(directory.member(for: $0.author)).id }
        func everyoneSyncs() throws {
            let all = replicas.flatMap(\.changes)
            for index in replicas.indices { try replicas[index].receive(all) }
        }
        func create(_ kind: String, on index: Int, _ fields: [(String, Value)]) throws -> RecordID {
            var made: RecordID?
            let change = try replicas[index].commit { change in
                let id = change.create(kind)
                for (field, value) in fields { change.set(id, field, value) }
                made = id
            }
            return change.resolve(try #require(made))
        }
        func accept(_ commitment: RecordID, by index: Int) throws {
            try replicas[index].commit { change in
                change.add(commitment, Commitment.Field.acceptedBy, .record(members[index]))
                change.set(commitment, Commitment.Field.status, .string("accepted"))
            }
        }
        func set(_ record: RecordID, _ field: String, _ value: Value, on index: Int) throws {
            try replicas[index].commit { $0.set(record, field, value) }
        }
        let proposal: [(String, Value)] = [(Commitment.Field.what, .string("Rédiger la réponse")), (Commitment.Field.by, .record(members[0])),
                                           (Commitment.Field.status, .string("proposed"))]
        // 1. Bob and Carol accept at once: both write `accepted`.
        let twice = try create(RecordKind.commitment, on: 0, proposal)
        try everyoneSyncs()
        try accept(twice, by: 1)
        try accept(twice, by: 2)
        // 2. Bob accepts while Alice, who committed, marks it done.
        let kept = try create(RecordKind.commitment, on: 0, proposal)
        try everyoneSyncs()
        try accept(kept, by: 1)
        try set(kept, Commitment.Field.status, .string("done"), on: 0)
        // 3. Alice drops it while Bob, to whom it is owed, says it is broken: a real conflict.
        let ended = try create(RecordKind.commitment, on: 0, proposal)
        try everyoneSyncs()
        try set(ended, Commitment.Field.status, .string("dropped"), on: 0)
        try set(ended, Commitment.Field.status, .string("broken"), on: 1)
        // 4. A risk whose likelihood two members set at once, to 2 and 4, and its impact both to 4.
        let risk = try create(RecordKind.risk, on: 0, [(Risk.Field.description, .string("Bruno part")), (Risk.Field.zone, .string("defection")),
                                                       (Risk.Field.likelihood, .int(3)), (Risk.Field.impact, .int(3))])
        try everyoneSyncs()
        try set(risk, Risk.Field.likelihood, .int(2), on: 0)
        try set(risk, Risk.Field.impact, .int(4), on: 0)
        try set(risk, Risk.Field.likelihood, .int(4), on: 1)
        try set(risk, Risk.Field.impact, .int(4), on: 1)
        try everyoneSyncs()
        var readings: [Reading] = []
        for (id, description) in [(twice, "two acceptances at once: accepted, no conflict"),
                                  (kept, "an acceptance beside done: done, no conflict"),
                                  (ended, "dropped beside broken: a conflict on status"),
                                  (risk, "likelihood 2 beside 4, impact 4 beside 4: read at 4 x 4 = 16, high, a conflict on likelihood only")] {
            readings.append(Self.read(try #require(try replicas[2].record(id)), description))
        }
        return File(
            description: "Offer every change, in any order, to a fresh replica; each record must then read as given "
                + "(VISION.md: conflicts in \"Conventions\", `status` of `commitment`, `likelihood` and `impact` of `risk`).",
            seeds: ["alice": Hex.encode([UInt8](repeating: 1, count: 32)), "bob": Hex.encode([UInt8](repeating: 2, count: 32)),
                    "carol": Hex.encode([UInt8](repeating: 3, count: 32)), "salt": Hex.encode([UInt8](repeating: 0x5a, count: 16))],
            changes: replicas[2].changes.map { Hex.encode($0.encoded) }, readings: readings)
    }

    @Test func concurrentWritesReadAsTheVectorSays() throws {
        let made = try Self.make()
        let file = try GoldenChanges.vector("reading.json", made: made)
        #expect(made == file)
        #expect(file.readings.map(\.conflicts) == [[], [], ["status"], ["likelihood"]])
        #expect(file.readings.map(\.status) == ["accepted", "done", file.readings[2].status, "open"])
        #expect(["dropped", "broken"].contains(file.readings[2].status ?? ""))
        #expect(file.readings[3].likelihood == 4 && file.readings[3].impact == 4 && file.readings[3].high == true)
    }

    @Test func aFreshReplicaReadsAlikeWhateverTheOrder() throws {
        let file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: GoldenChanges.protocolFile("reading.json")))
        let changes = try file.changes.map { try SignedChange(decoding: try #require(Hex.decode($0))) }
        for order in [changes, changes.reversed(), changes.enumerated().sorted { ($0.offset * 7) % changes.count < ($1.offset * 7) % changes.count }.map(\.element)] {
            var replay = MemoryReplica(collective: try #require(changes.first).change.collective)
            try replay.receive(order)
            for expected in file.readings {
                let id = try #require(RecordID(hex: expected.record))
                let record = try #require(try replay.record(id))
                #expect(Self.read(record, expected.description) == expected)
            }
        }
    }
}
