import MitsuCore

extension Session {
    /// A file that arrived through SFTP or the SCP sink: stored by SHA-256, reported as `file.upload`.
    func recordUpload(path: String, bytes: [UInt8]) {
        var e = event(.fileUpload)
        e.filename = path
        e.size = Int64(bytes.count)
        storeArtifact(bytes, in: &e)
        io.emit(e)
    }

    /// Stores captured bytes by SHA-256 (when the host has an artifact store) and puts the digests on the
    /// event; without a store the digests are still reported. One path for created, downloaded and
    /// uploaded files.
    func storeArtifact(_ bytes: [UInt8], in e: inout Event) {
        if let store = host.artifacts, let stored = try? store.store(bytes) {
            e.sha256 = stored.sha256
            e.md5 = stored.md5
        } else {
            e.sha256 = Digests.sha256(bytes)
            e.md5 = Digests.md5(bytes)
        }
    }

    /// Bytes a subsystem could not accept: logged, and the caller ends the session.
    func protocolError(_ why: String) {
        var e = event(.protocolError)
        e.message = why
        io.emit(e)
    }
}
