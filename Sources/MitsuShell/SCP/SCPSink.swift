import MitsuCore

/// The receiving end of the classic SCP protocol (`scp -t TARGET`, what `scp -O` and older clients run
/// over exec): control lines C/D/E/T, each file's bytes stored into the session filesystem and, by
/// SHA-256, into the artifact store (`file.upload`). OpenSSH 9's scp uses SFTP instead, served by
/// `SFTPServer`.
final class SCPSink {
    let session: Session
    let target: String
    let recursive: Bool
    private var reader: InputReader
    private var directories: [String] = []

    static let maxLine = 4096

    /// `scp -t [-r] [-p] [-d] [-v] TARGET` as sshd would exec it; nil for any other command.
    static func parse(_ command: String) -> (target: String, recursive: Bool)? {
        let words = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.first == "scp", words.contains("-t") || words.contains(where: { $0.hasPrefix("-") && $0.contains("t") }) else {
            return nil
        }
        let options = words.dropFirst().filter { $0.hasPrefix("-") }
        guard options.contains(where: { $0.contains("t") }), !options.contains(where: { $0.contains("f") }) else { return nil }
        let target = words.dropFirst().last(where: { !$0.hasPrefix("-") }) ?? "."
        return (target, options.contains { $0.contains("r") })
    }

    init(session: Session, target: String, recursive: Bool, input: AsyncStream<ShellInput>) {
        self.session = session
        self.target = FSPath.normalize(target, cwd: session.home)
        self.recursive = recursive
        self.reader = InputReader(input)
    }

    func run() async -> Int {
        var e = session.event(.commandInput)
        e.input = "scp -t \(target)"
        session.io.emit(e)
        ack()
        while let line = await reader.line(max: Self.maxLine) {
            guard let kind = line.first else { return 1 }
            switch kind {
            case "C":
                guard await receiveFile(line) else { return 1 }
            case "D":
                guard recursive, let (_, _, name) = Self.header(line), Self.isPlainName(name) else { return fail("protocol error: unexpected <newline>") }
                let dir = FSPath.join(directories.last ?? target, name)
                _ = session.fs.mkdir(dir, parents: false, mtime: session.now)
                directories.append(dir)
                ack()
            case "E":
                _ = directories.popLast()
                ack()
            case "T":
                ack()
            default:
                return fail("protocol error: unexpected <newline>")
            }
        }
        return 0
    }

    /// `C0644 12345 name`: then exactly size bytes and a 0 byte from the client.
    private func receiveFile(_ line: String) async -> Bool {
        guard let (mode, size, name) = Self.header(line), Self.isPlainName(name) else {
            _ = fail("protocol error: bad mode")
            return false
        }
        guard size <= SFTPServer.maxFileBytes else {
            _ = fail("\(name): No space left on device")
            return false
        }
        ack()
        guard let bytes = await reader.bytes(size), await reader.bytes(1) != nil else { return false }
        let base = directories.last ?? target
        let path = session.fs.isDirectory(base) ? FSPath.join(base, name) : base
        if let error = session.fs.write(path, bytes, mtime: session.now) {
            _ = fail("\(path): \(error.text)")
            return false
        }
        _ = session.fs.setNode(path) { $0.mode = mode & 0o7777 }
        session.recordUpload(path: path, bytes: bytes)
        ack()
        return true
    }

    static func header(_ line: String) -> (mode: Int, size: Int, name: String)? {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let mode = Int(parts[0], radix: 8), let size = Int(parts[1]), size >= 0 else { return nil }
        return (mode, size, String(parts[2]))
    }

    /// scp refuses names with a slash or that are `.`/`..`; so does the sink.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".."
    }

    private func ack() { session.io.write([0]) }

    private func fail(_ message: String) -> Int {
        session.io.write([2] + Array("scp: \(message)\n".utf8))
        return 1
    }
}

/// Reads lines and exact byte counts from a session's input stream.
struct InputReader {
    private var iterator: AsyncStream<ShellInput>.Iterator
    private var buffer: [UInt8] = []

    init(_ input: AsyncStream<ShellInput>) { iterator = input.makeAsyncIterator() }

    private mutating func fill() async -> Bool {
        while true {
            guard let item = await iterator.next() else { return false }
            if case .bytes(let b) = item, !b.isEmpty {
                buffer += b
                return true
            }
        }
    }

    mutating func line(max: Int) async -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            guard buffer.count <= max, await fill() else { return nil }
        }
    }

    mutating func bytes(_ n: Int) async -> [UInt8]? {
        while buffer.count < n { guard await fill() else { return nil } }
        let out = Array(buffer.prefix(n))
        buffer.removeFirst(n)
        return out
    }
}
