import Foundation

/// Captured files (malware downloads, uploads, dropped files) stored by content:
/// `DIR/artifacts/sha256/ab/abcdef…`. Every honeypot that keeps a file goes through here, so the same
/// sample captured by SSH, FTP and SMB is one file on disk.
///
/// Files are written read-only and never executable (mode 0440): Mitsu never runs what it captures, and
/// an operator who opens the folder should not be one double-click away from doing so.
public struct ArtifactStore: Sendable {
    public let root: String
    /// Largest file kept; a honeypot that receives more keeps this many bytes and reports the truncation.
    public let maxFileSize: Int

    public init(root: String, maxFileSize: Int = 32 << 20) {
        self.root = root
        self.maxFileSize = maxFileSize
    }

    public struct Stored: Sendable, Equatable {
        public var sha256: String
        public var md5: String
        public var size: Int
        /// Absolute path of the stored copy.
        public var path: String
        /// False when an identical file was already stored (a sample seen before).
        public var isNew: Bool
    }

    public func path(sha256: String) -> String {
        "\(root)/sha256/\(sha256.prefix(2))/\(sha256)"
    }

    /// Stores `bytes` (callers cap them first) and returns where they are. Writing goes through a
    /// temporary name and a rename, so a reader never sees half a file and two sessions storing the
    /// same sample at once both succeed.
    public func store(_ bytes: [UInt8]) throws -> Stored {
        let sha = Digests.sha256(bytes)
        let target = path(sha256: sha)
        let stored = Stored(sha256: sha, md5: Digests.md5(bytes), size: bytes.count, path: target, isNew: false)
        if FileManager.default.fileExists(atPath: target) { return stored }
        let dir = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temporary = "\(dir)/.\(sha).\(UInt32.random(in: 0...UInt32.max)).part"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                             attributes: [.posixPermissions: 0o440]) else {
            throw ArtifactStoreError.cannotWrite(temporary)
        }
        if rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw ArtifactStoreError.cannotWrite("\(target): \(String(cString: strerror(code)))")
        }
        var fresh = stored
        fresh.isNew = true
        return fresh
    }
}

public enum ArtifactStoreError: Error, CustomStringConvertible {
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .cannotWrite(let what): return "cannot store artifact \(what)"
        }
    }
}
