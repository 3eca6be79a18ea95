import EntenteLocking
import Foundation
import Glibc
import Testing
@testable import EntenteNet

/// A failure raised by test helpers.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a closure on its own `Thread` (the socket API is blocking), and joins it
/// with a bound so a bug can never hang the test run.
final class Background: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let failure = LockedValue<Error?>(nil)

    init(_ body: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do {
                try body()
            } catch {
                self.failure.withLock { $0 = error }
            }
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the thread; rethrows its error. Throws if it is still running after `timeout`.
    func join(timeout: TimeInterval = 60) throws {
        guard done.wait(timeout: .now() + timeout) == .success else {
            throw TestFailure("background thread did not finish within \(timeout) s")
        }
        if let error = self.failure.withLock({ $0 }) { throw error }
    }
}

/// A thread-safe box for results produced on background threads.
typealias Locked<Value> = LockedValue<Value>

extension LockedValue {
    func withValue<T>(_ body: (inout Value) -> T) -> T { self.withLock(body) }
    var current: Value { self.withLock { $0 } }
}

/// Deterministic pseudo-random bytes (xorshift), so content errors are detectable.
func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var bytes = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[i] = UInt8(truncatingIfNeeded: state)
    }
    return bytes
}

/// Whether an IPv6 socket can be bound on ::1 in this environment.
let ipv6LoopbackAvailable: Bool = {
    guard let listener = try? TCPListener(bind: "::1", port: 0) else { return false }
    listener.close()
    return true
}()

/// Loopback hosts to test over: always 127.0.0.1, plus ::1 when available.
let loopbackHosts: [String] = ipv6LoopbackAvailable ? ["127.0.0.1", "::1"] : ["127.0.0.1"]

/// Asserts that `body` throws a `NetError` of `kind`, and returns it.
@discardableResult
func expectNetError(_ kind: NetError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () throws -> Void) -> NetError? {
    do {
        try body()
        Issue.record("expected NetError.\(kind), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as NetError {
        #expect(error.kind == kind, "got \(error.kind): \(error.message)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected NetError.\(kind), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A listener on an ephemeral loopback port plus one accepted connection and the client side.
struct ConnectedPair {
    let listener: TCPListener
    let client: SocketStreamPair
    let server: SocketStreamPair

    init(host: String = "127.0.0.1", timeout: TimeInterval = 10) throws {
        listener = try TCPListener(bind: host, port: 0)
        client = try TCPConnector.connect(to: TCPEndpoint(host: host, port: listener.localPort), timeout: 5)
        guard let accepted = try listener.accept(timeout: 5) else {
            throw TestFailure("accept timed out")
        }
        server = accepted
        client.setTimeout(timeout)
        server.setTimeout(timeout)
    }

    func close() {
        client.close()
        server.close()
        listener.close()
    }
}

/// Measures how long `body` takes, in seconds.
func elapsed(_ body: () throws -> Void) rethrows -> TimeInterval {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
}
