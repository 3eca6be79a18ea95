import EntenteCore
import Foundation

/// A person's Entente home: every collective they belong to, each with its own replica folder,
/// keys and secret (`Protocol/STORE.md`, "Home"):
///
/// - `collectives/NAME/`: one replica folder per collective (NAME is made from the collective's
///   name when it is created or joined);
/// - `current`: the folder name of the collective commands use when none is named;
/// - `left/`: the replicas of collectives left, kept aside;
/// - the home itself may be a replica (made by an earlier Entente, before homes held several):
///   it counts as one more collective.
///
/// Nothing of one collective is in another's folder: peers of one reach only its replica.
public struct EntenteHome: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url.standardizedFileURL
    }

    /// `$ENTENTE_HOME`, else `$XDG_DATA_HOME/entente`, else `~/.local/share/entente`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> EntenteHome {
        EntenteHome(ReplicaFolder.defaultLocation(environment: environment).url)
    }

    /// The most collectives a home lists (a folder holding more is read up to this many).
    public static let maximumCollectives = 256

    public var collectivesFolder: URL { self.url.appendingPathComponent("collectives", isDirectory: true) }
    public var leftFolder: URL { self.url.appendingPathComponent("left", isDirectory: true) }
    var currentFile: URL { self.url.appendingPathComponent("current") }

    /// One collective of the home.
    public struct Entry: Sendable, Equatable {
        /// The folder's name under `collectives/` (empty for a home that is itself a replica).
        public var key: String
        public var folder: ReplicaFolder
        /// The collective's name, as its replica holds it (its folder's name if unreadable).
        public var name: String

        public static func == (a: Entry, b: Entry) -> Bool { a.folder.url == b.folder.url }
    }

    /// Every collective of the home, by name (a home that is a replica first).
    public func entries() -> [Entry] {
        var entries: [Entry] = []
        if ReplicaFolder(self.url).exists { entries.append(self.entry(key: "", folder: ReplicaFolder(self.url))) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: self.collectivesFolder.path)) ?? []
        for key in names.sorted().prefix(Self.maximumCollectives) where !key.hasPrefix(".") {
            let folder = ReplicaFolder(self.collectivesFolder.appendingPathComponent(key, isDirectory: true))
            if folder.exists { entries.append(self.entry(key: key, folder: folder)) }
        }
        return entries
    }

    func entry(key: String, folder: ReplicaFolder) -> Entry {
        let name = (try? Replica.open(folder))?.collectiveName()
        return Entry(key: key, folder: folder, name: name ?? (key.isEmpty ? self.url.lastPathComponent : key))
    }

    /// The collective commands use when none is named: the one `current` names, else the only
    /// one; nil when there is none, or several and none chosen.
    public func current(among entries: [Entry]? = nil) -> Entry? {
        let entries = entries ?? self.entries()
        if let key = (try? String(contentsOf: self.currentFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines),
           let chosen = entries.first(where: { $0.key == key }) {
            return chosen
        }
        return entries.count == 1 ? entries.first : nil
    }

    /// Makes `entry` the current collective.
    public func use(_ entry: Entry) throws {
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
        do {
            try Data(entry.key.utf8).write(to: self.currentFile, options: .atomic)
        } catch {
            throw StoreError.unwritable(path: self.currentFile.path, reason: "\(error.localizedDescription)")
        }
    }

    /// A new, unused folder under `collectives/` for a collective called `name`: its name folded
    /// as people type it (lowercase, no accents), spaces as dashes, numbered when taken.
    public func newFolder(for name: String) throws -> ReplicaFolder {
        try FileManager.default.createDirectory(at: self.collectivesFolder, withIntermediateDirectories: true)
        let base = Self.folderName(for: name)
        for number in 1...Self.maximumCollectives {
            let key = number == 1 ? base : "\(base)-\(number)"
            let url = self.collectivesFolder.appendingPathComponent(key, isDirectory: true)
            if !FileManager.default.fileExists(atPath: url.path) { return ReplicaFolder(url) }
        }
        throw StoreError.unreadable(path: self.collectivesFolder.path, reason: "more than \(Self.maximumCollectives) folders are named after '\(base)'")
    }

    /// `Atelier Nord` → `atelier-nord`; at most 48 characters of a-z, 0-9 and dashes.
    public static func folderName(for name: String) -> String {
        let folded = NameMatching.fold(name)
        var result = ""
        for character in folded {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.isEmpty, result.last != "-" {
                result.append("-")
            }
        }
        while result.last == "-" { result.removeLast() }
        let cut = String(result.prefix(48))
        return cut.isEmpty ? "collective" : cut
    }

    /// Moves a collective's replica out of the home, to `left/KEY-YYYYMMDD-HHMMSS`, and returns
    /// where it is. A home that is itself a replica cannot be left this way.
    public func leave(_ entry: Entry, now: Date = Date()) throws -> URL {
        guard !entry.key.isEmpty else {
            throw StoreError.unreadable(path: entry.folder.url.path, reason: "this home is itself a replica; move it elsewhere by hand")
        }
        try FileManager.default.createDirectory(at: self.leftFolder, withIntermediateDirectories: true)
        let stamp = UTCTime(millis: UInt64(max(0, now.timeIntervalSince1970)) * 1000)
        let target = self.leftFolder.appendingPathComponent("\(entry.key)-\(stamp.date.replacingOccurrences(of: "-", with: ""))-\(String(format: "%02d%02d%02d", stamp.hour, stamp.minute, stamp.second))")
        do {
            try FileManager.default.moveItem(at: entry.folder.url, to: target)
        } catch {
            throw StoreError.unwritable(path: target.path, reason: "could not move \(entry.folder.url.path) there: \(error.localizedDescription)")
        }
        if (try? String(contentsOf: self.currentFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == entry.key {
            try? FileManager.default.removeItem(at: self.currentFile)
        }
        return target
    }
}
