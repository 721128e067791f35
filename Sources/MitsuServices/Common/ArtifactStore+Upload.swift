import MitsuCore

extension ArtifactStore {
    /// The storage closure services use: store by SHA-256, nil when the disk refuses (the session then
    /// answers with its protocol's write error).
    public var uploadStorage: UploadStorage {
        let store = self
        return { bytes in
            guard let s = try? store.store(Array(bytes.prefix(store.maxFileSize))) else { return nil }
            return StoredUpload(sha256: s.sha256, md5: s.md5, size: s.size)
        }
    }
}
