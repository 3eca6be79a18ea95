import EntenteCore
import EntenteStore

/// Records by id, for telling changes in words (``ChangeWords``): either every record, read
/// at once, or each read from the replica the first time it is asked for, when a command tells
/// a few changes of a large replica (`entente log --limit 50` names a few records of
/// thousands; BENCHMARKS.md, "A long-lived collective").
final class RecordLookup {
    private var known: [RecordID: RecordState]
    private var absent = Set<RecordID>()
    private var kinds: [String: [RecordState]] = [:]
    private let replica: Replica?
    /// The first error met reading a record on demand: the command reports it (``ChangeWords/checkReading()``).
    private(set) var failure: Error?

    init(records: [RecordState]) {
        self.known = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.replica = nil
    }

    /// Reads from `replica` what `records` does not hold.
    init(records: [RecordState], reading replica: Replica) {
        self.known = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.replica = replica
    }

    subscript(id: RecordID) -> RecordState? {
        if let record = self.known[id] { return record }
        guard let replica = self.replica, !self.absent.contains(id) else { return nil }
        do {
            if let record = try replica.record(id) {
                self.known[id] = record
                return record
            }
        } catch {
            if self.failure == nil { self.failure = error }
        }
        self.absent.insert(id)
        return nil
    }

    /// Every record of `kind` (a decision the tool made is named after the value rule that
    /// adopts it: one scan of the rules, only then).
    func records(kind: String) -> [RecordState] {
        if let records = self.kinds[kind] { return records }
        let records: [RecordState]
        if let replica = self.replica {
            do {
                records = try replica.records(kind: kind)
            } catch {
                if self.failure == nil { self.failure = error }
                return []
            }
        } else {
            records = self.known.values.filter { $0.kind == kind }.inCreationOrder
        }
        self.kinds[kind] = records
        return records
    }
}
