import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens the board without putting its token on any command line (issue "Hold up, second
/// round", item 6): `ps` shows every process's arguments to every local user, so the browser
/// is given a file, readable by its owner only, that sends it on to the address with the
/// token, as Jupyter does. The file is removed when the board stops.
struct BoardOpener {
    /// `board-open.html` in the replica folder.
    let file: URL

    init(folder: URL) {
        self.file = folder.appendingPathComponent("board-open.html")
    }

    /// The page that redirects to `url`: the token is in the file, not in the arguments.
    static func page(_ url: String) -> String {
        let escaped = url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=\(escaped)">
            <title>Entente</title></head>
            <body><p><a href="\(escaped)">Entente</a></p></body></html>

            """
    }

    /// Writes the page (mode 600, created afresh: never through a link someone else left)
    /// and asks the desktop to open it.
    func open(_ url: String) {
        do {
            try self.write(Self.page(url))
        } catch {
            FileHandle.standardError.write(Data(tr("could not prepare the page to open (\(error)); open the address above yourself\n",
                                                   "impossible de préparer la page à ouvrir (\(error)) ; ouvrez vous-même l'adresse ci-dessus\n").utf8))
            return
        }
        let process = Process()
        #if os(macOS)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
        process.arguments = [self.file.absoluteString]
        #else
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", self.file.absoluteString]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data(tr("could not open a browser (\(error.localizedDescription)); open the address above yourself\n",
                                                   "impossible d'ouvrir un navigateur (\(error.localizedDescription)) ; ouvrez vous-même l'adresse ci-dessus\n").utf8))
        }
    }

    func write(_ text: String) throws {
        unlink(self.file.path)
        let descriptor = Glibc.open(self.file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func remove() { unlink(self.file.path) }
}
