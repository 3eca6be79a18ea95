import EntenteCore
import Foundation

extension Replica {
    // MARK: - Bundles

    /// Writes the changes `since` has not seen (all, by default) to a bundle file.
    @discardableResult
    public func exportBundle(to url: URL, since: VersionVector = VersionVector()) throws -> Int {
        let changes = try self.changes(notIn: since)
        let bundle = ChangeBundle(collective: self.collective, changes: changes)
        do {
            try Data(bundle.encoded()).write(to: url, options: .atomic)
        } catch {
            throw StoreError.unreadable(path: url.path, reason: "could not write the bundle (\(error.localizedDescription))")
        }
        return changes.count
    }

    /// Imports a bundle file: every change is verified before anything is stored.
    @discardableResult
    public func importBundle(from url: URL) throws -> Merge.Report {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.unreadable(path: url.path, reason: "no such file, or permission denied")
        }
        let bundle: ChangeBundle
        do {
            bundle = try ChangeBundle(decoding: [UInt8](data))
        } catch {
            throw StoreError.unreadable(path: url.path, reason: "not a valid bundle: \(error)")
        }
        guard bundle.collective == self.collective else {
            throw StoreError.foreignCollective(expected: self.collective, found: bundle.collective)
        }
        return try self.receive(bundle.changes)
    }

    /// Pulls every change this replica lacks from another replica folder or a bundle file.
    @discardableResult
    public func merge(from url: URL) throws -> Merge.Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw StoreError.unreadable(path: url.path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return try self.importBundle(from: url) }
        let other = ReplicaFolder(url)
        guard other.exists else { throw StoreError.replicaMissing(path: url.path) }
        let source = try Replica.openReadOnly(other)
        guard source.collective == self.collective else {
            throw StoreError.foreignCollective(expected: self.collective, found: source.collective)
        }
        return try self.receive(try source.changes(notIn: try self.versionVector()))
    }
}
