import Crypto
import EntenteCore
import EntenteLocking
import EntenteStore
import Foundation

/// The named limits of relay folders (`Protocol/RELAY.md` §5).
public enum RelayLimits {
    /// The largest relay file a replica reads: larger ones are refused unread.
    public static let maximumFileBytes = 256 << 20
    /// The most new relay files one pass reads; the others wait for the next pass.
    public static let maximumFilesPerPass = 20_000
    /// The most relay folders a replica uses.
    public static let maximumFolders = 8
    /// The devices whose last arrival a folder remembers (the latest).
    public static let maximumDevicesRemembered = 1024
    /// The refusals a replica remembers per folder, the newest.
    public static let maximumRefusals = 64
    /// A relay file whose bytes do not match its name is taken as still being written by the
    /// folder engine for this long after its last modification, then refused as damaged.
    public static let settleSeconds: TimeInterval = 600
}

/// Relay file names: `ent-` ‖ the first 16 bytes of the SHA-256 of the file, in lowercase hex
/// ‖ `.entb` (`Protocol/RELAY.md` §2). Every other name in the folder is not ours and is left
/// alone: engines' partial files (`.syncthing.*.tmp`, `~*.part`), conflict copies
/// (`*.sync-conflict-*`, `(conflicted copy)`), a member's own files.
public enum RelayFileName {
    public static let prefix = "ent-"
    public static let suffix = ".entb"
    static let hashBytes = 16

    /// The name of a relay file holding `bytes`.
    public static func name(for bytes: [UInt8]) -> String {
        prefix + Hex.encode(Array(SHA256.hash(data: bytes).prefix(hashBytes))) + suffix
    }

    public static let receiptPrefix = "rct-"
    public static let receiptSuffix = ".entr"

    /// The name of a receipt holding `bytes`: `rct-` ‖ 32 hex digits ‖ `.entr`.
    public static func receiptName(for bytes: [UInt8]) -> String {
        receiptPrefix + Hex.encode(Array(SHA256.hash(data: bytes).prefix(hashBytes))) + receiptSuffix
    }

    /// Whether `name` has the shape of a receipt's name.
    public static func isReceipt(_ name: String) -> Bool {
        self.hasShape(name, prefix: receiptPrefix, suffix: receiptSuffix)
    }

    static func hasShape(_ name: String, prefix: String, suffix: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.utf8.count == prefix.utf8.count + 2 * hashBytes + suffix.utf8.count else { return false }
        return name.utf8.dropFirst(prefix.utf8.count).prefix(2 * hashBytes).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Whether `name` has the shape of a relay file's name.
    public static func isRelayFile(_ name: String) -> Bool {
        self.hasShape(name, prefix: prefix, suffix: suffix)
    }
}

/// What one pass over a relay folder did.
public struct RelayReport: Sendable, Equatable {
    public var folder: String
    /// Relay files read and imported (or already held).
    public var filesImported = 0
    /// Changes new to this replica among them.
    public var changesApplied = 0
    /// The file this replica wrote, if it had changes the folder lacked.
    public var written: String?
    public var changesWritten = 0
    /// Files refused in this pass, with why.
    public var refused: [RelayRefusal] = []
    /// Relay files left for the next pass (beyond ``RelayLimits/maximumFilesPerPass``).
    public var deferred = 0
    /// Other devices' receipts read in this pass.
    public var receiptsRead = 0
    /// Whether this device left a new receipt.
    public var receiptWritten = false
    /// This device's files removed because every device that reads the folder holds them.
    public var compacted = 0
    /// Changes written again for a device whose receipt shows it lacks them.
    public var caughtUp = 0
}

/// A relay file refused, and why: a reason code and its detail.
public struct RelayRefusal: Error, Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable {
        /// Larger than ``RelayLimits/maximumFileBytes``.
        case tooLarge
        /// Its bytes do not match its name, long after it was last modified.
        case damaged
        /// Not a bundle of this collective's format.
        case notABundle
        /// A bundle of another collective.
        case foreign
        /// It does not open with any secret this replica holds (damaged, or sealed with a
        /// secret renewed since this replica last synced: it is tried again when that arrives).
        case sealed
        /// It opened but a change in it was refused (a bad signature…).
        case invalidChange
        /// What it brings that this replica lacks is signed by revoked devices only: it was
        /// written by a lost or stolen device.
        case revoked
        /// What it brings that this replica lacks is signed by archived members' devices
        /// (and revoked ones) only: it was written by a member the collective removed.
        case archived
        /// It could not be read.
        case unreadable
    }

