import ArgumentParser
import Foundation
import MitsuCore
import MitsuShell

extension Bench {
    /// bench/shell: command lines per second through the fake host's interpreter over the bot corpus (each
    /// line an exec request, as `ssh host 'line'` runs it: a fresh session, parse, run), and memory per
    /// live interactive session. No pacing (the real host's pauses are not interpreter cost), no network.
    struct Shell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "MitsuShell interpreter throughput and memory per session.")

        @Option(name: .long, help: "Command lines, one per line, # comments skipped.") var corpus: String
        @Option(name: .long, help: "Passes over the corpus.") var rounds: Int = 20
        @Option(name: .long, help: "Interactive sessions held open for the memory figure.") var sessions: Int = 1_000

        func run() async throws {
            let lines = try String(contentsOfFile: corpus, encoding: .utf8).split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let host = MitsuHost(dataDirectory: nil, artifacts: nil, pacing: NoPacing())
            let io = CountingIO()
            for line in lines { _ = await host.run(request(line, terminal: false), input: closed(), io: io) }  // warm-up
            let start = Date()
            for _ in 0..<rounds {
                for line in lines { _ = await host.run(request(line, terminal: false), input: closed(), io: io) }
            }
            var seconds = Date().timeIntervalSince(start)
            let total = lines.count * rounds
            print(String(format: "exec sessions (ssh host 'LINE', stdin closed): %d lines x %d rounds in %.2f s: %.0f lines/s (%.1f µs/line), %d output bytes, %d events",
                         lines.count, rounds, seconds, Double(total) / seconds, seconds / Double(total) * 1e6, io.bytes, io.events))
            // The interpreter alone: the same lines as a stdin script (`ssh -T`), one fresh session each, no stdin wait.
            let start2 = Date()
            for _ in 0..<rounds {
                for line in lines { _ = await host.run(request(nil, terminal: false), input: script(line), io: io) }
            }
            seconds = Date().timeIntervalSince(start2)
            print(String(format: "interpreter (session + parse + run per line): %.0f lines/s (%.1f µs/line)",
                         Double(total) / seconds, seconds / Double(total) * 1e6))

            // Memory: sessions logged in, a few typical commands run, then left open at the prompt.
            let before = Self.rssKiB()
            var continuations: [AsyncStream<ShellInput>.Continuation] = []
            var tasks: [Task<Int32, Never>] = []
            let typed = Array("cd /tmp; echo x > f; ls -la /; uname -a; cat /proc/cpuinfo | grep name | head -1\r".utf8)
            let prompts = CountingIO()
            for _ in 0..<sessions {
                let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
                continuation.yield(.bytes(typed))
                continuations.append(continuation)
                let r = request(nil, terminal: true)
                tasks.append(Task { Int32(await host.run(r, input: stream, io: prompts)) })
            }
            // Each session has answered once it has printed its second prompt.
            while prompts.prompts < 2 * sessions { try await Task.sleep(nanoseconds: 20_000_000) }
            let after = Self.rssKiB()
            print(String(format: "sessions: %d live interactive sessions: RSS %d → %d KiB, %.1f KiB per session",
                         sessions, before, after, Double(after - before) / Double(max(1, sessions))))
            for c in continuations { c.finish() }
            for t in tasks { _ = await t.value }
        }

        private func request(_ command: String?, terminal: Bool) -> ShellRequest {
            ShellRequest(command: command, terminal: terminal ? TerminalInfo(term: "xterm", columns: 80, rows: 24) : nil,
                         username: "root", honeypot: "ssh", session: SessionID.next(),
                         endpoints: Endpoints(srcIP: "198.51.100.7", srcPort: 50_000, destIP: "192.0.2.10", destPort: 22))
        }

        private func script(_ line: String) -> AsyncStream<ShellInput> {
            let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
            continuation.yield(.bytes(Array((line + "\n").utf8)))
            continuation.finish()
            return stream
        }

        private func closed() -> AsyncStream<ShellInput> {
            let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
            continuation.finish()
            return stream
        }

        static func rssKiB() -> Int {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
            for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
                return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            }
            return 0
        }
    }
}

/// Output and events counted, not kept.
private final class CountingIO: ShellIO, @unchecked Sendable {
    private let lock = Lock()
    private var _bytes = 0
    private var _events = 0
    private var _prompts = 0

    func write(_ bytes: [UInt8]) {
        // A prompt write ends with "# " (root's prompt), so sessions at the prompt can be counted.
        let prompt = bytes.count >= 2 && bytes[bytes.count - 2] == 0x23 && bytes[bytes.count - 1] == 0x20
        lock.withLock {
            _bytes += bytes.count
            if prompt { _prompts += 1 }
        }
    }

    func writeError(_ bytes: [UInt8]) { lock.withLock { _bytes += bytes.count } }
    func emit(_ event: Event) { lock.withLock { _events += 1 } }

    var bytes: Int { lock.withLock { _bytes } }
    var events: Int { lock.withLock { _events } }
    var prompts: Int { lock.withLock { _prompts } }
}
