import Foundation
import Glibc
import Testing
@testable import EntenteNet

@Suite("TCP over loopback", .timeLimit(.minutes(2)))
struct TCPStreamTests {
    @Test("IPv6 loopback availability is detected")
    func ipv6Detection() {
        // Recorded so the test log shows which families ran.
        print("EntenteNetTests: IPv6 loopback (::1) available: \(ipv6LoopbackAvailable)")
        #expect(loopbackHosts.first == "127.0.0.1")
    }

    @Test("listener on port 0 and connector", arguments: loopbackHosts)
    func connect(host: String) throws {
        let listener = try TCPListener(bind: host, port: 0)
        defer { listener.close() }
        #expect(listener.localPort != 0)
        #expect(listener.localEndpoint.host == host)

        let client = try TCPConnector.connect(to: TCPEndpoint(host: host, port: listener.localPort), timeout: 5)
        defer { client.close() }
        let server = try #require(try listener.accept(timeout: 5))
        defer { server.close() }

        #expect(client.remote == TCPEndpoint(host: host, port: listener.localPort))
        #expect(server.remote == client.local)
        #expect(server.local == client.remote)
        #expect(client.input.streamStatus == .open)
        #expect(client.output.streamStatus == .open)

        try client.output.writeAll([42])
        #expect(try server.input.readExactly(1) == [42])
    }

    @Test("a dual-stack listener on :: accepts IPv4 and IPv6 clients", .enabled(if: ipv6LoopbackAvailable))
    func dualStack() throws {
        let listener = try TCPListener(bind: "::", port: 0)
        defer { listener.close() }
        for host in ["127.0.0.1", "::1", "localhost"] {
            let client = try TCPConnector.connect(to: "\(host.contains(":") ? "[\(host)]" : host):\(listener.localPort)",
                                                  timeout: 5)
            defer { client.close() }
            let server = try #require(try listener.accept(timeout: 5))
            defer { server.close() }
            try client.output.writeAll(Array(host.utf8))
            #expect(try server.input.readExactly(host.utf8.count) == Array(host.utf8))
            if host == "127.0.0.1" {
                #expect(server.remote.host == "::ffff:127.0.0.1")
            }
        }
    }

    @Test("echo in both directions concurrently",
          arguments: loopbackHosts, [1, 64 * 1024, 8 * 1024 * 1024])
    func echo(host: String, size: Int) throws {
        let connection = try ConnectedPair(host: host)
        defer { connection.close() }
        let payload = pattern(size, seed: UInt64(size))

        // Server: echo everything until the client half-closes, then half-close too.
        let server = Background {
            var total = 0
            while true {
                let chunk: [UInt8]
                do {
                    chunk = try connection.server.input.readSome(max: 32 * 1024)
                } catch let error as NetError where error.kind == .peerClosed {
                    break
                }
                total += chunk.count
                try connection.server.output.writeAll(chunk)
            }
            connection.server.output.close()
            #expect(total == size)
        }
        // Client: one thread writes while this one reads the echo.
        let writer = Background {
            try connection.client.output.writeAll(payload)
            connection.client.output.close() // half-close: the server reads EOF
        }
        let echoed = try connection.client.input.readExactly(size)
        #expect(echoed == payload)
        // Then end of stream, as the server half-closed.
        expectNetError(.peerClosed) { _ = try connection.client.input.readSome() }
        #expect(connection.client.input.streamStatus == .atEnd)
        try writer.join()
        try server.join()
    }