    public var file: String
    public var reason: Reason
    public var detail: String
    /// Seconds since 1970 when it was refused.
    public var at: Double
}

/// The relay folders of a replica: folders that some engine (Syncthing, Nextcloud, a shared
/// drive) keeps in step between members. Each pass imports the relay files this replica has
/// not read yet and writes one file with the changes the folder lacks (`Protocol/RELAY.md`).
///
/// What this replica knows of each folder is in `relay.json` in the replica folder (0600):
/// the files it has read, and what the folder held when it last wrote there.
public final class RelayFolders: Sendable {
    public static let fileName = "relay.json"

    /// What this replica knows of one folder.
    public struct Folder: Codable, Sendable, Equatable {
        public var path: String
        /// What the folder held when this replica last wrote there: `AUTHORHEX:SEQ:CHANGEHEX,…`.
        var written: String = ""
        /// Relay files read (imported or refused), by name.
        var seen: [String] = []
        /// Changes imported from the folder since this replica last wrote there (hex ids):
        /// they are in the folder already, so they are not written again.
        var importedSince: [String] = []
        /// The relay files this replica wrote there and still expects to find.
        var mine: [String] = []
        /// The newest receipt of each other device (author key in hex).
        var receipts: [String: Receipt] = [:]
        /// This device's own receipt in the folder, and what it said.
        var myReceipt: String?
        var myHolding: String = ""
        var receiptSequence: UInt64 = 0
        /// The receipt of each device a catch-up was last written for.
        var caughtUp: [String: String] = [:]
        /// The current secret's fingerprint when the refusals of `sealed` files were made.
        var secretMark: String = ""
        public var lastWrite: Double?
        public var lastImport: Double?
        /// The last time a file from another device arrived here.
        public var lastArrival: Double?
        /// When changes signed by each device last arrived through this folder (author key in
        /// hex; at most ``RelayLimits/maximumDevicesRemembered``, the latest).
        public var arrivals: [String: Double] = [:]
        public var refusals: [RelayRefusal] = []
    }

    /// Another device's newest receipt: its file, sequence and what it held.
    public struct Receipt: Codable, Sendable, Equatable {
        var name: String
        var sequence: UInt64
        var holding: String
        public var at: Double
    }

    struct File: Codable, Equatable {
        var folders: [Folder] = []
    }

    public let replica: Replica
    let url: URL
    /// The most new files a pass reads (``RelayLimits/maximumFilesPerPass``; tests lower it).
    let filesPerPass: Int
    /// Held while the state file is read, changed and written back.
    private let lock = Lock()
    /// What each relay file holds, once read from `relay-contents.json`.
    private let contentsCache = LockedValue<[String: [String: [String]]]?>(nil)

    public init(replica: Replica, filesPerPass: Int = RelayLimits.maximumFilesPerPass) {
        self.replica = replica
        self.url = replica.folder.url.appendingPathComponent(Self.fileName)
        self.filesPerPass = max(1, filesPerPass)
    }

    public func list() throws -> [Folder] {
        try self.update { _ in }.folders
    }

    /// When changes signed by each device last arrived through any relay folder.
    public func arrivals() -> [AuthorKey: Date] {
        var latest: [AuthorKey: Date] = [:]
        for folder in (try? self.list()) ?? [] {
            for (hex, seconds) in folder.arrivals {
                guard let key = AuthorKey(hex: hex) else { continue }
                let date = Date(timeIntervalSince1970: seconds)
                latest[key] = max(latest[key] ?? date, date)
            }
        }
        return latest
    }

