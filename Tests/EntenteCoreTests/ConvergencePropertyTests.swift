import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// Seeded property tests: random replicas, random edits, random partial exchanges with
/// duplicates in random orders, and devices copied mid-way whose copies both go on signing
/// (forks, which others build on), members archived and devices revoked; every replica must converge to the state of a replay of
/// the union of all changes, with every change applied. A failure prints its seed; replay
/// one with ENTENTE_SEED=<seed>.
@Suite("Convergence properties")
struct ConvergencePropertyTests {
    static let scenarios = Int(ProcessInfo.processInfo.environment["ENTENTE_SCENARIOS"] ?? "") ?? 1_000

    static var seeds: [UInt64] {
        if let seed = ProcessInfo.processInfo.environment["ENTENTE_SEED"].flatMap(UInt64.init) { return [seed] }
        return (0..<UInt64(Self.scenarios)).map { 0xE47E_47E0_0000 + $0 }
    }

    @Test func randomScenariosConverge() throws {
        let identities = (0..<8).map { _ in SigningIdentity() }
        var failures: [String] = []
        for seed in Self.seeds {
            do {
                try Self.runScenario(seed: seed, identities: identities)
            } catch {
                failures.append("seed \(seed): \(error)")
                if failures.count >= 3 { break }
            }
        }
        #expect(failures.isEmpty, "failing scenarios (replay with ENTENTE_SEED=<seed>): \(failures)")
    }

    struct Divergence: Error, CustomStringConvertible {
        var description: String
    }

