import MitsuCore

extension Optional where Wrapped == ArtifactStore {
    /// Keeps `bytes` (cut at the store's size cap) and puts their hashes on `e`: what a request body, an
    /// uploaded file and a fetched URL all do. Without a store only the hashes are kept; a store that
    /// refuses the write leaves the SHA-256 of what was sent and says why in `message`.
    func keep(_ bytes: [UInt8], in e: inout Event) {
        guard let store = self else {
            e.sha256 = Digests.sha256(bytes)
            e.md5 = Digests.md5(bytes)
            return
        }
        do {
            let stored = try store.store(Array(bytes.prefix(store.maxFileSize)))
            e.sha256 = stored.sha256
            e.md5 = stored.md5
        } catch {
            e.sha256 = Digests.sha256(bytes)
            e.message = "not stored: \(error)"
        }
    }
}