    /// Adds the folder at `path` (made absolute); it must exist and be a folder.
    @discardableResult
    public func add(_ path: String) throws -> Folder {
        let absolute = Self.absolute(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
            throw RelayError.notAFolder(absolute)
        }
        guard absolute != self.replica.folder.url.standardizedFileURL.path else { throw RelayError.replicaFolder(absolute) }
        var added = Folder(path: absolute)
        _ = try self.update { file in
            if let existing = file.folders.first(where: { $0.path == absolute }) {
                added = existing
                return
            }
            guard file.folders.count < RelayLimits.maximumFolders else { throw RelayError.tooMany }
            file.folders.append(added)
        }
        return added
    }

    /// Forgets the folder at `path` (its files are left where they are).
    public func remove(_ path: String) throws {
        let absolute = Self.absolute(path)
        _ = try self.update { file in
            guard file.folders.contains(where: { $0.path == absolute }) else { throw RelayError.unknown(absolute) }
            file.folders.removeAll { $0.path == absolute }
        }
        self.saveContents([:], of: absolute)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL.path
    }

    // MARK: - A pass

    /// One pass over every relay folder: imports, then writes. A folder that fails does not
    /// stop the others; its report says why.
    public func exchange(now: Date = Date()) -> [(folder: String, result: Result<RelayReport, Error>)] {
        let folders = (try? self.list()) ?? []
        return folders.map { folder in
            (folder.path, Result { try self.exchange(folder.path, now: now) })
        }
    }

