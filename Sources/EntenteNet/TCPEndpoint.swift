import Glibc
import Foundation

/// A host and port to connect to or listen on, such as `127.0.0.1:7420`,
/// `[::1]:7420`, or `localhost:7420`.
///
/// Parsing (``init(parsing:defaultPort:)``) only checks syntax; names are looked up
/// with `getaddrinfo` when connecting (``resolve()``), which may return several IPv4
/// and IPv6 addresses.
public struct TCPEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The port Entente uses when none is given.
    public static let defaultPort: UInt16 = 7420

    /// A host name, an IPv4 literal, or an IPv6 literal *without* brackets
    /// (optionally with a `%zone`, e.g. `fe80::1%eth0`).
    public var host: String
    /// The TCP port.
    public var port: UInt16

    /// Creates an endpoint without validation. Use ``init(parsing:defaultPort:)`` for user input.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// `HOST:PORT`, with IPv6 literals in brackets: `127.0.0.1:7420`, `[::1]:7420`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether ``host`` is a numeric IPv4 or IPv6 address rather than a name.
    public var isNumericHost: Bool {
        TCPEndpoint.isIPv4Literal(host) || TCPEndpoint.isIPv6Literal(host)
    }

    /// The sentence used for every malformed address.
    static let formatHint = "expected HOST:PORT, for example 192.168.1.20:7420 or [fe80::1]:7420"

    private static func malformed(_ input: String, _ why: String) -> NetError {
        NetError(.malformedAddress, "malformed address \"\(input)\": \(why); \(formatHint)")
    }

    /// Parses user input.
    ///
    /// Accepted forms: `HOST:PORT`, `[IPV6]:PORT`, `[IPV6]`, a bare `HOST` or bare
    /// IPv6 literal (`::1`), which get `defaultPort`. Surrounding whitespace is ignored.
    /// Ports must be 1...65535.
    ///
    /// - Throws: ``NetError`` of kind ``NetError/Kind/malformedAddress`` whose message
    ///   says what is wrong and shows the expected format.
    public init(parsing input: String, defaultPort: UInt16 = TCPEndpoint.defaultPort) throws {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw TCPEndpoint.malformed(input, "it is empty") }
        if text.contains("://") {
            throw TCPEndpoint.malformed(input, "leave out the scheme (such as tcp://)")
        }
        if text.contains("/") { throw TCPEndpoint.malformed(input, "it contains \"/\"") }

        var host: String
        var portText: String?

        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw TCPEndpoint.malformed(input, "missing \"]\" after the IPv6 address")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                portText = nil
            } else if rest.hasPrefix(":") {
                portText = String(rest.dropFirst())
            } else {
                throw TCPEndpoint.malformed(input, "unexpected text after \"]\"")
            }
            guard TCPEndpoint.isIPv6Literal(host) else {
                throw TCPEndpoint.malformed(input, "\"\(host)\" in brackets is not an IPv6 address")
            }
        } else {
            let colons = text.filter { $0 == ":" }.count
            if colons == 0 {
                host = text
                portText = nil
            } else if colons == 1, let colon = text.firstIndex(of: ":") {
                host = String(text[..<colon])
                portText = String(text[text.index(after: colon)...])
            } else {
                // Several colons and no brackets: only a bare IPv6 literal is acceptable.
                guard TCPEndpoint.isIPv6Literal(text) else {
                    throw TCPEndpoint.malformed(input, "an IPv6 address with a port must be written in brackets")
                }
                host = text
                portText = nil
            }
            guard !host.isEmpty else { throw TCPEndpoint.malformed(input, "the host is missing") }
            if !TCPEndpoint.isIPv6Literal(host) {
                try TCPEndpoint.validateHostName(host, input: input)
            }
        }

        var port = defaultPort
        if let portText {
            guard !portText.isEmpty else { throw TCPEndpoint.malformed(input, "the port after \":\" is missing") }
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), portText.count <= 5,
                  let value = Int(portText) else {
                throw TCPEndpoint.malformed(input, "the port \"\(portText)\" is not a number")
            }
            guard (1...65535).contains(value) else {
                throw TCPEndpoint.malformed(input, "the port \(value) is out of range 1-65535")
            }
            port = UInt16(value)
        }
        self.init(host: host, port: port)
    }

    private static func validateHostName(_ host: String, input: String) throws {
        let digitsAndDots = host.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
        if digitsAndDots {
            guard isIPv4Literal(host) else {
                throw malformed(input, "\"\(host)\" is not a valid IPv4 address")
            }
            return
        }
        guard host.utf8.count <= 253 else { throw malformed(input, "the host name is too long") }
        let allowed = host.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "." || $0 == "_"
        }
        guard allowed else {
            throw malformed(input, "the host \"\(host)\" contains characters not allowed in a host name")
        }
        let labels = host.hasSuffix(".") ? host.dropLast().split(separator: ".", omittingEmptySubsequences: false)
                                         : host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else {
            throw malformed(input, "the host \"\(host)\" has an empty or overlong part between dots")
        }
    }

    /// Whether `text` is a dotted-quad IPv4 address (`inet_pton` rules).
    public static func isIPv4Literal(_ text: String) -> Bool {
        var addr = in_addr()
        return inet_pton(AF_INET, text, &addr) == 1
    }

    /// Whether `text` is an IPv6 address, optionally with a `%zone` suffix.
    public static func isIPv6Literal(_ text: String) -> Bool {
        let address = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = address.first, !first.isEmpty else { return false }
        if address.count == 2, address[1].isEmpty { return false }
        var addr = in6_addr()
        return inet_pton(AF_INET6, String(first), &addr) == 1
    }

    /// Resolves the host with `getaddrinfo` into socket addresses (IPv4 and IPv6),
    /// in the order the resolver prefers.
    ///
    /// - Throws: ``NetError/Kind/resolutionFailed``.
    func resolve(passive: Bool = false) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0) | (isNumericHost ? AI_NUMERICHOST : 0)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        defer { if let result { freeaddrinfo(result) } }
        if status != 0 {
            var reason: String
            if status == EAI_SYSTEM {
                reason = NetError.systemMessage(errno)
            } else if let text = gai_strerror(status) {
                reason = String(cString: text)
            } else {
                reason = "error \(status)"
            }
            if status == EAI_NONAME || status == EAI_AGAIN || status == EAI_FAIL {
                reason += ". Check the spelling, or use the peer's IP address"
            }
            throw NetError(.resolutionFailed, "could not resolve host \"\(host)\": \(reason)")
        }
        var addresses: [SocketAddress] = []
        var cursor = result
        while let info = cursor {
            if let sa = info.pointee.ai_addr,
               let address = SocketAddress(sa, length: info.pointee.ai_addrlen),
               !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = info.pointee.ai_next
        }
        if addresses.isEmpty {
            throw NetError(.resolutionFailed, "could not resolve host \"\(host)\": no IPv4 or IPv6 address found")
        }
        return addresses
    }
}

