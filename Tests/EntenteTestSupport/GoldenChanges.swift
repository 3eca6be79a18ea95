import EntenteCore
import EntenteText
import Foundation

/// The fixed inputs of the golden vectors in `Protocol/vectors/changes.json`.
public enum GoldenChanges {
    /// Ed25519 seed 0x01 0x02 ... 0x20.
    public static let seedA: [UInt8] = Array(1...32)
    /// Ed25519 seed 0x21 0x22 ... 0x40.
    public static let seedB: [UInt8] = Array(33...64)
    public static let collective = CollectiveID(unchecked: Array(0xC0...0xCF))

    public struct Vector: Codable, Equatable {
        public var description: String
        public var unsigned: String
        public var id: String
        public var signature: String
        public var signed: String
    }

    public struct File: Codable, Equatable {
        public var seedA: String
        public var authorA: String
        public var seedB: String
        public var authorB: String
        public var collective: String
        public var changes: [Vector]
    }

    /// Builds the vectors from the fixed inputs with this implementation.
    public static func make() throws -> File {
        let alice = try SigningIdentity(rawSeed: Self.seedA)
        let bob = try SigningIdentity(rawSeed: Self.seedB)
        // A#1: a root; its `set` names the record its `create` makes, by index.
        let first = Change(
            collective: Self.collective, author: alice.author, seq: 1, heads: [],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_000_000, counter: 0),
            message: "Found Atelier",
            operations: [
                .create(record: RecordID.placeholder(0), kind: "collective"),
                .set(record: RecordID.placeholder(0), field: "name", value: .string("Atelier")),
            ])
        let signedFirst = try SignedChange(signing: first, with: alice)
        let member = signedFirst.resolve(RecordID.placeholder(0))
        let second = Change(
            collective: Self.collective, author: bob.author, seq: 1, heads: [signedFirst.id],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_000_500, counter: 2), message: "",
            operations: [
                .set(record: member, field: "size", value: .int(-3)),
                .add(record: member, field: "tags", element: .record(member)),
                .remove(record: member, field: "tags", element: .bytes([0xDE, 0xAD])),
                .set(record: member, field: "open", value: .bool(true)),
                .set(record: member, field: "note", value: .null),
            ])
        let signedSecond = try SignedChange(signing: second, with: bob)
        // A#2 follows B#1 and its author's own A#1 (both named: A#1 gives the seq).
        let third = Change(
            collective: Self.collective, author: alice.author, seq: 2, heads: [signedFirst.id, signedSecond.id],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_001_000, counter: 0), message: "Réunion ✓",
            operations: [.set(record: member, field: "name", value: .string("Atelier Nord é"))])
        let signedThird = try SignedChange(signing: third, with: alice)
        // A text edit: Bob writes "Vision ✓" into the record's `vision` text field, as the
        // change's own agent.
        var document = TextDocument()
        let edit = try document.applyLocal([TextPatch(position: 0, deleteCount: 0, insert: "Vision ✓")], by: .thisChange)
        let fourth = Change(
            collective: Self.collective, author: bob.author, seq: 2, heads: [signedSecond.id, signedThird.id],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_002_000, counter: 0), message: "",
            operations: [.text(record: member, field: "vision", edit: edit)])
        let signedFourth = try SignedChange(signing: fourth, with: bob)
        // Two records made by one change, the second naming the first in a value.
        let fifth = Change(
            collective: Self.collective, author: alice.author, seq: 3, heads: [signedFourth.id, signedThird.id],
            timestamp: HybridTimestamp(wallMillis: 1_764_000_003_000, counter: 1), message: "",
            operations: [
                .create(record: RecordID.placeholder(0), kind: "stage"),
                .create(record: RecordID.placeholder(1), kind: "commitment"),
                .set(record: RecordID.placeholder(1), field: "stage", value: .record(RecordID.placeholder(0))),
                .set(record: RecordID.placeholder(1), field: "by", value: .record(member)),
            ])
        let signedFifth = try SignedChange(signing: fifth, with: alice)
        func vector(_ description: String, _ signed: SignedChange) -> Vector {
            Vector(description: description, unsigned: Hex.encode(signed.unsignedBytes), id: signed.id.hex,
                   signature: Hex.encode(signed.signature), signed: Hex.encode(signed.encoded))
        }
        return File(
            seedA: Hex.encode(Self.seedA), authorA: alice.author.hex, seedB: Hex.encode(Self.seedB), authorB: bob.author.hex,
            collective: Self.collective.hex,
            changes: [
                vector("A#1, no heads: create a collective record (operation 0) and set its name, naming it as operation 0", signedFirst),
                vector("B#1 after A#1: every value type, a set add and a set remove on A#1's record, no message", signedSecond),
                vector("A#2 after A#1 and B#1: non-ASCII message and value", signedThird),
                vector("B#2 after B#1 and A#2: a text operation inserting \"Vision ✓\" into the field vision, as the change's own agent 00", signedFourth),
                vector("A#3 after A#2 and B#2: two records, the second naming the first (operation 0) in a value", signedFifth),
            ])
    }

    /// `<repo>/Protocol/vectors/NAME`, found from this source file.
    public static func protocolFile(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/vectors").appendingPathComponent(name)
    }

    /// The vector stored in `Protocol/vectors/<name>`, first rewritten from `made` when
    /// `ENTENTE_WRITE_VECTORS=1`.
    public static func vector<T: Codable>(_ name: String, made: T, filePath: String = #filePath) throws -> T {
        let url = self.protocolFile(name, filePath: filePath)
        if ProcessInfo.processInfo.environment["ENTENTE_WRITE_VECTORS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(made).write(to: url, options: .atomic)
        }
        return try JSONDecoder().decode(T.self, from: try Data(contentsOf: url))
    }
}