    /// One pass over the folder at `path`: reads the relay files not yet seen, then (with
    /// `write`) writes the changes the folder lacks in one new file.
    public func exchange(_ path: String, write: Bool = true, now: Date = Date()) throws -> RelayReport {
        guard var state = try self.list().first(where: { $0.path == path }) else { throw RelayError.unknown(path) }
        // The changes each relay file present holds (hex ids), for the files this device read
        // or wrote: what a catch-up need not write again, what compaction checks. Kept in
        // `relay-contents.json`, apart from `relay.json` (read on every pass, so kept small).
        var contents = self.contents(of: path)
        let contentsBefore = contents
        defer { if contents != contentsBefore { self.saveContents(contents, of: path) } }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw RelayError.unreadableFolder(path, "\(error.localizedDescription)")
        }
        var report = RelayReport(folder: path)
        let chain = try self.replica.secretChain()
        let mark = Hex.encode(Array(SHA256.hash(data: chain.current).prefix(8)))
        if mark != state.secretMark {
            // A renewed secret may open files that did not open before: read them again.
            let sealed = Set(state.refusals.filter { $0.reason == .sealed }.map(\.file))
            state.seen.removeAll { sealed.contains($0) }
            state.refusals.removeAll { $0.reason == .sealed }
            state.secretMark = mark
        }
        let present = Set(names.filter(RelayFileName.isRelayFile))
        let receipts = Set(names.filter(RelayFileName.isReceipt))
        contents = contents.filter { present.contains($0.key) }
        if !Set(state.mine).isSubset(of: present) {
            // A file this replica wrote is gone (an engine or a person removed it): what the
            // folder holds is no longer known, so the next write carries everything again.
            state.written = ""
            state.mine = state.mine.filter(present.contains)
        }
        var seen = Set(state.seen).intersection(present.union(receipts))
        let fresh = present.subtracting(seen).sorted()
        report.deferred = max(0, fresh.count - self.filesPerPass)
        var imported = Set(state.importedSince)
        for name in fresh.prefix(self.filesPerPass) {
            let file = directory.appendingPathComponent(name)
            switch self.read(file, name: name, accepted: chain.accepted, now: now) {
            case .wait:
                continue
            case .refused(let reason, let detail):
                seen.insert(name)
                report.refused.append(RelayRefusal(file: name, reason: reason, detail: detail, at: now.timeIntervalSince1970))
            case .changes(let changes):
                seen.insert(name)
                contents[name] = changes.map { $0.id.hex }
                if let reason = try self.silenced(changes) {
                    let detail = reason == .revoked ? "it brings only changes signed by a revoked device"
                                                    : "it brings only changes signed by members the collective archived"
                    report.refused.append(RelayRefusal(file: name, reason: reason, detail: detail, at: now.timeIntervalSince1970))
                    continue
                }
                do {
                    let merged = try self.replica.receive(changes)
                    report.filesImported += 1
                    report.changesApplied += merged.applied.count
                    imported.formUnion(changes.map { $0.id.hex })
                    if changes.contains(where: { $0.author != self.replica.author }) { state.lastArrival = now.timeIntervalSince1970 }
                    for author in Set(changes.map(\.author)) where author != self.replica.author {
                        state.arrivals[author.hex] = now.timeIntervalSince1970
                    }
                    if state.arrivals.count > RelayLimits.maximumDevicesRemembered {
                        let kept = state.arrivals.sorted { $0.value > $1.value }.prefix(RelayLimits.maximumDevicesRemembered)
                        state.arrivals = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
                    }
                } catch let error as StoreError {
                    switch error {
                    case .invalidChange, .foreignCollective:
                        report.refused.append(RelayRefusal(file: name, reason: .invalidChange, detail: "\(error)", at: now.timeIntervalSince1970))
                    default:
                        throw error
                    }
                }
            }
        }
        if report.filesImported > 0 { state.lastImport = now.timeIntervalSince1970 }
        for name in receipts.subtracting(seen).sorted().prefix(self.filesPerPass) {
            guard let reading = self.readReceipt(directory.appendingPathComponent(name), accepted: chain.accepted, now: now) else { continue }
            seen.insert(name)
            switch reading {
            case .success(let receipt):
                guard receipt.device != self.replica.author else { continue }
                report.receiptsRead += 1
                let key = receipt.device.hex
                if (state.receipts[key]?.sequence ?? 0) < receipt.sequence {
                    state.receipts[key] = Receipt(name: name, sequence: receipt.sequence, holding: SummaryText.render(receipt.holding),
                                                  at: now.timeIntervalSince1970)
                }
            case .failure(let refusal):
                report.refused.append(RelayRefusal(file: name, reason: refusal.reason, detail: refusal.detail, at: now.timeIntervalSince1970))
            }
        }
        // Receipts whose file is gone (their device replaced them) are kept: the newest says
        // what the device held; a device removed from standing no longer counts (below).
        if write {
            // What the replica holds now, read before the changes to send: a change that
            // arrives in between is written now or next time, never left out.
            let holding = try self.replica.summary()
            let known = SummaryText.parse(state.written) ?? HistorySummary()
            let missing = try self.replica.changes(missingFrom: known).filter { !imported.contains($0.id.hex) }
            if !missing.isEmpty {
                let sealed = try ChangeBundle(collective: self.replica.collective, changes: missing).sealed(secret: chain.current, padded: true)
                let name = RelayFileName.name(for: sealed)
                try Self.place(sealed, named: name, in: directory)
                seen.insert(name)
                state.mine.append(name)
                contents[name] = missing.map { $0.id.hex }
                report.written = name
                report.changesWritten = missing.count
                state.lastWrite = now.timeIntervalSince1970
            }
            state.written = SummaryText.render(holding)
            imported = []
            let standing = try self.devicesInStanding()
            try self.catchUp(&state, &contents, &report, &seen, standing: standing, secret: chain.current, directory: directory, now: now)
            try self.leaveReceipt(&state, &report, holding: holding, secret: chain.current, directory: directory, now: now)
            self.compact(&state, &contents, &report, &seen, standing: standing, directory: directory)
        }
        state.seen = seen.sorted()
        state.importedSince = imported.sorted()
        state.refusals = Array((state.refusals + report.refused).suffix(RelayLimits.maximumRefusals))
        let updated = state
        _ = try self.update { file in
            if let index = file.folders.firstIndex(where: { $0.path == path }) { file.folders[index] = updated }
        }
        return report
    }

    // MARK: - What each file holds (`relay-contents.json`)

    static let contentsFileName = "relay-contents.json"

    /// What each relay file of the folder at `path` holds, as this device last knew it: from
    /// memory in a long-lived process (`serve`), else from `relay-contents.json`.
    func contents(of path: String) -> [String: [String]] {
        self.contentsCache.withLock { cache in
            if cache == nil {
                let url = self.replica.folder.url.appendingPathComponent(Self.contentsFileName)
                cache = FileManager.default.contents(atPath: url.path).flatMap { try? JSONDecoder().decode([String: [String: [String]]].self, from: $0) } ?? [:]
            }
            return cache?[path] ?? [:]
        }
    }

    /// Keeps what each relay file holds; a file that cannot be written only means that a
    /// later catch-up writes more again.
    func saveContents(_ contents: [String: [String]], of path: String) {
        self.contentsCache.withLock { cache in
            var all = cache ?? [:]
            all[path] = contents
            cache = all
            let url = self.replica.folder.url.appendingPathComponent(Self.contentsFileName)
            if let data = try? JSONEncoder().encode(all) { try? PrivateFile.write(data, to: url) }
        }
    }

    // MARK: - Receipts, catch-up and compaction (`Protocol/RELAY.md` §7)

    /// The keys of the live devices of members in standing, this one's left out.
    func devicesInStanding() throws -> Set<String> {
        let directory = try self.replica.directory()
        return Set(directory.members.filter(\.isActive).flatMap(\.liveDevices).map(\.key.hex)).subtracting([self.replica.author.hex])
    }

    /// Why a file is refused as its writer's, if it is (`Protocol/RELAY.md` §4, step 6):
    /// everything in it that this replica lacks (beyond the newest change it holds of each
    /// author) is signed by revoked devices, or by devices of archived members. A file that
    /// also brings a live device's new changes is read whole: an honest device passing on what
    /// it received before it learned of the revocation or the archiving.
    func silenced(_ changes: [SignedChange]) throws -> RelayRefusal.Reason? {
        let directory = try self.replica.directory()
        func revoked(_ key: AuthorKey) -> Bool { directory.roster.isRevokedKey(key) }
        func archived(_ key: AuthorKey) -> Bool { directory.member(for: key)?.isArchived == true }
        guard changes.contains(where: { revoked($0.author) || archived($0.author) }) else { return nil }
        let held = try self.replica.summary()
        let new = changes.filter { $0.change.seq > held.highestSeq(of: $0.author) }
        guard !new.isEmpty, new.allSatisfy({ revoked($0.author) || archived($0.author) }) else { return nil }
        return new.allSatisfy { revoked($0.author) } ? .revoked : .archived
    }

    /// For each device in standing whose newest receipt was not handled yet: the changes this
    /// replica holds that it lacks and that no relay file present is known to hold, in one file.
    func catchUp(_ state: inout Folder, _ contents: inout [String: [String]], _ report: inout RelayReport, _ seen: inout Set<String>, standing: Set<String>, secret: [UInt8],
                 directory: URL, now: Date) throws {
        let inFolder = Set(contents.values.joined())
        var written = Set<String>()
        for (device, receipt) in state.receipts.sorted(by: { $0.key < $1.key }) where standing.contains(device) && state.caughtUp[device] != receipt.name {
            state.caughtUp[device] = receipt.name
            guard let holding = SummaryText.parse(receipt.holding) else { continue }
            let lacking = try self.replica.changes(missingFrom: holding).filter { !inFolder.contains($0.id.hex) && !written.contains($0.id.hex) }
            guard !lacking.isEmpty else { continue }
            let sealed = try ChangeBundle(collective: self.replica.collective, changes: lacking).sealed(secret: secret, padded: true)
            let name = RelayFileName.name(for: sealed)
            try Self.place(sealed, named: name, in: directory)
            seen.insert(name)
            state.mine.append(name)
            contents[name] = lacking.map { $0.id.hex }
            written.formUnion(lacking.map { $0.id.hex })
            report.caughtUp += lacking.count
            state.lastWrite = now.timeIntervalSince1970
        }
    }

    /// Leaves a new receipt when this replica holds more than its last one said, and removes
    /// the previous one.
    func leaveReceipt(_ state: inout Folder, _ report: inout RelayReport, holding: HistorySummary, secret: [UInt8], directory: URL, now: Date) throws {
        let text = SummaryText.render(holding)
        guard text != state.myHolding || state.myReceipt.map({ !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }) ?? true else { return }
        let millis = UInt64(max(0, min(now.timeIntervalSince1970 * 1000, 9.0e15)))
        state.receiptSequence = max(state.receiptSequence &+ 1, millis)
        let receipt = try RelayReceipt(collective: self.replica.collective, sequence: state.receiptSequence, holding: holding, signing: self.replica.identity)
        let sealed = try receipt.sealed(secret: secret)
        let name = RelayFileName.receiptName(for: sealed)
        try Self.place(sealed, named: name, in: directory)
        if let previous = state.myReceipt, previous != name { try? FileManager.default.removeItem(at: directory.appendingPathComponent(previous)) }
        state.myReceipt = name
        state.myHolding = text
        report.receiptWritten = true
    }

    /// Removes this device's relay files that every device in standing with a receipt here
    /// holds. Nothing is removed while no other device has left a receipt.
    func compact(_ state: inout Folder, _ contents: inout [String: [String]], _ report: inout RelayReport, _ seen: inout Set<String>, standing: Set<String>, directory: URL) {
        let readers = state.receipts.filter { standing.contains($0.key) }
        guard !readers.isEmpty, !state.mine.isEmpty else { return }
        var lacking = Set<String>()
        for receipt in readers.values {
            guard let holding = SummaryText.parse(receipt.holding), let missing = try? self.replica.changes(missingFrom: holding) else { return }
            lacking.formUnion(missing.map { $0.id.hex })
        }
        for name in state.mine {
            guard let ids = contents[name], ids.allSatisfy({ !lacking.contains($0) }) else { continue }
            guard (try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))) != nil else { continue }
            state.mine.removeAll { $0 == name }
            contents[name] = nil
            seen.remove(name)
            report.compacted += 1
        }
    }

    /// Reads and opens another device's receipt, or says why it is refused; nil while it is
    /// still arriving (read again next pass), as for relay files (§4).
    func readReceipt(_ file: URL, accepted: [[UInt8]], now: Date) -> Result<RelayReceipt, RelayRefusal>? {
        func refusal(_ reason: RelayRefusal.Reason, _ detail: String) -> Result<RelayReceipt, RelayRefusal> {
            .failure(RelayRefusal(file: file.lastPathComponent, reason: reason, detail: detail, at: 0))
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= RelayReceipt.maximumBytes else { return refusal(.tooLarge, "\(size) bytes, more than \(RelayReceipt.maximumBytes)") }
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }  // replaced meanwhile, or not readable yet
        let bytes = [UInt8](data)
        guard RelayFileName.receiptName(for: bytes) == file.lastPathComponent else {
            let modified = (attributes?[.modificationDate] as? Date) ?? now
            return now.timeIntervalSince(modified) < RelayLimits.settleSeconds ? nil : refusal(.damaged, "its bytes do not match its name")
        }
        do {
            guard try RelayReceipt.collective(of: bytes) == self.replica.collective else { return refusal(.foreign, "a receipt of another collective") }
            return .success(try RelayReceipt(opening: bytes, secrets: accepted))
        } catch BundleError.damaged {
            return refusal(.sealed, "it does not open with any secret this replica holds")
        } catch {
            return refusal(.notABundle, "\(error)")
        }
    }

    enum Reading {
        case changes([SignedChange])
        case refused(RelayRefusal.Reason, String)
        /// Not complete yet: read again next pass.
        case wait
    }

    /// Reads one relay file: refused by its size before it is read, by its name, its header
    /// and its seal before any change is looked at.
    func read(_ file: URL, name: String, accepted: [[UInt8]], now: Date) -> Reading {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= RelayLimits.maximumFileBytes else {
            return .refused(.tooLarge, "\(size) bytes, more than \(RelayLimits.maximumFileBytes)")
        }
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            bytes = [UInt8](try handle.read(upToCount: RelayLimits.maximumFileBytes + 1) ?? Data())
        } catch {
            return .wait  // gone, or not readable yet: the engine may still be placing it
        }
        guard bytes.count <= RelayLimits.maximumFileBytes else { return .refused(.tooLarge, "more than \(RelayLimits.maximumFileBytes) bytes") }
        guard RelayFileName.name(for: bytes) == name else {
            // An engine that writes in place shows a file before its last byte arrives.
            let modified = (attributes?[.modificationDate] as? Date) ?? now
            return now.timeIntervalSince(modified) < RelayLimits.settleSeconds
                ? .wait : .refused(.damaged, "its bytes do not match its name")
        }
        let header: ChangeBundle.Header
        do {
            header = try ChangeBundle.Header(of: bytes)
        } catch {
            return .refused(.notABundle, "\(error)")
        }
        guard header.collective == self.replica.collective else {
            return .refused(.foreign, "a bundle of collective \(header.collective.hex.prefix(8))")
        }
        for secret in accepted {
            if let bundle = try? ChangeBundle(opening: bytes, secret: secret) {
                return .changes(bundle.changes)
            }
        }
        return .refused(.sealed, "it does not open with any secret this replica holds")
    }

    /// Writes `bytes` as `name` in `directory` whole: under a name no reader takes for a
    /// relay file, then renamed, so an engine never carries a partial relay file.
    static func place(_ bytes: [UInt8], named name: String, in directory: URL) throws {
        let target = directory.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: target.path) { return }
        let temporary = directory.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw RelayError.unwritable(directory.path)
        }
        if rename(temporary.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw RelayError.unwritable(directory.path)
        }
    }

    private func update(_ body: (inout File) throws -> Void) throws -> File {
        do {
            return try self.lock.withLock { try JSONStateFile<File>(url: self.url).update(empty: File(), body) }
        } catch JSONStateFile<File>.Failure.damaged(let why) {
            throw RelayError.damagedState(self.url.path, why)
        } catch JSONStateFile<File>.Failure.unwritable {
            throw RelayError.unwritable(self.url.path)
        }
    }
}

