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

/// Issue 20, item 4: a meeting record counts a member as present only with a proof signed by
/// one of that member's devices over the meeting's state (`Protocol/VISION.md`, "`meeting`").
@Suite struct MeetingPresenceTests {
    static let state = [UInt8](repeating: 0xab, count: 32)

    /// An announcement header (DISCOVERY.md §2) with the given flags.
    static func header(flags: UInt8 = 0x03, nonce: UInt8 = 7) -> [UInt8] {
        PresenceProof.magic + [PresenceProof.version, flags, 0x1c, 0xfc] + [0, 0, 0, 0, 0x6b, 0x49, 0xd2, 0x00] + [UInt8](repeating: nonce, count: 16)
    }

    /// Alice records a meeting of herself, Bob and Carol with `presence`; the members present as read.
    static func present(_ proofs: (_ bob: SigningIdentity, _ carol: SigningIdentity) -> [PresenceProof]) throws -> (present: Set<String>, unproven: Set<String>) {
        let collective = try MemoryReplica.collective(3)
        var alice = collective.replicas[0]
        let (bob, carol) = (collective.replicas[1].identity, collective.replicas[2].identity)
        let directory = Directory(records: try alice.storage.authorityRecords())
        let ids = try collective.replicas.map { try #require(directory.member(for: $0.author)).id }
        var id = ids[0]
        let written = try alice.commit("Meeting") { change in
            id = Meeting.write(into: &change, date: "2027-01-15", attendees: ids, stateHash: Self.state, vector: VersionVector([:]),
                               decisions: [], recordedBy: ids[0], presence: proofs(bob, carol))
        }
        id = written.resolve(id)
        let meeting = try #require(try alice.record(id).flatMap(Meeting.init))
        let vision = Vision(records: try alice.storage.allRecords().compactMap { try alice.record($0.id) })
        let names = Dictionary(uniqueKeysWithValues: zip(ids, ["Alice", "Bob", "Carol"]))
        return (Set(meeting.present(in: vision.roster).compactMap { names[$0] }), Set(meeting.unproven(in: vision.roster).compactMap { names[$0] }))
    }

    @Test func eachAttendeeCountsWithTheirOwnSignedPresence() throws {
        let read = try Self.present { bob, carol in
            [PresenceProof.sign(header: Self.header(), stateHash: Self.state, with: bob),
             PresenceProof.sign(header: Self.header(nonce: 9), stateHash: Self.state, with: carol)]
        }
        #expect(read.present == ["Alice", "Bob", "Carol"])
        #expect(read.unproven.isEmpty)
    }

    @Test func theRecorderCannotPutSomeoneInTheMeeting() throws {
        // No proof for Carol: only the recorder's word. Not present.
        let none = try Self.present { bob, _ in [PresenceProof.sign(header: Self.header(), stateHash: Self.state, with: bob)] }
        #expect(none.present == ["Alice", "Bob"])
        #expect(none.unproven == ["Carol"])
        // Bob signs a proof naming Carol's key: the signature is not Carol's.
        let forged = try Self.present { bob, carol in
            var proof = PresenceProof.sign(header: Self.header(), stateHash: Self.state, with: bob)
            proof.author = carol.author
            return [proof]
        }
        #expect(forged.present == ["Alice"])
        // Carol's real proof of another state (an earlier meeting), or without the meeting flag.
        let otherState = try Self.present { _, carol in
            [PresenceProof.sign(header: Self.header(), stateHash: [UInt8](repeating: 0xac, count: 32), with: carol)]
        }
        #expect(otherState.present == ["Alice"])
        let notMeeting = try Self.present { _, carol in
            [PresenceProof.sign(header: Self.header(flags: 0x01), stateHash: Self.state, with: carol)]
        }
        #expect(notMeeting.present == ["Alice"])
        #expect(notMeeting.unproven == ["Bob", "Carol"])
    }

    @Test func presenceBytesLimitBothSides() {
        let proof = PresenceProof.sign(header: Self.header(), stateHash: Self.state, with: SigningIdentity())
        let limit = VisionLimits.maximumPresenceProofs
        #expect(limit == 256)
        let full = [UInt8]((0..<limit).flatMap { _ in proof.encoded })
        #expect(PresenceProof.decodeAll(full).count == limit)  // 256 proofs: read
        #expect(PresenceProof.decodeAll(full + proof.encoded).isEmpty)  // 257: none
        #expect(PresenceProof.decodeAll(Array(proof.encoded.dropLast())).isEmpty)  // not whole proofs
        #expect(PresenceProof.decodeAll([]).isEmpty)
    }
}
