import Dispatch
import EntenteBoard
import EntenteNet
import EntenteStore
import Foundation
import Logging

/// `entente-bench board [--changes N]`: the board's landing page on the replica of
/// `entente-bench core` (100,000 changes by default), served on loopback and fetched over
/// real HTTP: time to first byte and to the last byte, each the median of 20 requests,
/// next to a baseline measured in the same run (the board's stylesheet: same server, same
/// gate, no replica read).
func runBoardBenchmark(arguments: [String]) {
    do {
        let changes = option("--changes", in: arguments, default: 100_000)
        let folder = try BenchFolder("board")
        defer { folder.remove() }
        let kept = folder.url.appendingPathComponent("replica")
        try benchmarkMergeThroughput(changes: changes, keep: kept.path)
        guard let (server, task) = try startBoard(ReplicaFolder(kept)) else { return }
        defer { task.cancel() }
        print("\n== The board's landing page on a replica of \(changes) changes (median of 20 over loopback HTTP)")
        let cookie = "Cookie: \(BoardAccess.tokenCookie)=\(server.access.token)"
        func measure(_ path: String) throws -> (first: Double, full: Double, bytes: Int) {
            var firsts: [Double] = [], fulls: [Double] = [], size = 0
            _ = try fetch(port: server.port, path: path, headers: [cookie])  // warm up
            for _ in 0..<20 {
                let sample = try fetch(port: server.port, path: path, headers: [cookie])
                firsts.append(sample.first)
                fulls.append(sample.full)
                size = sample.bytes
            }
            return (median(firsts), median(fulls), size)
        }
        let asset = try measure("/assets/board.css")
        let landing = try measure("/")
        let log = try measure("/log")
        print("baseline, the stylesheet: first byte \(BenchClock.ms(asset.first)), full \(BenchClock.ms(asset.full)) (\(asset.bytes) B)")
        print("landing page (status):    first byte \(BenchClock.ms(landing.first)), full \(BenchClock.ms(landing.full)) (\(landing.bytes) B)"
              + "  ratio \(BenchClock.ratio(landing.full, asset.full))   (goal < 100 ms)")
        print("log page (newest 50):     first byte \(BenchClock.ms(log.first)), full \(BenchClock.ms(log.full)) (\(log.bytes) B)"
              + "  ratio \(BenchClock.ratio(log.full, asset.full))")
    } catch {
        print("benchmark failed: \(error)")
    }
}

/// The board on the replica in `folder`, listening on a loopback port; `nil` (and a line
/// said) when it did not start within 30 s.
func startBoard(_ folder: ReplicaFolder) throws -> (BoardServer, Task<Void, Error>)? {
    let replica = try Replica.open(folder)
    var logger = Logger(label: "entente.bench.board")
    logger.logLevel = .critical
    let server = try BoardServer(replica: replica, logger: logger)
    let ready = DispatchSemaphore(value: 0)
    let task = Task { try await server.run(port: 0, handleSignals: false) { _ in ready.signal() } }
    guard ready.wait(timeout: .now() + 30) == .success else {
        task.cancel()
        print("benchmark failed: the board did not start")
        return nil
    }
    return (server, task)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// One GET over a fresh connection, timed to the first byte of the reply and to its end.
func fetch(port: UInt16, path: String, headers: [String]) throws -> (first: Double, full: Double, bytes: Int) {
    let request = (["GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"] + headers).joined(separator: "\r\n") + "\r\n\r\n"
    let start = BenchClock.now()
    let pair = try TCPConnector.connect(to: "127.0.0.1:\(port)")
    pair.input.open()
    pair.output.open()
    defer { pair.input.close(); pair.output.close() }
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { pair.output.write($0, maxLength: buffer.count) } }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var first: Double?
    var total = 0
    while true {
        let read = pair.input.read(&buffer, maxLength: buffer.count)
        if read <= 0 { break }
        if first == nil { first = BenchClock.now() - start }
        total += read
    }
    return (first ?? 0, BenchClock.now() - start, total)
}
