import EntenteNet
import Foundation

/// A loopback TCP proxy for one connection that cuts it after `cutAfter` client bytes, or
/// flips one client byte: a peer vanishing mid-sync, or tampering on the wire.
final class CuttingProxy: Sendable {
    let listener: TCPListener
    let endpoint: TCPEndpoint
    private let target: TCPEndpoint
    private let cutAfter: Int?
    private let flipByteAt: Int?
    private let done = DispatchGroup()

    init(target: TCPEndpoint, cutAfter: Int? = nil, flipByteAt: Int? = nil) throws {
        self.listener = try TCPListener(bind: "127.0.0.1", port: 0)
        self.endpoint = TCPEndpoint(host: "127.0.0.1", port: self.listener.localPort)
        self.target = target
        self.cutAfter = cutAfter
        self.flipByteAt = flipByteAt
        self.done.enter()
        Thread.detachNewThread { [self] in
            defer { self.done.leave() }
            guard let client = try? self.listener.accept(timeout: 10),
                  let server = try? TCPConnector.connect(to: self.target, timeout: 5)
            else { return }
            let back = Relay { [server, client] in
                while let bytes = try? server.input.readSome() { _ = try? client.output.writeAll(bytes) }
                client.close()
                server.close()
            }
            var forwarded = 0
            while let bytes = try? client.input.readSome() {
                var chunk = bytes
                if let flip = self.flipByteAt, forwarded <= flip, flip < forwarded + chunk.count { chunk[flip - forwarded] ^= 0x20 }
                if let cut = self.cutAfter, forwarded + chunk.count >= cut {
                    // The client vanishes: the server reads what was sent, then end of stream.
                    _ = try? server.output.writeAll(Array(chunk.prefix(cut - forwarded)))
                    client.close()
                    server.output.close()
                    back.join()
                    return
                }
                forwarded += chunk.count
                if (try? server.output.writeAll(chunk)) == nil { break }
            }
            client.close()
            server.close()
        }
    }

    func stop() {
        self.listener.close()
        self.done.wait()
    }
}

/// A thread that can be joined.
final class Relay: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        Thread.detachNewThread { [finished] in
            body()
            finished.signal()
        }
    }

    func join() {
        self.finished.wait()
        self.finished.signal()
    }
}
