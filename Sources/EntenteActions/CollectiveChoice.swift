import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

/// Which collective of the person's home a command works on (`entente collectives`): the one
/// named with `--collective`, as people type it, else the current one.
public enum CollectiveChoice {
    /// The replica folder of the collective `query` names in `home`, or of the current one.
    /// A home with no collective yet gives its own folder (opening it says how to create one).
    public static func folder(_ query: String?, home: EntenteHome = .defaultLocation()) throws -> ReplicaFolder {
        let entries = home.entries()
        guard let query else {
            if let current = home.current(among: entries) { return current.folder }
            guard !entries.isEmpty else { return ReplicaFolder(home.url) }
            let names = entries.map(\.name).joined(separator: ", ")
            throw ActionError(Phrase(
                "you belong to \(entries.count) collectives (\(names)): name one with --collective NAME, or choose the one to use with `entente collectives use NAME`",
                fr: "vous faites partie de \(entries.count) collectifs (\(names)) : nommez-en un avec --collective NOM, ou choisissez celui à utiliser avec `entente collectives use NOM`"))
        }
        return try self.entry(query, in: entries).folder
    }

    /// The collective whose name `query` gives as people type it (case, accents, spaces), or
    /// the only one whose name starts so.
    public static func entry(_ query: String, in entries: [EntenteHome.Entry]) throws -> EntenteHome.Entry {
        let folded = NameMatching.fold(query)
        if let exact = entries.first(where: { NameMatching.fold($0.name) == folded || $0.key == query }) { return exact }
        let starting = entries.filter { NameMatching.fold($0.name).hasPrefix(folded) }
        if starting.count == 1, let only = starting.first { return only }
        let names = (starting.isEmpty ? entries : starting).map(\.name).joined(separator: ", ")
        if starting.isEmpty {
            throw ActionError(entries.isEmpty
                ? Phrase("you belong to no collective yet: found one with `entente init --collective NAME --name ME`, or join one with `entente join CODE`",
                         fr: "vous ne faites encore partie d'aucun collectif : fondez-en un avec `entente init --collective NOM --name MOI`, ou rejoignez-en un avec `entente join CODE`")
                : Phrase("no collective of yours is called '\(query)' (yours: \(names))",
                         fr: "aucun de vos collectifs ne s'appelle « \(query) » (les vôtres : \(names))"))
        }
        throw ActionError(Phrase("'\(query)' could be several collectives (\(names)): type more of its name",
                                 fr: "« \(query) » peut désigner plusieurs collectifs (\(names)) : tapez-en davantage"))
    }
}

/// The person's home: making a collective the current one, leaving one, adopting a replica
/// just made in it (`entente collectives`, `init`, `join`).
extension CollectiveChoice {
    /// Makes the replica in `folder`, just created in `home`, the current collective; its name
    /// and how many collectives the home now holds, or nil when it is not one of the home's.
    public static func adopt(_ folder: ReplicaFolder, home: EntenteHome) -> (name: String, count: Int)? {
        guard let entry = home.entries().first(where: { $0.folder.url == folder.url }), (try? home.use(entry)) != nil else { return nil }
        return (entry.name, home.entries().count)
    }

    /// Makes the collective `query` names (as people type it) the current one.
    /// - Throws: ``ActionError`` when `query` names none or several of the home's collectives.
    @discardableResult
    public static func use(_ query: String, home: EntenteHome = .defaultLocation()) throws -> EntenteHome.Entry {
        let entry = try self.entry(query, in: home.entries())
        try home.use(entry)
        return entry
    }

    /// Removes the collective `query` names from the home: its replica is moved to the home's
    /// `left` folder, nothing is deleted. Returns the collective and where its replica is now.
    /// - Throws: ``ActionError`` when `query` names none or several collectives, or when
    ///   `entente serve` is running on it (stop it first).
    public static func leave(_ query: String, home: EntenteHome = .defaultLocation()) throws -> (entry: EntenteHome.Entry, kept: URL) {
        let entry = try self.entry(query, in: home.entries())
        if ServeState.isServing(entry.folder) {
            throw ActionError(Phrase("`entente serve` is running on \(entry.name): stop it first",
                                     fr: "`entente serve` tourne sur \(entry.name) : arrêtez-le d'abord"))
        }
        return (entry, try home.leave(entry))
    }
}

/// A collective of the person's home, summarised: as `entente collectives list --json` gives it.
public struct HomeCollective: Encodable, Sendable {
    public var name: String
    /// The collective's id (empty when its replica cannot be read).
    public var collective: String
    public var folder: String
    /// Whether it is the current collective.
    public var current: Bool
    /// The name this device signs as in it.
    public var me: String?
    /// Its members who have not left.
    public var members: Int
    /// How many items need attention in it; -1 when its replica cannot be read.
    public var attention: Int

    /// Whether its replica could be read.
    public var isReadable: Bool { self.attention >= 0 }
}

extension CollectiveChoice {
    /// Each collective of `home` summarised, in the home's order (an unreadable one too, with
    /// no id, members or attention count); `attention` counts what needs attention in one.
    public static func collectives(in home: EntenteHome = .defaultLocation(),
                                   attention: (Workspace) throws -> Int) -> (collectives: [HomeCollective], current: EntenteHome.Entry?) {
        let entries = home.entries()
        let current = home.current(among: entries)
        return (entries.map { entry in
            self.summary(entry, current: entry == current, attention: attention)
                ?? HomeCollective(name: entry.name, collective: "", folder: entry.folder.url.path, current: entry == current, me: nil, members: 0, attention: -1)
        }, current)
    }

    /// `entry` summarised by opening its replica; nil when it cannot be read.
    public static func summary(_ entry: EntenteHome.Entry, current: Bool = false, attention: (Workspace) throws -> Int) -> HomeCollective? {
        guard let replica = try? Replica.open(entry.folder), let workspace = try? Workspace(replica),
              let count = try? attention(workspace) else { return nil }
        return HomeCollective(name: entry.name, collective: replica.collective.hex, folder: entry.folder.url.path, current: current,
                              me: workspace.directory.member(for: replica.author)?.name,
                              members: workspace.directory.members.filter(\.isActive).count, attention: count)
    }
}
