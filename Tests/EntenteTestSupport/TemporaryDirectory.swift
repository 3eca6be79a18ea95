import Foundation

/// A fresh directory under the system's temporary folder, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ label: String = "entente-test") throws {
        self.url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    public func path(_ component: String) -> String {
        self.url.appendingPathComponent(component).path
    }

    public func remove() {
        try? FileManager.default.removeItem(at: self.url)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    public func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= self.count else { return needle.isEmpty }
        return (0...(self.count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
