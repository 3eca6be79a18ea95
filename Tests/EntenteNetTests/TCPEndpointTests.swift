import Foundation
import Testing
@testable import EntenteNet

@Suite("TCPEndpoint parsing")
struct TCPEndpointTests {
    @Test("valid addresses", arguments: [
        ("127.0.0.1:7420", "127.0.0.1", UInt16(7420)),
        ("192.168.1.20:9000", "192.168.1.20", 9000),
        ("[::1]:7420", "::1", 7420),
        ("[fe80::1%eth0]:1", "fe80::1%eth0", 1),
        ("[::1]", "::1", 7420),
        ("::1", "::1", 7420),
        ("fe80::1", "fe80::1", 7420),
        ("localhost:7420", "localhost", 7420),
        ("localhost", "localhost", 7420),
        ("my-laptop.local:65535", "my-laptop.local", 65535),
        ("  10.0.0.1:80 \n", "10.0.0.1", 80),
        ("example.com.", "example.com.", 7420),
        ("host_name:1234", "host_name", 1234),
    ])
    func valid(input: String, host: String, port: UInt16) throws {
        let endpoint = try TCPEndpoint(parsing: input)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test("a different default port is used for bare hosts")
    func defaultPort() throws {
        #expect(try TCPEndpoint(parsing: "10.1.2.3", defaultPort: 9999).port == 9999)
        #expect(try TCPEndpoint(parsing: "[::1]", defaultPort: 9999).port == 9999)
        #expect(try TCPEndpoint(parsing: "10.1.2.3:5", defaultPort: 9999).port == 5)
    }

    @Test("malformed addresses throw a typed error with the expected format", arguments: [
        ("", "empty"),
        ("   ", "empty"),
        ("127.0.0.1:", "missing"),
        (":7420", "host is missing"),
        ("127.0.0.1:0", "out of range"),
        ("127.0.0.1:65536", "out of range"),
        ("127.0.0.1:99999999999", "not a number"),
        ("127.0.0.1:-1", "not a number"),
        ("127.0.0.1:abc", "not a number"),
        ("127.0.0.1:7420:1", "brackets"),
        ("::1:7420:x", "brackets"),
        ("[::1", "missing \"]\""),
        ("[::1]7420", "unexpected text"),
        ("[::1]:", "missing"),
        ("[127.0.0.1]:7420", "not an IPv6 address"),
        ("[]:7420", "not an IPv6 address"),
        ("[zz::1]:7420", "not an IPv6 address"),
        ("256.1.1.1:7420", "not a valid IPv4"),
        ("1.2.3:7420", "not a valid IPv4"),
        ("tcp://127.0.0.1:7420", "scheme"),
        ("127.0.0.1/24", "\"/\""),
        ("bad host:7420", "characters"),
        ("höst:7420", "characters"),
        ("a..b:7420", "empty or overlong"),
        (".a:7420", "empty or overlong"),
    ])
    func malformed(input: String, reason: String) {
        let error = expectNetError(.malformedAddress) { _ = try TCPEndpoint(parsing: input) }
        if let error {
            #expect(error.message.contains(reason), "message: \(error.message)")
            #expect(error.message.contains("expected HOST:PORT, for example 192.168.1.20:7420 or [fe80::1]:7420"))
        }
    }

    @Test("description brackets IPv6 hosts")
    func description() {
        #expect(TCPEndpoint(host: "127.0.0.1", port: 7420).description == "127.0.0.1:7420")
        #expect(TCPEndpoint(host: "::1", port: 7420).description == "[::1]:7420")
        #expect(TCPEndpoint(host: "localhost", port: 1).description == "localhost:1")
    }

    @Test("parsing round-trips through description")
    func roundTrip() throws {
        for text in ["127.0.0.1:7420", "[::1]:8000", "[fe80::1%lo]:1", "localhost:42"] {
            #expect(try TCPEndpoint(parsing: text).description == text)
        }
    }

    @Test("literal detection")
    func literals() {
        #expect(TCPEndpoint.isIPv4Literal("127.0.0.1"))
        #expect(!TCPEndpoint.isIPv4Literal("127.0.0"))
        #expect(TCPEndpoint.isIPv6Literal("::1"))
        #expect(TCPEndpoint.isIPv6Literal("fe80::1%eth0"))
        #expect(!TCPEndpoint.isIPv6Literal("fe80::1%"))
        #expect(!TCPEndpoint.isIPv6Literal("localhost"))
    }

    @Test("localhost resolves to loopback addresses only (from /etc/hosts, no DNS)")
    func resolveLocalhost() throws {
        let addresses = try TCPEndpoint(host: "localhost", port: 7420).resolve()
        #expect(!addresses.isEmpty)
        for address in addresses {
            let host = address.endpoint.host
            #expect(host.hasPrefix("127.") || host == "::1", "unexpected address \(host)")
            #expect(address.endpoint.port == 7420)
        }
    }

    @Test("NetError messages")
    func errorMessages() {
        #expect(NetError.timedOut(after: 10, "waiting for the peer").message == "timed out after 10 s waiting for the peer")
        #expect(NetError.timedOut(after: 0.25, "x").message == "timed out after 0.25 s x")
        #expect(NetError.systemMessage(ECONNREFUSED) == "Connection refused")
        let error = NetError.io("writing to the connection", errno: EPIPE)
        #expect(error.kind == .peerClosed)
        #expect(error.message.contains("Broken pipe"))
        #expect(error.errorDescription == error.message)
        #expect("\(NetError.Kind.timedOut)" == "timedOut")
    }
}
