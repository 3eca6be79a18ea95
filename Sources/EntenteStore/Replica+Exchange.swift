import EntenteCore
import Foundation

extension Replica {
    // MARK: - Bundles

    /// Writes the changes a replica summarised by `since` lacks (all, by default) to a bundle
    /// file, sealed with the current collective secret (`Protocol/CHANGES.md` §7): only members can
    /// read it.
    /// - Throws: ``StoreError`` if the secret or the file cannot be read or written;
    ///   ``BundleError/tooLarge(what:limit:actual:)`` if the changes do not fit in one bundle.
    @discardableResult
    public func exportBundle(to url: URL, since: HistorySummary = HistorySummary()) throws -> Int {
        let changes = try self.changes(missingFrom: since)
        let bundle = ChangeBundle(collective: self.collective, changes: changes)
        let sealed = try bundle.sealed(secret: try self.secretChain().current)
        do {
            try Data(sealed).write(to: url, options: .atomic)
        } catch {
            throw StoreError.unwritable(path: url.path, reason: "could not write the bundle (\(error.localizedDescription)); check that the folder exists and that you may write there")
        }
        return changes.count
    }

    /// Imports a bundle file: every change is verified before anything is stored.
    ///
    /// The collective id in the bundle's header is compared with this replica's before anything
    /// is decrypted, so a bundle of another collective is refused as such; one that fails
    /// authentication (changed, cut, or sealed with another secret) is refused as damaged.
    @discardableResult
    public func importBundle(from url: URL) throws -> Merge.Report {
        let bytes = try Self.readBundleFile(url)
        let header: ChangeBundle.Header
        do {
            header = try ChangeBundle.Header(of: bytes)
        } catch {
            throw StoreError.unreadable(path: url.path, reason: "not a valid bundle: \(error)")
        }
        guard header.collective == self.collective else {
            throw StoreError.foreignCollective(expected: self.collective, found: header.collective)
        }
        // Sealed with the current secret, or an earlier one by a member who has not yet
        // received the last rotation.
        let secrets = try self.secretChain().accepted
        var opened: ChangeBundle?
        var firstError: Error?
        for secret in secrets {
            do {
                opened = try ChangeBundle(opening: bytes, secret: secret)
                break
            } catch {
                firstError = firstError ?? error
            }
        }
        guard let bundle = opened else {
            let why = firstError.map { "\($0)" } ?? "it does not open"
            // A rotation this replica has not received yet is the one cause a member can fix.
            throw StoreError.unreadable(path: url.path, reason: "not a valid bundle: \(why) (if a member made it recently, sync with a member first: the collective secret may have been renewed since this replica last synced)")
        }
        return try self.receive(bundle.changes)
    }

    /// Reads at most ``ChangeBundle/maximumBytes`` + 1 bytes: a larger file is refused by its
    /// size before it is read, and a file that grows meanwhile (or a device) by its length.
    private static func readBundleFile(_ url: URL) throws -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue {
            do {
                try ChangeBundle.checkSize(size)
            } catch {
                throw StoreError.unreadable(path: url.path, reason: "not a valid bundle: \(error)")
            }
        }
        let data: Data?
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: ChangeBundle.maximumBytes + 1)
        } catch {
            throw StoreError.unreadable(path: url.path, reason: "no such file, or permission denied")
        }
        return [UInt8](data ?? Data())
    }

    /// Pulls every change this replica lacks from another replica folder or a bundle file.
    @discardableResult
    public func merge(from url: URL) throws -> Merge.Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw StoreError.unreadable(path: url.path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else {
            let report = try self.importBundle(from: url)
            self.noteExchange()
            return report
        }
        let other = ReplicaFolder(url)
        guard other.exists else { throw StoreError.replicaMissing(path: url.path) }
        let source = try Replica.openReadOnly(other)
        guard source.collective == self.collective else {
            throw StoreError.foreignCollective(expected: self.collective, found: source.collective)
        }
        let report = try self.receive(try source.changes(missingFrom: try self.summary()))
        self.noteExchange()
        return report
    }
}
