import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This machine's IPv4 addresses (`getifaddrs`).
public enum LocalAddress {
    /// The first non-loopback IPv4 address of an interface that is up, for invite codes.
    public static func firstLANAddress() -> String? {
        self.firstIPv4 { $0.ifa_flags & UInt32(IFF_LOOPBACK) == 0 && $0.ifa_flags & UInt32(IFF_UP) != 0 }
    }

    /// The first IPv4 address of interface `name`, if any.
    static func ipv4Address(of name: String) -> String? {
        self.firstIPv4 { String(cString: $0.ifa_name) == name }
    }

    /// The first IPv4 address, in numeric form, of an interface entry that `matches`.
    static func firstIPv4(where matches: (ifaddrs) -> Bool) -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET), matches(entry.pointee) else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}
