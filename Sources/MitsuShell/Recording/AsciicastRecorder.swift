import Foundation
import MitsuCore

/// One session's terminal recording in asciicast v2 (the asciinema format): a JSON header line, then
/// `[seconds, "o"|"i", "text"]` lines for output and input, timed from the session's start. Written to
/// `DIR/tty/SESSION.cast` as the session runs, so a crash keeps what was recorded; capped in size.
final class AsciicastRecorder: @unchecked Sendable {
    private let lock = Lock()
    private let handle: FileHandle?
    private let started = ContinuousClock.now
    private var written = 0
    let path: String
    /// Beyond this a recording stops growing (the session's own byte cap is of the same order).
    static let maxBytes = 8 << 20

    init?(directory: String, request: ShellRequest) {
        let fm = FileManager.default
        guard (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return nil }
        var path = "\(directory)/\(request.session).cast"
        var n = 2
        while fm.fileExists(atPath: path), n < 100 {
            path = "\(directory)/\(request.session)-\(n).cast"
            n += 1
        }
        guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]),
              let handle = FileHandle(forWritingAtPath: path) else { return nil }
        self.path = path
        self.handle = handle
        let terminal = request.terminal
        var header = JSONWriter()
        header.beginObject()
        header.field("version", 2)
        header.field("width", terminal?.columns ?? 80)
        header.field("height", terminal?.rows ?? 24)
        header.field("timestamp", Int(Date().timeIntervalSince1970))
        header.field("title", request.command.map { "\(request.username): \($0)" }
                     ?? "\(request.username)@\(request.honeypot) \(request.endpoints.srcIP)")
        header.field("env", ["TERM": terminal?.term ?? "", "SHELL": "/bin/bash"])
        header.endObject()
        append(header.bytes + [0x0A])
    }

    func output(_ bytes: [UInt8]) { record("o", bytes) }
    func input(_ bytes: [UInt8]) { record("i", bytes) }

    func close() {
        lock.withLock { try? handle?.close() }
    }

    private func record(_ kind: String, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // [time, "o", "text"]: bytes that are not UTF-8 are shown as U+FFFD, as terminals show them.
        var line = JSONWriter(capacity: bytes.count + 32)
        line.appendRaw(Array("[\((seconds * 1_000_000).rounded() / 1_000_000), \"\(kind)\", ".utf8))
        line.appendString(String(decoding: bytes, as: UTF8.self))
        line.appendRaw([UInt8(ascii: "]"), 0x0A])
        append(line.bytes)
    }

    private func append(_ bytes: [UInt8]) {
        lock.withLock {
            guard written < AsciicastRecorder.maxBytes, let handle else { return }
            let data = Data(bytes)
            written += data.count
            handle.write(data)
        }
    }
}

/// `ShellIO` that records what the client sees before passing it on.
struct RecordingIO: ShellIO {
    let base: any ShellIO
    let recorder: AsciicastRecorder
    /// With a pty, the client sees "\r\n" where the shell wrote "\n" (the front end's ONLCR); the
    /// recording shows the same.
    let terminal: Bool

    func write(_ bytes: [UInt8]) {
        recorder.output(terminal ? ShellDelivery.terminalBytes(bytes) : bytes)
        base.write(bytes)
    }

    func writeError(_ bytes: [UInt8]) {
        recorder.output(terminal ? ShellDelivery.terminalBytes(bytes) : bytes)
        base.writeError(bytes)
    }

    func emit(_ event: Event) { base.emit(event) }
}

extension AsyncStream where Element == ShellInput {
    /// The same input, each chunk of client bytes recorded on its way to the shell. A forwarding task
    /// keeps the single-consumer iteration of the original stream in one place.
    func recorded(by recorder: AsciicastRecorder) -> AsyncStream<ShellInput> {
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        let forward = Task {
            for await item in self {
                if case .bytes(let b) = item { recorder.input(b) }
                continuation.yield(item)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in forward.cancel() }
        return stream
    }
}
