import Dispatch
import EntenteBoard
import EntenteCore
import EntenteStore
import Foundation
import Logging

/// `entente-bench texts [--records N]`: a replica of N commitments whose titles are as long
/// as the core allows (`VisionLimits.maximumTextBytes`), half of them one word without a
/// space (cut, not wrapped at words), read through the real `entente` binary at 80 columns
/// and through the board over loopback HTTP. Baselines in the same run: `entente --version`
/// (the process start) and the board's stylesheet. Each figure is the median of 5 runs.
func runLongTextBenchmark(arguments: [String]) {
    do {
        let count = option("--records", in: arguments, default: 1_000)
        let folder = try BenchFolder("texts")
        defer { folder.remove() }
        let replicaFolder = ReplicaFolder(folder.url.appendingPathComponent("replica"))
        let replica = try Replica.found(replicaFolder, collective: "Atelier", founder: "Alice")
        let limit = VisionLimits.maximumTextBytes
        let words = String(repeating: "Répondre à l'appel d'offres ", count: limit / 30)
        let spaced = String(words.utf8.prefix(limit)) ?? words
        let solid = String(repeating: "x", count: limit)
        let directory = try replica.directory()
        guard let me = directory.member(for: replica.author)?.id else {
            print("benchmark failed: the founder is no member")
            return
        }
        let made = BenchClock.now()
        for index in 0..<count {
            try replica.commit(message: "") { change in
                let commitment = change.create(RecordKind.commitment)
                change.set(commitment, Commitment.Field.what, .string(index % 2 == 0 ? spaced : solid))
                change.set(commitment, Commitment.Field.by, .record(me))
            }
        }
        print("\n== \(count) commitments with titles of \(limit) bytes (half one word), made in \(BenchClock.ms(BenchClock.now() - made))")
        // A title over the limit is refused before anything is signed.
        let over = String(repeating: "x", count: 30_000)
        do {
            try replica.commit(message: "") { change in
                let commitment = change.create(RecordKind.commitment)
                change.set(commitment, Commitment.Field.what, .string(over))
            }
            print("a 30 KB title was signed: the limit did not hold")
        } catch let error as AuthorityError where error.refusal.rule == .tooLong {
            print("a 30 KB title: refused before signing (\(error.refusal.rule.rawValue))")
        }
        try replica.close()

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("entente")
        func run(_ arguments: [String]) throws -> (seconds: Double, bytes: Int) {
            var times: [Double] = [], size = 0
            for _ in 0..<5 {
                let process = Process()
                process.executableURL = binary
                process.arguments = arguments
                var environment = ProcessInfo.processInfo.environment
                environment["COLUMNS"] = "80"
                environment["ENTENTE_HOME"] = replicaFolder.url.path
                environment["PAGER"] = "cat"
                process.environment = environment
                let out = Pipe()
                process.standardOutput = out
                let start = BenchClock.now()
                try process.run()
                size = out.fileHandleForReading.readDataToEndOfFile().count
                process.waitUntilExit()
                times.append(BenchClock.now() - start)
            }
            return (median(times), size)
        }
        let start = try run(["--version"])
        print("baseline, entente --version (process start): \(BenchClock.ms(start.seconds))")
        for command in [["commitment", "list"], ["show"], ["status"], ["log", "--limit", "50"], ["export", "--format", "markdown", "-"]] {
            let sample = try run(command)
            let name = ("entente " + command.joined(separator: " ")).padding(toLength: 36, withPad: " ", startingAt: 0)
            print("\(name) \(BenchClock.ms(sample.seconds))  (\(sample.bytes) B)  ratio \(BenchClock.ratio(sample.seconds, start.seconds))"
                  + "  beyond the start \(BenchClock.ms(max(0, sample.seconds - start.seconds)))   (goal < 100 ms)")
        }

        guard let (server, task) = try startBoard(replicaFolder) else { return }
        defer { task.cancel() }
        let cookie = "Cookie: \(BoardAccess.tokenCookie)=\(server.access.token)"
        func measure(_ path: String) throws -> (full: Double, bytes: Int) {
            var fulls: [Double] = [], size = 0
            _ = try fetch(port: server.port, path: path, headers: [cookie])
            for _ in 0..<5 {
                let sample = try fetch(port: server.port, path: path, headers: [cookie])
                fulls.append(sample.full)
                size = sample.bytes
            }
            return (median(fulls), size)
        }
        let asset = try measure("/assets/board.css")
        print("board, baseline the stylesheet: \(BenchClock.ms(asset.full)) (\(asset.bytes) B)")
        for path in ["/", "/commitments", "/log"] {
            let page = try measure(path)
            print("board \(path.padding(toLength: 8, withPad: " ", startingAt: 0)) \(BenchClock.ms(page.full)) (\(page.bytes) B)  ratio \(BenchClock.ratio(page.full, asset.full))   (goal < 100 ms)")
        }
    } catch {
        print("benchmark failed: \(error)")
    }
}