/// Why a relay folder could not be used, in English and French; each says what to do.
public enum RelayError: Error, CustomStringConvertible, Equatable {
    case notAFolder(String)
    case replicaFolder(String)
    case tooMany
    case unknown(String)
    case unreadableFolder(String, String)
    case unwritable(String)
    case damagedState(String, String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is not a folder; create it (or the folder your sync engine shares) first"
        case .replicaFolder(let path): "\(path) is the replica itself; give a folder that your sync engine shares between members"
        case .tooMany: "this replica already uses \(RelayLimits.maximumFolders) relay folders; remove one with `entente relay remove DIR`"
        case .unknown(let path): "\(path) is not a relay folder of this replica; see `entente relay list`"
        case .unreadableFolder(let path, let why): "could not read the relay folder \(path) (\(why)); check that it is there and readable"
        case .unwritable(let path): "could not write in \(path); check that the folder exists and that you may write there"
        case .damagedState(let path, let why): "\(path) is damaged (\(why)); delete it: the next pass reads every relay file again"
        }
    }

    public var french: String {
        switch self {
        case .notAFolder(let path): "\(path) n'est pas un dossier ; créez-le d'abord (ou le dossier que votre outil de synchronisation partage)"
        case .replicaFolder(let path): "\(path) est le réplica lui-même ; donnez un dossier que votre outil de synchronisation partage entre membres"
        case .tooMany: "ce réplica utilise déjà \(RelayLimits.maximumFolders) dossiers relais ; retirez-en un avec `entente relay remove DOSSIER`"
        case .unknown(let path): "\(path) n'est pas un dossier relais de ce réplica ; voyez `entente relay list`"
        case .unreadableFolder(let path, let why): "impossible de lire le dossier relais \(path) (\(why)) ; vérifiez qu'il est là et lisible"
        case .unwritable(let path): "impossible d'écrire dans \(path) ; vérifiez que le dossier existe et que vous pouvez y écrire"
        case .damagedState(let path, let why): "\(path) est abîmé (\(why)) ; supprimez-le : le prochain passage relira chaque fichier relais"
        }
    }
}
