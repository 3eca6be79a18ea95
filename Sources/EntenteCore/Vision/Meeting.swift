extension RecordKind {
    /// A meeting of the collective (`entente meet`): see ``Meeting``.
    public static let meeting = "meeting"
}

/// The record of a meeting: who was there, the state their replicas reached together, and
/// what they decided (`Protocol/VISION.md`, "`meeting`").
///
/// Fields: `date` (string, YYYY-MM-DD), `attendees` (add-wins set of member refs),
/// `stateHash` (bytes, 32: the state hash all present replicas held before this record was
/// written), `vector` (bytes: the version vector at that state, see ``encode(_:)``),
/// `decisions` (string: one decision per line), `recordedBy` (member ref), `archived`.
/// The change that creates it is signed by its recorder, like every change.
public struct Meeting: Hashable, Sendable {
    public enum Field {
        public static let date = "date"
        public static let attendees = "attendees"
        public static let stateHash = "stateHash"
        public static let vector = "vector"
        public static let decisions = "decisions"
        public static let recordedBy = "recordedBy"
        public static let presence = "presence"
    }

    /// The bytes of one vector entry: author key (32) ‖ u64 big-endian seq.
    public static let vectorEntryLength = 40

    public var record: RecordState
    public var id: RecordID { self.record.id }
    public var date: String? { self.record.text(Field.date) }
    public var attendees: [RecordID] { self.record.refs(Field.attendees) }
    public var stateHash: [UInt8]? { self.record[Field.stateHash]?.rawBytes }
    public var vector: VersionVector? { self.record[Field.vector]?.rawBytes.flatMap(Self.decode) }
    public var decisions: [String] {
        (self.record.string(Field.decisions) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
    public var recordedBy: RecordID? { self.record.ref(Field.recordedBy) }
    /// The signed presence proofs the recorder kept (see ``present(in:)``).
    public var presence: [PresenceProof] { self.record[Field.presence]?.rawBytes.map { PresenceProof.decodeAll($0) } ?? [] }

    /// The members present (`Protocol/VISION.md`, "`meeting`"): the recorder, and each listed
    /// attendee for whom the record holds a presence proof over its ``stateHash`` with the
    /// `meeting` flag, signed by a device key of that member. A name the recorder listed
    /// without such a proof does not count: nobody can be put in a meeting they did not attend.
    /// In the order of ``attendees``.
    public func present(in roster: Roster) -> [RecordID] {
        let listed = self.attendees
        guard let stateHash = self.stateHash else { return listed.filter { $0 == self.recordedBy } }
        var proven: Set<RecordID> = []
        for proof in self.presence where proof.inMeeting && proof.proves(stateHash: stateHash) {
            if let member = roster.member(of: proof.author) { proven.insert(member) }
        }
        return listed.filter { $0 == self.recordedBy || proven.contains($0) }
    }

    /// The listed attendees who do not count as present (no valid proof): shown apart, so
    /// that a record never silently drops a name.
    public func unproven(in roster: Roster) -> [RecordID] {
        let present = Set(self.present(in: roster))
        return self.attendees.filter { !present.contains($0) }
    }

    public init?(_ record: RecordState) {
        guard record.kind == RecordKind.meeting else { return nil }
        self.record = record
    }

    /// Meetings not archived, oldest first (date, then creation order).
    public static func all(in records: [RecordState]) -> [Meeting] {
        records.compactMap(Meeting.init).filter { !$0.record.isArchived }.sorted {
            let (left, right) = ($0.date ?? "", $1.date ?? "")
            return left != right ? bytesPrecede(left, right) : creationOrder($0.record, $1.record)
        }
    }

    /// The most recent meeting, if any.
    public static func latest(in records: [RecordState]) -> Meeting? { self.all(in: records).last }

    /// The decisions taken in this meeting: the `decision` records linked to it, then the
    /// lines of the `decisions` field that meetings recorded before decisions had records.
    public func decisions(in vision: Vision) -> [String] {
        // Written by one change, in the order given: by operation index.
        vision.decisions.filter { $0.meeting == self.id }
            .sorted { ($0.record.header.createdAt, $0.record.header.createdBy.op, $0.id) < ($1.record.header.createdAt, $1.record.header.createdBy.op, $1.id) }
            .map(\.text) + self.decisions
    }

    /// Writes a new meeting record into `change`, and each decision as a `decision` record
    /// linked to it, adopted, proposed by the recorder.
    ///
    /// Decisions are trimmed, blank ones dropped, and line breaks inside one become spaces.
    @discardableResult
    public static func write(
        into change: inout ChangeBuilder, date: String, attendees: [RecordID], stateHash: [UInt8],
        vector: VersionVector, decisions: [String], recordedBy: RecordID?, presence: [PresenceProof] = []
    ) -> RecordID {
        let meeting = change.create(RecordKind.meeting)
        change.set(meeting, Field.date, .string(date))
        for attendee in Set(attendees).sorted() { change.add(meeting, Field.attendees, .record(attendee)) }
        change.set(meeting, Field.stateHash, .bytes(stateHash))
        change.set(meeting, Field.vector, .bytes(self.encode(vector)))
        if let recordedBy { change.set(meeting, Field.recordedBy, .record(recordedBy)) }
        let proofs = Array(Set(presence).sorted { $0.encoded.lexicographicallyPrecedes($1.encoded) }.prefix(VisionLimits.maximumPresenceProofs))
        if !proofs.isEmpty { change.set(meeting, Field.presence, .bytes(proofs.flatMap(\.encoded))) }
        self.writeDecisions(decisions, of: meeting, proposedBy: recordedBy, into: &change)
        return meeting
    }

    /// Writes each decision given at `meeting` as a `decision` record linked to it, adopted,
    /// proposed by `proposedBy`: the recorder's own, or another attendee's added to the one
    /// record of the meeting (DISCOVERY.md §7). Blank ones are dropped and line breaks inside
    /// one become spaces.
    public static func writeDecisions(_ decisions: [String], of meeting: RecordID, proposedBy: RecordID?, into change: inout ChangeBuilder) {
        let lines = decisions.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedForVision }.filter { !$0.isEmpty }
        for line in lines {
            let decision = change.create(RecordKind.decision)
            change.set(decision, Decision.Field.text, .string(line))
            change.set(decision, Decision.Field.status, .string(Decision.Status.adopted.rawValue))
            change.set(decision, Decision.Field.meeting, .record(meeting))
            if let proposedBy { change.set(decision, Decision.Field.proposedBy, .record(proposedBy)) }
        }
    }

    // MARK: - Version vector bytes

    /// `n` entries of author key (32 bytes) ‖ seq (u64 big-endian), in ascending author order.
    public static func encode(_ vector: VersionVector) -> [UInt8] {
        var bytes: [UInt8] = []
        for (author, seq) in vector.sorted {
            bytes += author.bytes
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((seq >> UInt64(shift)) & 0xff)) }
        }
        return bytes
    }

    /// The inverse of ``encode(_:)``; `nil` for bytes that are not a whole number of entries.
    public static func decode(_ bytes: [UInt8]) -> VersionVector? {
        guard bytes.count % self.vectorEntryLength == 0 else { return nil }
        var entries: [AuthorKey: UInt64] = [:]
        var offset = 0
        while offset < bytes.count {
            let author = AuthorKey(unchecked: Array(bytes[offset..<offset + 32]))
            let seq = bytes[offset + 32..<offset + 40].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if seq > 0 { entries[author] = seq }
            offset += self.vectorEntryLength
        }
        return VersionVector(entries)
    }

    /// How many changes each author wrote between `before` (the last meeting's vector; empty
    /// for the first meeting) and `now`, authors with none left out, most first.
    public static func brought(since before: VersionVector?, now: VersionVector) -> [(author: AuthorKey, changes: UInt64)] {
        let before = before ?? VersionVector()
        return now.sorted.compactMap { entry in
            let old = before[entry.author]
            return entry.seq > old ? (entry.author, entry.seq - old) : nil
        }.sorted { ($0.changes, $1.author) > ($1.changes, $0.author) }
    }
}