/// A socket address (IPv4 or IPv6) in a `sockaddr_storage`.
struct SocketAddress: Equatable, CustomStringConvertible {
    var storage = sockaddr_storage()
    var length: socklen_t = 0

    init() {}

    /// Copies an address of family AF_INET or AF_INET6; `nil` for anything else.
    init?(_ address: UnsafePointer<sockaddr>, length: socklen_t) {
        let family = Int32(address.pointee.sa_family)
        guard family == AF_INET || family == AF_INET6,
              length > 0, Int(length) <= MemoryLayout<sockaddr_storage>.size else { return nil }
        withUnsafeMutableBytes(of: &storage) { raw in
            if let base = raw.baseAddress {
                memcpy(base, address, Int(length))
            }
        }
        self.length = length
    }

    static func == (a: SocketAddress, b: SocketAddress) -> Bool {
        guard a.length == b.length else { return false }
        return withUnsafeBytes(of: a.storage) { ra in
            withUnsafeBytes(of: b.storage) { rb in
                ra.prefix(Int(a.length)).elementsEqual(rb.prefix(Int(b.length)))
            }
        }
    }

    var family: Int32 { Int32(storage.ss_family) }

    /// Calls `body` with a `sockaddr` pointer and length, for `connect`/`bind`/`sendto`.
    func withSockAddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T) rethrows -> T {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }

    /// The numeric host and the port, via `getnameinfo` (never a DNS lookup).
    var hostAndPort: (host: String, port: UInt16) {
        var hostBuffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serviceBuffer = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let status = withSockAddr { sa, len in
            getnameinfo(sa, len, &hostBuffer, socklen_t(hostBuffer.count),
                        &serviceBuffer, socklen_t(serviceBuffer.count), NI_NUMERICHOST | NI_NUMERICSERV)
        }
        guard status == 0 else { return ("?", 0) }
        let host = String(decoding: hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let service = String(decoding: serviceBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (host, UInt16(service) ?? 0)
    }

    var endpoint: TCPEndpoint {
        let (host, port) = hostAndPort
        return TCPEndpoint(host: host, port: port)
    }

    var description: String { endpoint.description }

    /// The local address of a socket (`getsockname`).
    static func local(of fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        var address = SocketAddress()
        address.storage = storage
        address.length = length
        return address
    }

    /// The peer address of a connected socket (`getpeername`).
    static func peer(of fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        var address = SocketAddress()
        address.storage = storage
        address.length = length
        return address
    }
}