    @Test("both peers send 8 MiB to each other at the same time")
    func simultaneousBidirectional() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        let size = 8 * 1024 * 1024
        let fromClient = pattern(size, seed: 1)
        let fromServer = pattern(size, seed: 2)
        let clientWriter = Background { try connection.client.output.writeAll(fromClient) }
        let serverWriter = Background { try connection.server.output.writeAll(Data(fromServer)) }
        let serverReceived = Locked<[UInt8]>([])
        let serverReader = Background {
            let bytes = try connection.server.input.readExactly(size)
            serverReceived.withValue { $0 = bytes }
        }
        let clientReceived = try connection.client.input.readExactly(size)
        try clientWriter.join()
        try serverWriter.join()
        try serverReader.join()
        #expect(clientReceived == fromServer)
        #expect(serverReceived.current == fromClient)
    }

    @Test("partial reads: Stream.read and readSome return at most what was asked, readExactly spans segments")
    func partialReads() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        try connection.server.output.writeAll(Array(0..<10))
        #expect(try connection.client.input.readExactly(3) == [0, 1, 2])

        var buffer = [UInt8](repeating: 0xEE, count: 4)
        let n = connection.client.input.read(&buffer, maxLength: 4)
        #expect(n >= 1 && n <= 4)
        #expect(Array(buffer[0..<n]) == Array(3..<UInt8(3 + n)))
        let rest = try connection.client.input.readExactly(7 - n)
        #expect(rest == Array(UInt8(3 + n)..<10))

        // Two separate segments with a pause between them are joined by readExactly.
        let sender = Background {
            try connection.server.output.writeAll([1, 2, 3, 4, 5])
            Thread.sleep(forTimeInterval: 0.1)
            try connection.server.output.writeAll([6, 7, 8, 9, 10])
        }
        #expect(try connection.client.input.readExactly(10) == Array(1...10))
        try sender.join()

        // readSome never returns more than max.
        try connection.server.output.writeAll(Array(repeating: 7, count: 100))
        var got = 0
        while got < 100 {
            let chunk = try connection.client.input.readSome(max: 30)
            #expect(chunk.count >= 1 && chunk.count <= 30)
            #expect(chunk.allSatisfy { $0 == 7 })
            got += chunk.count
        }
        #expect(got == 100)
        #expect(try connection.client.input.readExactly(0) == [])
    }

    @Test("EOF: read returns 0 and status is atEnd; helpers throw peerClosed")
    func endOfStream() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        try connection.server.output.writeAll([1, 2, 3])
        connection.server.close()

        var buffer = [UInt8](repeating: 0, count: 16)
        var received: [UInt8] = []
        while true {
            let n = connection.client.input.read(&buffer, maxLength: buffer.count)
            #expect(n >= 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        #expect(received == [1, 2, 3])
        #expect(connection.client.input.streamStatus == .atEnd)
        #expect(!connection.client.input.hasBytesAvailable)
        #expect(connection.client.input.read(&buffer, maxLength: buffer.count) == 0)
        let error = expectNetError(.peerClosed) { _ = try connection.client.input.readExactly(1) }
        #expect(error?.message.contains("closed the connection") == true)
        expectNetError(.peerClosed) { _ = try connection.client.input.readSome() }
    }

    @Test("EOF in the middle of readExactly says how much arrived")
    func shortRead() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        try connection.server.output.writeAll([9, 9, 9])
        connection.server.output.close() // half-close
        let error = expectNetError(.peerClosed) { _ = try connection.client.input.readExactly(5) }
        #expect(error?.message.contains("after 3 of 5 expected bytes") == true)
    }

    @Test("writing to a closed peer throws peerClosed instead of killing the process with SIGPIPE")
    func writeToClosedPeer() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        connection.server.close()
        Thread.sleep(forTimeInterval: 0.05)
        let chunk = [UInt8](repeating: 1, count: 64 * 1024)
        let error = expectNetError(.peerClosed) {
            // The first writes may still be buffered; within a few the RST arrives.
            for _ in 0..<1000 { try connection.client.output.writeAll(chunk) }
        }
        #expect(error.map { $0.errno == EPIPE || $0.errno == ECONNRESET } == true)
        #expect(connection.client.output.streamStatus == .error)
        // The Stream API reports -1 and the error.
        let n = chunk.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return connection.client.output.write(base, maxLength: buffer.count)
        }
        #expect(n == -1)
        #expect((connection.client.output.streamError as? NetError)?.kind == .peerClosed)
    }

    @Test("SIGPIPE is ignored process-wide: even a plain write(2) to a closed peer just fails with EPIPE")
    func sigpipeIgnored() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        connection.server.close()
        Thread.sleep(forTimeInterval: 0.05)
        let chunk = [UInt8](repeating: 1, count: 64 * 1024)
        // write(2) has no MSG_NOSIGNAL: without SIG_IGN this would kill the test process.
        let failure = try connection.client.handle.withDescriptor("test") { fd -> Int32 in
            for _ in 0..<1000 {
                let n = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n < 0 { return errno }
            }
            return 0
        }
        #expect(failure == EPIPE || failure == ECONNRESET)
    }

    @Test("a read with nothing arriving times out within bounds, and the stream stays usable")
    func readTimeout() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        connection.client.input.timeout = 0.2
        var caught: NetError?
        let seconds = elapsed {
            caught = expectNetError(.timedOut) { _ = try connection.client.input.readSome() }
        }
        #expect(seconds >= 0.19 && seconds < 2, "took \(seconds) s")
        #expect(caught?.message == "timed out after 0.2 s waiting for the peer to send data")

        // The Stream API reports a timeout as -1 with the error, status still open.
        var buffer = [UInt8](repeating: 0, count: 4)
        #expect(connection.client.input.read(&buffer, maxLength: 4) == -1)
        #expect((connection.client.input.streamError as? NetError)?.kind == .timedOut)
        #expect(connection.client.input.streamStatus == .open)

        try connection.server.output.writeAll([5])
        #expect(try connection.client.input.readExactly(1) == [5])
    }

    @Test("a write to a peer that never reads times out")
    func writeTimeout() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        connection.client.output.timeout = 0.3
        let big = [UInt8](repeating: 0, count: 64 * 1024 * 1024)
        var caught: NetError?
        let seconds = elapsed {
            caught = expectNetError(.timedOut) { try connection.client.output.writeAll(big) }
        }
        #expect(seconds < 10, "took \(seconds) s")
        #expect(caught?.message.contains("timed out after 0.3 s") == true)
        #expect(connection.client.output.streamStatus == .open)
    }

    @Test("accept with a timeout returns nil when nobody connects")
    func acceptTimeout() throws {
        let listener = try TCPListener(bind: "127.0.0.1", port: 0)
        defer { listener.close() }
        var result: SocketStreamPair?
        let seconds = try elapsed { result = try listener.accept(timeout: 0.2) }
        #expect(result == nil)
        #expect(seconds >= 0.19 && seconds < 2, "took \(seconds) s")
    }

    @Test("connecting to a port nobody listens on throws connectionRefused with advice")
    func connectRefused() throws {
        // Reserve an ephemeral port, then free it: nothing listens there now.
        let listener = try TCPListener(bind: "127.0.0.1", port: 0)
        let port = listener.localPort
        listener.close()
        let error = expectNetError(.connectionRefused) {
            _ = try TCPConnector.connect(to: "127.0.0.1:\(port)", timeout: 5)
        }
        #expect(error?.message ==
            "could not connect to 127.0.0.1:\(port): connection refused. Is `entente serve` running there?")
        #expect(error?.errno == ECONNREFUSED)
    }

    @Test("connecting with a malformed address throws malformedAddress")
    func connectMalformed() {
        expectNetError(.malformedAddress) { _ = try TCPConnector.connect(to: "127.0.0.1:notaport") }
    }

    @Test("binding a port in use throws addressInUse")
    func addressInUse() throws {
        let first = try TCPListener(bind: "127.0.0.1", port: 0)
        defer { first.close() }
        let error = expectNetError(.addressInUse) { _ = try TCPListener(bind: "127.0.0.1", port: first.localPort) }
        #expect(error?.message.contains("already in use") == true)
    }

    @Test("50 concurrent clients against one accept loop")
    func manyClients() throws {
        let listener = try TCPListener(bind: "127.0.0.1", port: 0)
        defer { listener.close() }
        let stop = Locked(false)
        let handlers = Locked<[Background]>([])
        let acceptLoop = Background {
            while !stop.current {
                guard let pair = try listener.accept(timeout: 0.1) else { continue }
                pair.setTimeout(20)
                let handler = Background {
                    defer { pair.close() }
                    let length = try pair.input.readExactly(1)[0]
                    let message = try pair.input.readExactly(Int(length))
                    try pair.output.writeAll(Array(message.reversed()))
                }
                handlers.withValue { $0.append(handler) }
            }
        }
        let clients = (0..<50).map { index in
            Background {
                let pair = try TCPConnector.connect(to: TCPEndpoint(host: "127.0.0.1", port: listener.localPort),
                                                    timeout: 20)
                defer { pair.close() }
                pair.setTimeout(20)
                let message = Array("client number \(index)".utf8)
                try pair.output.writeAll([UInt8(message.count)] + message)
                let reply = try pair.input.readExactly(message.count)
                #expect(reply == Array(message.reversed()))
                expectNetError(.peerClosed) { _ = try pair.input.readSome() }
            }
        }
        for client in clients { try client.join() }
        stop.withValue { $0 = true }
        try acceptLoop.join()
        let all = handlers.current
        #expect(all.count == 50)
        for handler in all { try handler.join() }
    }

    @Test("closing the listener ends a blocked accept loop")
    func closeListenerEndsAcceptLoop() throws {
        let listener = try TCPListener(bind: "127.0.0.1", port: 0)
        let ended = Locked<NetError?>(nil)
        let loop = Background {
            do {
                while true {
                    _ = try listener.accept(timeout: nil)
                }
            } catch let error as NetError {
                ended.withValue { $0 = error }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let seconds = try elapsed {
            listener.close()
            try loop.join(timeout: 5)
        }
        #expect(seconds < 2)
        #expect(ended.current?.kind == .closed)
        #expect(listener.isClosed)
        expectNetError(.closed) { _ = try listener.accept(timeout: 0) }
        // The port is free again: nothing accepts there.
        expectNetError(.connectionRefused) { _ = try TCPConnector.connect(to: "127.0.0.1:\(listener.localPort)") }
    }

    @Test("closing a connection from another thread wakes a blocked read")
    func closeWakesReader() throws {
        let connection = try ConnectedPair(timeout: 30)
        defer { connection.close() }
        let outcome = Locked<String>("")
        let reader = Background {
            do {
                _ = try connection.client.input.readSome()
                outcome.withValue { $0 = "returned data" }
            } catch let error as NetError {
                outcome.withValue { $0 = "\(error.kind)" }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let seconds = try elapsed {
            connection.client.close()
            try reader.join(timeout: 5)
        }
        #expect(seconds < 2)
        // Either the read saw the shutdown as EOF or the socket as closed; both end the wait.
        #expect(["peerClosed", "closed"].contains(outcome.current))
        expectNetError(.closed) { _ = try connection.client.input.readSome() }
        expectNetError(.closed) { try connection.client.output.writeAll([1]) }
    }

    @Test("Foundation Stream API: status, read, write, properties")
    func streamAPI() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        let output: OutputStream = connection.client.output
        let input: InputStream = connection.server.input
        output.open()
        input.open()
        #expect(output.hasSpaceAvailable)
        #expect(!input.hasBytesAvailable)

        let message = Array("hello, stream".utf8)
        let written = message.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return output.write(base, maxLength: buffer.count)
        }
        #expect(written == message.count)

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while received.count < message.count {
            let n = input.read(&buffer, maxLength: buffer.count)
            #expect(n > 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        #expect(received == message)
        #expect(input.property(forKey: .socketSecurityLevelKey) == nil)
        #expect(!input.setProperty(nil, forKey: .socketSecurityLevelKey))
        var pointer: UnsafeMutablePointer<UInt8>?
        var length = 0
        #expect(!input.getBuffer(&pointer, length: &length))

        output.close()
        #expect(output.streamStatus == .closed)
        #expect(!output.hasSpaceAvailable)
        let afterClose = message.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return output.write(base, maxLength: buffer.count)
        }
        #expect(afterClose == -1)
        // The server's input sees the half-close as end of stream.
        #expect(input.read(&buffer, maxLength: buffer.count) == 0)
        #expect(input.streamStatus == .atEnd)
        input.close()
        #expect(input.streamStatus == .closed)
    }

    @Test("an output stream made with init(toMemory:) has no socket and fails cleanly")
    func outputWithoutSocket() {
        let stream = SocketOutputStream(toMemory: ())
        stream.open()
        #expect(stream.streamStatus == .error)
        #expect(!stream.hasSpaceAvailable)
        expectNetError(.closed) { try stream.writeAll([1, 2, 3]) }
        let n = [UInt8(1)].withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return stream.write(base, maxLength: 1)
        }
        #expect(n == -1)
        stream.close()
    }

    @Test("bad arguments throw instead of crashing")
    func badArguments() throws {
        let connection = try ConnectedPair()
        defer { connection.close() }
        expectNetError(.invalidArgument) { _ = try connection.client.input.readExactly(-1) }
        expectNetError(.invalidArgument) { _ = try connection.client.input.readSome(max: 0) }
        try connection.client.output.writeAll([])
        try connection.client.output.writeAll(Data())
    }
}
