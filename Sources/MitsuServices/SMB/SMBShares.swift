/// The files a session has open on its shares. Nothing is read from or written to disk here: writes
/// collect in memory (bounded) and a file that received data is handed to the upload storage when it
/// is closed, or when the connection ends with it still open.
struct SMBOpenFiles {
    struct OpenFile {
        var share: String
        var name: String
        var isPipe: Bool
        var data: [UInt8] = []
        var written = false
        var truncated = false
    }

    private(set) var files: [[UInt8]: OpenFile] = [:]
    private var nextVolatile: UInt64 = 1
    let maxFileBytes: Int
    let maxOpen = 256

    init(maxFileBytes: Int) { self.maxFileBytes = maxFileBytes }

    /// A new 16-byte FileId (persistent + volatile halves, as Windows hands them out), nil at the cap.
    mutating func open(share: String, name: String, isPipe: Bool) -> [UInt8]? {
        guard files.count < maxOpen else { return nil }
        var id: [UInt8] = []
        id.appendLE64(Int(truncatingIfNeeded: nextVolatile &* 0x1_0000_0005))
        id.appendLE64(Int(truncatingIfNeeded: nextVolatile | 0x0000_0400_0000_0000))
        nextVolatile &+= 1
        files[id] = OpenFile(share: share, name: name, isPipe: isPipe)
        return id
    }

    func file(_ id: [UInt8]) -> OpenFile? { files[id] }

    /// Places `bytes` at `offset`; beyond the cap the file is kept truncated. Returns false for an unknown id.
    mutating func write(_ id: [UInt8], offset: UInt64, bytes: [UInt8]) -> Bool {
        guard var f = files[id] else { return false }
        f.written = true
        let start = Int(min(offset, UInt64(maxFileBytes)))
        let room = max(0, maxFileBytes - start)
        if bytes.count > room { f.truncated = true }
        let kept = bytes.prefix(room)
        if !kept.isEmpty {
            if f.data.count < start { f.data += [UInt8](repeating: 0, count: start - f.data.count) }
            let end = start + kept.count
            if f.data.count < end { f.data += [UInt8](repeating: 0, count: end - f.data.count) }
            f.data.replaceSubrange(start..<end, with: kept)
        }
        files[id] = f
        return true
    }

    mutating func close(_ id: [UInt8]) -> OpenFile? { files.removeValue(forKey: id) }

    mutating func closeAll() -> [OpenFile] {
        defer { files = [:] }
        return Array(files.values)
    }

    /// The name an event records: share and path, control characters replaced, bounded.
    static func displayName(share: String, path: String) -> String {
        let clean = String(String.UnicodeScalarView(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "_" : $0 }))
        return String((share + "\\" + clean).prefix(512))
    }
}
