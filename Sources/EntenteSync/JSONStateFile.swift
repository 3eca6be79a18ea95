import Foundation

/// A small JSON file of a replica's folder that only this device reads (0600): the peers, the
/// relay folders. Each update reads it, changes it and writes it back atomically when it
/// changed; the caller holds its own lock around it.
struct JSONStateFile<Content: Codable & Equatable> {
    let url: URL

    /// Why the file could not be used: damaged (with the decoder's reason) or unwritable.
    enum Failure: Error {
        case damaged(String)
        case unwritable(String)
    }

    func update(empty: Content, _ body: (inout Content) throws -> Void) throws -> Content {
        var content = empty
        if let data = FileManager.default.contents(atPath: self.url.path) {
            do {
                content = try JSONDecoder().decode(Content.self, from: data)
            } catch {
                throw Failure.damaged("\(error)")
            }
        }
        let before = content
        try body(&content)
        if content != before {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try PrivateFile.write(try encoder.encode(content), to: self.url)
            } catch {
                throw Failure.unwritable("\(error)")
            }
        }
        return content
    }
}