    static func runScenario(seed: UInt64, identities: [SigningIdentity]) throws {
        var random = SeededRandom(seed: seed)
        var count = Int.random(in: 3...8, using: &random)
        var (founding, replicas) = try MemoryReplica.collective(count, identities: Array(identities.prefix(count)), clock: 1_000)
        var forks = 0
        let collective = founding.change.collective
        let fields = ["name", "due", "status", "what"]
        let elements: [Value] = [.int(1), .int(2), .string("x")]
        var every: [SignedChange] = [founding]
        let steps = Int.random(in: 10...40, using: &random)
        for _ in 0..<steps {
            let index = Int.random(in: 0..<count, using: &random)
            if forks < 2, random.chance(0.06) {
                // The device's folder is copied (a backup restored, a second laptop): from now
                // on both copies sign with the same key, each on its own.
                replicas.append(replicas[index])
                replicas[count].clock += 7
                count += 1
                forks += 1
                continue
            }
            if random.chance(0.6) || every.isEmpty {
                // A local edit on what this replica knows.
                let known = try replicas[index].storage.allRecords().filter { $0.kind == "thing" }.map(\.id)
                if random.chance(0.15), let change = try Self.motionStep(&replicas[index], &random) {
                    // Concurrent removals and re-admissions: propose or consent; a member who
                    // was archived meanwhile signs it anyway (evidence without effect).
                    every.append(change)
                    continue
                }
                if random.chance(0.15) {
                    // A crafted change that speaks beyond its author's rights: it archives a
                    // member without consent and rewrites a device's key. Both are refused.
                    let members = try replicas[index].storage.allRecords().filter { $0.kind == RecordKind.member || $0.kind == RecordKind.device }
                    if let target = members.randomElement(using: &random) {
                        every.append(try replicas[index].craft { builder in
                            builder.set(target.id, CommonField.archived, .bool(true))
                            builder.set(target.id, DeviceField.key, .bytes([UInt8](repeating: 7, count: 32)))
                        })
                        continue
                    }
                }
                if random.chance(0.15), let change = try Self.decisionStep(&replicas[index], &random) {
                    // Proposals, concurrent stances (some without the reason a block needs),
                    // withdrawals and concurrent closes with different outcomes.
                    every.append(change)
                    continue
                }
                let change = try Self.commitOrCraft(&replicas[index]) { builder in
                    let operations = Int.random(in: 1...3, using: &random)
                    for _ in 0..<operations {
                        let roll = Int.random(in: 0..<10, using: &random)
                        if roll < 2 || known.isEmpty {
                            let record = builder.create("thing")
                            builder.set(record, "name", .int(Int64(roll)))
                        } else {
                            let record = known[Int.random(in: 0..<known.count, using: &random)]
                            let field = fields[Int.random(in: 0..<fields.count, using: &random)]
                            switch roll {
                            case 2:
                                // A text edit: insert a word at a random place, or delete a range.
                                let current = Array(try builder.currentText(record, "text").unicodeScalars)
                                var next = current
                                if current.isEmpty || random.chance(0.7) {
                                    let at = Int.random(in: 0...current.count, using: &random)
                                    let words = ["été ", "🎉", "e\u{301}", "ensemble ", "x"]
                                    next.insert(contentsOf: words[Int.random(in: 0..<words.count, using: &random)].unicodeScalars, at: at)
                                } else {
                                    let from = Int.random(in: 0..<current.count, using: &random)
                                    next.removeSubrange(from..<min(current.count, from + Int.random(in: 1...4, using: &random)))
                                }
                                var text = String.UnicodeScalarView()
                                text.append(contentsOf: next)
                                try builder.setText(record, "text", to: String(text))
                            case 3...6: builder.set(record, field, .int(Int64.random(in: 0...9, using: &random)))
                            case 7, 8: builder.add(record, "tags", elements[Int.random(in: 0..<elements.count, using: &random)])
                            default: builder.remove(record, "tags", elements[Int.random(in: 0..<elements.count, using: &random)])
                            }
                        }
                    }
                }
                every.append(change)
            } else {
                // A partial exchange: a random subset of another replica's changes, shuffled, with duplicates.
                let source = Int.random(in: 0..<count, using: &random)
                var offered = replicas[source].changes.filter { _ in random.chance(0.7) }
                if let duplicate = offered.randomElement(using: &random) { offered.append(duplicate) }
                offered.shuffle(using: &random)
                let cut = Int.random(in: 0...offered.count, using: &random)
                try replicas[index].receive(Array(offered[..<cut]))
                try replicas[index].receive(Array(offered[cut...]))
            }
        }
        // Final full exchange in a random order.
        for index in (0..<count).shuffled(using: &random) {
            try replicas[index].receive(every.shuffled(using: &random))
        }
        var replay = MemoryReplica(collective: collective)
        try replay.receive(every.shuffled(using: &random))
        let expected = try replay.stateHash()
        let distinct = Set(every.map(\.id)).count
        let expectedForks = Set(replay.storage.forks)
        for (index, replica) in replicas.enumerated() {
            let hash = try replica.stateHash()
            guard hash == expected else {
                throw Divergence(description: "replica \(index) has state \(hash.prefix(12)), the replay \(expected.prefix(12))")
            }
            guard try replica.storage.pendingCount() == 0, replica.storage.appliedOrder.count == distinct else {
                throw Divergence(description: "replica \(index) applied \(replica.storage.appliedOrder.count) of \(distinct) changes")
            }
            // Every replica reports the same forks, whatever order they arrived in.
            guard Set(replica.storage.forks) == expectedForks else {
                throw Divergence(description: "replica \(index) reports forks \(replica.storage.forks.count), the replay \(expectedForks.count)")
            }
            // No refused operation ever shows: every device keeps its key, and nothing written
            // by a member archived in the change's past survives.
            let roster = Directory(records: try replica.storage.authorityRecords())
            guard roster.members.allSatisfy({ $0.devices.count == 1 }), try replica.storage.refusals().count == replay.storage.refusals().count else {
                throw Divergence(description: "replica \(index) shows an unauthorised effect")
            }
            var removedWrites = 0
            func check(_ tag: WriteTag) throws {
                guard let entry = try replica.storage.entry(of: tag.change) else { return }
                let past = CausalPast(of: entry, in: try replica.storage.causalIndex())
                if let member = try roster.roster.member(of: tag.author, in: past), try roster.roster.isArchived(member, in: past) { removedWrites += 1 }
            }
            try replica.storage.forEachWrite { _, write in try check(write.tag) }
            for header in try replica.storage.allRecords() { try check(header.createdBy) }
            guard removedWrites == 0 else { throw Divergence(description: "replica \(index) holds \(removedWrites) write(s) by removed members") }
            var archivedWrites = 0
            try replica.storage.forEachWrite { slot, _ in if slot.field == CommonField.archived || (slot.field == DeviceField.key && slot.element.isEmpty && (try? replica.storage.header(of: slot.record))??.kind == RecordKind.member) { archivedWrites += 1 } }
            guard archivedWrites == 0 else { throw Divergence(description: "replica \(index) holds a refused write") }
        }
    }

