import EntenteNet
import EntenteTestSupport
import Foundation
import Testing
@testable import EntenteBoard

/// `entente board` told to stop (SIGTERM, as Ctrl-C) while browsers hold connections: it ends
/// every one of them and exits cleanly within `BoardLimits.stopDeadline`.
@Suite(.serialized) struct BoardStopTests {
    /// A connection to the board that sent `request` and nothing more, with the Host and the
    /// token cookie a browser sends put in place of `HEADERS`.
    static func holding(_ board: LiveBoard, _ request: String) throws -> SocketStreamPair {
        let headers = "Host: 127.0.0.1:\(board.port)\r\nCookie: \(BoardAccess.tokenCookie)=\(board.access.token)\r\n"
        let pair = try TCPConnector.connect(to: "127.0.0.1:\(board.port)")
        try pair.output.writeAll(Array(request.replacingOccurrences(of: "HEADERS", with: headers).utf8))
        return pair
    }

    /// Reads until `text` arrived, at most 10 s.
    static func read(_ pair: SocketStreamPair, until text: String) -> Bool {
        pair.setTimeout(10)
        var received: [UInt8] = []
        while !String(decoding: received, as: UTF8.self).contains(text) {
            guard let more = try? pair.input.readSome() else { return false }
            received += more
        }
        return true
    }

    /// Stops the board as Ctrl-C would: its exit status and how long it took.
    static func stop(_ board: LiveBoard) -> (status: Int32, standardError: String, took: TimeInterval) {
        let started = Date()
        let (status, standardError) = board.running.stop()
        return (status, standardError, Date().timeIntervalSince(started))
    }

    @Test func theBoardEndsLiveStreamsCutRequestsAndIdleConnectionsWithinItsDeadline() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try LiveBoard(fixture.replica)
        defer { board.stop() }
        // A live-update stream, a request cut in its headers, a connection that never spoke.
        let stream = try Self.holding(board, "GET /events HTTP/1.1\r\nHEADERS\r\n")
        defer { stream.close() }
        #expect(Self.read(stream, until: "data: "))
        let cut = try Self.holding(board, "POST /act/commitment HTTP/1.1\r\nHEADERSContent-Length: 40\r\n")
        defer { cut.close() }
        let silent = try TCPConnector.connect(to: "127.0.0.1:\(board.port)")
        defer { silent.close() }
        Thread.sleep(forTimeInterval: 0.3)

        let stopped = Self.stop(board)
        #expect(stopped.status == 0, "\(stopped.standardError)")
        #expect(stopped.took < BoardLimits.stopDeadline.seconds, "entente board took \(stopped.took) s to stop")
        for pair in [stream, cut, silent] { #expect(pair.closedByPeer()) }
    }

    @Test func aRequestStillArrivingAtTheDeadlineIsCutThere() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let board = try LiveBoard(fixture.replica)
        defer { board.stop() }
        // A form whose body stops halfway: the request is under way, and never ends.
        let trickling = try Self.holding(board, "POST /act/commitment HTTP/1.1\r\nHEADERSContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\ntitle=half")
        defer { trickling.close() }
        Thread.sleep(forTimeInterval: 0.3)

        let stopped = Self.stop(board)
        let deadline = BoardLimits.stopDeadline.seconds
        #expect(stopped.status == 0, "\(stopped.standardError)")
        #expect(stopped.took >= deadline - 0.1 && stopped.took < deadline + 2, "entente board took \(stopped.took) s to stop")
        #expect(trickling.closedByPeer())
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        TimeInterval(self.components.seconds) + TimeInterval(self.components.attoseconds) / 1e18
    }
}
