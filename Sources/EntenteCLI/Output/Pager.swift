import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Long output on a terminal goes through `$PAGER` (`less -FRX` when unset: it quits at once
/// when the text fits one screen); to a pipe, or when the pager is missing or fails to start,
/// it is printed as it is. Text is buffered and written in large pieces either way.
struct Pager {
    private var process: Process?
    private var pipe: Pipe?
    private var buffer = ""

    /// The pager command for `environment` on a terminal, or nil for plain output.
    static func command(environment: [String: String] = ProcessInfo.processInfo.environment, terminal: Bool = isatty(STDOUT_FILENO) == 1) -> String? {
        guard terminal else { return nil }
        let pager = environment["PAGER"]?.trimmingCharacters(in: .whitespaces) ?? "less -FRX"
        return pager.isEmpty || pager == "cat" ? nil : pager
    }

    static func start() -> Pager {
        var pager = Pager()
        guard let command = self.command() else { return pager }
        // A pager the reader quits early closes the pipe: no SIGPIPE death for that.
        signal(SIGPIPE, SIG_IGN)
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = pipe
        do {
            try process.run()
            pager.process = process
            pager.pipe = pipe
        } catch {
            return pager
        }
        return pager
    }

    /// Adds text: printed as it comes without a pager, kept for the pager otherwise.
    mutating func write(_ text: String) {
        self.buffer += text
        if self.process == nil, self.buffer.utf8.count > 1 << 16 {
            print(self.buffer, terminator: "")
            self.buffer = ""
        }
    }

    /// Hands the text to the pager and waits for it; if the shell could not run the pager (a
    /// missing program), prints the text plainly.
    mutating func finish() {
        guard let process = self.process, let pipe = self.pipe else {
            print(self.buffer, terminator: "")
            return
        }
        let written = (try? pipe.fileHandleForWriting.write(contentsOf: Data(self.buffer.utf8))) != nil
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        if !written && process.terminationStatus != 0 || process.terminationStatus == 126 || process.terminationStatus == 127 {
            print(self.buffer, terminator: "")
        }
    }
}
