import EntenteActions
import EntenteCore
import Testing

@testable import EntenteCLI

/// Addressing records by id prefix when two ids share it.
@Suite("Vision record addressing")
struct VisionResolverTests {
    func record(_ hexPrefix: [UInt8], _ text: String) -> RecordState {
        let id = RecordID(unchecked: hexPrefix + [UInt8](repeating: 0x11, count: 16 - hexPrefix.count))
        let author = AuthorKey(unchecked: [UInt8](repeating: 1, count: 32))
        let tag = WriteTag(author: author, seq: 1, op: 0)
        let time = HybridTimestamp(wallMillis: 1, counter: 0)
        return RecordState(header: RecordHeader(id: id, kind: RecordKind.risk, createdBy: tag, createdAt: time),
                           registers: ["description": [FieldWrite(tag: tag, timestamp: time, value: .string(text))]])
    }

    @Test func ambiguousPrefixNamesTheCandidates() throws {
        let resolver = RecordResolver(records: [self.record([0xab, 0xcd, 0x01], "One"), self.record([0xab, 0xcd, 0x02], "Two")])
        #expect(throws: CLIError.self) { try resolver.resolve("abcd", kind: RecordKind.risk) }
        do {
            _ = try resolver.resolve("abcd", kind: RecordKind.risk)
        } catch let error as CLIError {
            #expect(error.description.contains("ambiguous"))
            #expect(error.description.contains("Use a longer id prefix"))
        }
        #expect(try resolver.resolve("abcd02", kind: RecordKind.risk).string("description") == "Two")
        #expect(try resolver.resolve("one", kind: RecordKind.risk).string("description") == "One")
    }
}