    /// One motion step on `replica`: consent to an open motion it may vote on, or propose to
    /// archive (or restore) another member. Signed without the local check when its member
    /// has been archived, so the refused evidence travels too.
    static func motionStep(_ replica: inout MemoryReplica, _ random: inout SeededRandom) throws -> SignedChange? {
        let directory = Directory(records: try replica.storage.authorityRecords())
        guard let me = directory.member(for: replica.author) else { return nil }
        let roster = directory.roster
        let consentable = roster.openMotions().filter { $0.voters.contains(me.id) && !roster.consenting($0).contains(me.id) }
        let build: (inout ChangeBuilder) -> Void
        if let motion = consentable.randomElement(using: &random), random.chance(0.6) {
            build = { Admission.consent(to: motion.record, by: me.id, into: &$0) }
        } else if random.chance(0.3), let target = directory.members.randomElement(using: &random),
                  let device = target.liveDevices.randomElement(using: &random) {
            // A lost laptop revoked: one's own at once (even the one signing), another's by motion.
            build = { Admission.revoke(device.record, of: target.id, by: me.id, roster: roster, into: &$0) }
        } else if let target = directory.members.filter({ $0.id != me.id }).randomElement(using: &random) {
            let action: MotionAction = target.isArchived ? .restore : .archive
            build = { Admission.propose(action, on: target.id, by: me.id, roster: roster, into: &$0) }
        } else {
            return nil
        }
        return try Self.commitOrCraft(&replica, build)
    }

    /// Commits, or, when the replica's member was archived, signs it anyway (refused evidence).
    /// A decision made, answered or closed on `replica`, signed even where the rules refuse it.
    static func decisionStep(_ replica: inout MemoryReplica, _ random: inout SeededRandom) throws -> SignedChange? {
        let records = try replica.storage.allRecords()
        guard let me = Directory(records: try replica.storage.authorityRecords()).member(for: replica.author)?.id else { return nil }
        let decisions = records.filter { $0.kind == RecordKind.decision }.map(\.id)
        let roll = Int.random(in: 0..<10, using: &random)
        return try Self.commitOrCraft(&replica) { builder in
            if decisions.isEmpty || roll < 3 {
                let decision = builder.create(RecordKind.decision)
                builder.set(decision, Decision.Field.text, .string("d\(roll)"))
                builder.set(decision, Decision.Field.proposedBy, .record(me))
                builder.set(decision, Decision.Field.status, .string("open"))
            } else if let decision = decisions.randomElement(using: &random), roll < 8 {
                let stance = builder.create(RecordKind.stance)
                let positions = Stance.Position.allCases.map(\.rawValue)
                builder.set(stance, Stance.Field.decision, .record(decision))
                builder.set(stance, Stance.Field.member, .record(me))
                builder.set(stance, Stance.Field.position, .string(positions[Int.random(in: 0..<positions.count, using: &random)]))
                if random.chance(0.6) { builder.set(stance, Stance.Field.reason, .string("r\(roll)")) }
            } else if let decision = decisions.randomElement(using: &random), roll == 8 {
                // A value rule tied to a decision, valid or not (a negative rate is clamped).
                let rule = builder.create(RecordKind.valueRule)
                builder.set(rule, ValueRule.Field.decision, .record(decision))
                builder.set(rule, ValueRule.Field.hourRate, .int(Int64.random(in: -10...9000, using: &random)))
                builder.set(rule, ValueRule.Field.levy, .int(Int64.random(in: 0...1200, using: &random)))
            } else if let decision = decisions.randomElement(using: &random) {
                let statuses = Decision.Status.allCases.map(\.rawValue)
                builder.set(decision, Decision.Field.status, .string(statuses[Int.random(in: 0..<statuses.count, using: &random)]))
                builder.set(decision, Decision.Field.outcome, .string("o\(roll)"))
            }
        }
    }

    static func commitOrCraft(_ replica: inout MemoryReplica, _ build: (inout ChangeBuilder) throws -> Void) throws -> SignedChange {
        do {
            return try replica.commit("", build)
        } catch is AuthorityError {
            return try replica.craft(build)
        }
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() throws {
        for seed in (0..<50).map({ UInt64(0xA550C + $0) }) {
            var random = SeededRandom(seed: seed)
            var (founding, writers) = try MemoryReplica.collective(3)
            let collective = founding.change.collective
            var changes: [[SignedChange]] = [[founding], [], []]
            for step in 0..<12 {
                let index = step % 3
                let known = try writers[index].storage.allRecords().filter { $0.kind == "thing" }.map(\.id)
                let change = try writers[index].commit { builder in
                    if known.isEmpty || random.chance(0.3) {
                        builder.create("thing")
                    } else {
                        builder.set(known[Int.random(in: 0..<known.count, using: &random)], "f", .int(Int64(step)))
                    }
                }
                changes[index].append(change)
                // Sometimes share with the next writer, creating causal links.
                if random.chance(0.5) { try writers[(index + 1) % 3].receive(writers[index].changes) }
            }
            var hashes = Set<String>()
            for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1]] {
                var replica = MemoryReplica(collective: collective)
                for batch in order {
                    try replica.receive(changes[batch])
                    try replica.receive(changes[batch])  // idempotent
                }
                hashes.insert(try replica.stateHash())
            }
            #expect(hashes.count == 1, "seed \(seed): orders gave \(hashes.count) different states")
        }
    }
}
