import EntenteCore
import Testing

/// The plan's order: fractional position keys, ties broken by record id.
@Suite("Vision stage order")
struct VisionStageOrderTests {
    @Test func betweenIsStrictlyBetween() {
        var keys = [FractionalIndex.between(nil, nil)]
        // Insert repeatedly at the front, at the back and in the middle.
        for round in 0..<200 {
            switch round % 3 {
            case 0: keys.insert(FractionalIndex.between(nil, keys.first), at: 0)
            case 1: keys.append(FractionalIndex.between(keys.last, nil))
            default:
                let index = keys.count / 2
                keys.insert(FractionalIndex.between(keys[index - 1], keys[index]), at: index)
            }
        }
        for (lhs, rhs) in zip(keys, keys.dropFirst()) {
            #expect(Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8)), "\(lhs) !< \(rhs)")
        }
        #expect(keys.allSatisfy(FractionalIndex.isValid))
    }

    @Test func betweenAcceptsGarbageFromPeers() {
        #expect(FractionalIndex.isValid(FractionalIndex.between("zz!!", "a")))   // after >= before: ignored
        #expect(FractionalIndex.isValid(FractionalIndex.between("V0000", nil)))
        #expect(FractionalIndex.isValid(FractionalIndex.between("", "")))
        #expect(FractionalIndex.between("V", "V") > "V")
    }

    @Test func concurrentInsertsMergeIntoOneDeterministicOrder() {
        var f = VisionFixture()
        let first = FractionalIndex.between(nil, nil)
        let last = FractionalIndex.between(first, nil)
        let middle = FractionalIndex.between(first, last)    // both peers pick the same key
        let a = f.add(RecordKind.stage, [Stage.Field.title: .string("A"), Stage.Field.position: .string(first)])
        let z = f.add(RecordKind.stage, [Stage.Field.title: .string("Z"), Stage.Field.position: .string(last)])
        let x = f.add(RecordKind.stage, [Stage.Field.title: .string("X"), Stage.Field.position: .string(middle)])
        let y = f.add(RecordKind.stage, [Stage.Field.title: .string("Y"), Stage.Field.position: .string(middle)])
        let expected = [a] + [x, y].sorted() + [z]
        #expect(Stage.plan(f.records).map(\.id) == expected)
        #expect(Stage.plan(f.records.reversed()).map(\.id) == expected)
        // Inserting after the first tied stage lands after both tied ones, before Z.
        let plan = Stage.plan(f.records)
        let key = Stage.position(inserting: 2, into: plan)
        #expect(key > middle && key < last)
    }
}

extension VisionStageOrderTests {
    @Test func longKeysFromPeersNeitherCrashNorSlowDown() {
        let long = String(repeating: "z", count: 200_000)
        let after = FractionalIndex.between(long, nil)
        #expect(Array(long.utf8).lexicographicallyPrecedes(Array(after.utf8)))
        let before = FractionalIndex.between(nil, String(repeating: "0", count: 100_000) + "1")
        #expect(FractionalIndex.isValid(before))
        #expect(before < String(repeating: "0", count: 100_000) + "1")
    }
}
