import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libFuzzer target: a name, what it feeds, and the function that takes one input.
struct FuzzTarget: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([UInt8]) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "change", summary: "signed and unsigned changes, values (CHANGES.md §2–§4)", run: DecoderTargets.change),
        FuzzTarget(name: "bundle", summary: "bundle files, and bodies sealed with the secret (CHANGES.md §7)", run: DecoderTargets.bundle),
        FuzzTarget(name: "text-operation", summary: "text operations, applied to a document (TEXT.md)", run: DecoderTargets.textOperation),
        FuzzTarget(name: "text-state", summary: "stored text states, then a local edit (TEXT.md)", run: DecoderTargets.textState),
        FuzzTarget(name: "sync-message", summary: "sync messages (SYNC.md, Messages)", run: DecoderTargets.syncMessage),
        FuzzTarget(name: "handshake-payload", summary: "identity and join payloads (HANDSHAKE.md §4.4)", run: DecoderTargets.handshakePayload),
        FuzzTarget(name: "invite-code", summary: "invite codes, text and binary (SYNC.md, Invite codes)", run: DecoderTargets.inviteCode),
        FuzzTarget(name: "discovery-packet", summary: "discovery datagrams, raw and tagged (DISCOVERY.md)", run: DecoderTargets.discoveryPacket),
        FuzzTarget(name: "relay-receipt", summary: "relay receipts, and bodies sealed with the secret (RELAY.md §7)", run: DecoderTargets.relayReceipt),
        FuzzTarget(name: "record-proofs", summary: "presence proofs and sealed secrets in records (VISION.md)", run: DecoderTargets.recordProofs),
        FuzzTarget(name: "form-body", summary: "form bodies any web page can post to the board (Sources/EntenteForm)", run: DecoderTargets.formBody),
        FuzzTarget(name: "noise-frames", summary: "the 2-byte length framing, fed in pieces (HANDSHAKE.md §7)", run: NoiseTargets.frames),
        FuzzTarget(name: "noise-record", summary: "the record layer against a model (HANDSHAKE.md §8)", run: NoiseTargets.record),
        FuzzTarget(name: "session", summary: "a responder SyncSession: handshake bytes, then steps after a fixed handshake", run: SessionTarget.run),
        FuzzTarget(name: "merge", summary: "validly signed adversarial changes into Merge.receive", run: MergeTarget.run),
    ]

    static func named(_ name: String) -> FuzzTarget? { self.all.first { $0.name == name } }

    static var usage: String {
        let names = self.all.map { "  \($0.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n")
        return """
            usage: EntenteFuzz TARGET [libFuzzer flags and corpus directories]   (built with scripts/fuzz.sh)
                   EntenteFuzz TARGET FILE-OR-DIRECTORY...                        (a normal build: replays inputs)
                   EntenteFuzz --seeds DIRECTORY                                  (writes every target's seed corpus)
                   EntenteFuzz --list
            targets:
            \(names)
            """
    }
}

/// The target the fuzzer drives: chosen by the first argument before libFuzzer starts.
/// Written once before the first input, then only read by libFuzzer's one thread of inputs:
/// nothing races it, and a C entry point cannot be isolated to an actor the compiler sees.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func ententeFuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let target = selectedTarget else { return 0 }
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    target.run(bytes)
    return 0
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

#if ENTENTE_FUZZ
// libFuzzer's own driver, from the runtime `-sanitize=fuzzer` links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The entry point SwiftPM links as `main`: picks the target named by the first argument,
/// removes it from the arguments and hands the rest to libFuzzer.
@_cdecl("EntenteFuzz_main")
func ententeFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let arguments = (0..<Int(argc)).map { argv[$0].map { String(cString: $0) } ?? "" }
    guard arguments.count >= 2, let target = FuzzTargets.named(arguments[1]) else {
        if arguments.count >= 2, arguments[1] == "--list" {
            for target in FuzzTargets.all { print(target.name) }
            return 0
        }
        printError(FuzzTargets.usage)
        return 2
    }
    selectedTarget = target
    // Warm the fixtures (fixed handshakes, signed bases) before libFuzzer starts timing.
    target.run([])
    var count = argc - 1
    var rest = argv.advanced(by: 1)
    rest[0] = argv[0]
    return LLVMFuzzerRunDriver(&count, &rest) { start, size in ententeFuzzTestOneInput(start, size) }
}
#else
/// Without the fuzzer: replays saved inputs through a target (a crash reproduces as a crash
/// of this process), lists the targets, or writes the seed corpus.
@main
struct EntenteFuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--list" {
            for target in FuzzTargets.all { print(target.name) }
            return
        }
        if arguments.first == "--seeds", arguments.count == 2 {
            do {
                let written = try FuzzSeeds.write(to: arguments[1])
                print("wrote \(written) seed files under \(arguments[1])")
            } catch {
                printError("writing the seeds failed: \(error)")
                exit(1)
            }
            return
        }
        guard arguments.count >= 2, let target = FuzzTargets.named(arguments[0]) else {
            printError(FuzzTargets.usage)
            exit(2)
        }
        var replayed = 0
        for path in arguments.dropFirst() {
            for file in FuzzFiles.inputs(at: path) {
                guard let bytes = FuzzFiles.read(file) else {
                    printError("cannot read \(file)")
                    exit(1)
                }
                target.run(bytes)
                replayed += 1
            }
        }
        print("\(target.name): replayed \(replayed) inputs, no crash")
    }
}
#endif
