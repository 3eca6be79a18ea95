import EntenteCore
import EntenteTestSupport
import Testing

/// The pure meeting record (`Protocol/VISION.md`, "Meeting records").
@Suite struct MeetRecordTests {
    static let alice = SigningIdentity().author
    static let bob = SigningIdentity().author

    @Test func versionVectorBytesRoundTripAndRejectBadLengths() {
        let vector = VersionVector([Self.alice: 3, Self.bob: 300])
        let bytes = Meeting.encode(vector)
        #expect(bytes.count == 2 * Meeting.vectorEntryLength)
        let (first, _) = Self.alice < Self.bob ? (Self.alice, Self.bob) : (Self.bob, Self.alice)
        #expect(Array(bytes[0..<32]) == first.bytes)  // ascending author order
        #expect(Array(bytes[32..<40]) == (first == Self.alice ? [0, 0, 0, 0, 0, 0, 0, 3] : [0, 0, 0, 0, 0, 0, 1, 0x2c]))
        #expect(Meeting.decode(bytes) == vector)
        #expect(Meeting.decode([]) == VersionVector())
        #expect(Meeting.decode(Array(bytes.prefix(79))) == nil)  // not whole entries
        #expect(Meeting.decode(bytes + [0]) == nil)
    }

    @Test func broughtCountsEachAuthorsChangesSinceTheLastMeeting() {
        let last = VersionVector([Self.alice: 3, Self.bob: 1])
        let now = VersionVector([Self.alice: 4, Self.bob: 6])
        let brought = Meeting.brought(since: last, now: now)
        #expect(brought.map(\.author) == [Self.bob, Self.alice])  // most first
        #expect(brought.map(\.changes) == [5, 1])
        #expect(Meeting.brought(since: now, now: now).isEmpty)
        #expect(Meeting.brought(since: nil, now: now).map(\.changes) == [6, 4])
    }

    @Test func recordIsWrittenAndReadBack() throws {
        var replica = try MemoryReplica.collective(1).replicas[0]
        var member = RecordID(unchecked: [UInt8](repeating: 0, count: 16))
        var id = member
        let author = replica.author
        let me = try #require(Directory(records: try replica.storage.authorityRecords()).member(for: author)).id
        let written = try replica.commit("Meeting") { change in
            member = me
            id = Meeting.write(
                into: &change, date: "2026-11-27", attendees: [member, member], stateHash: [UInt8](repeating: 0xab, count: 32),
                vector: VersionVector([author: 1]), decisions: ["  Ship v1 ", "", "two\nlines"], recordedBy: member)
        }
        id = written.resolve(id)
        let meeting = try #require(try replica.record(id).flatMap(Meeting.init))
        #expect(Meeting.latest(in: [meeting.record])?.id == id)
        #expect(meeting.date == "2026-11-27")
        #expect(meeting.attendees == [member])
        // Decisions are records of their own, adopted, linked to the meeting.
        #expect(meeting.decisions.isEmpty)
        let vision = Vision(records: try replica.storage.allRecords().compactMap { try replica.record($0.id) })
        #expect(meeting.decisions(in: vision) == ["Ship v1", "two lines"])
        #expect(vision.decisions.allSatisfy { $0.status == .adopted && $0.meeting == id && $0.proposedBy == member })
        #expect(meeting.stateHash == [UInt8](repeating: 0xab, count: 32))
        #expect(meeting.vector == VersionVector([author: 1]))
        #expect(meeting.recordedBy == member)
    }
}
