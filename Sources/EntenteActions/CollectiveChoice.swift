import EntenteCore
import EntenteStore
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
