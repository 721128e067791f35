import MitsuCore

extension Session {
    /// Asks the fetcher for `url`; on success stores the bytes (artifacts/, `file.download`) and, when
    /// `savePath` is given, writes them into the session filesystem where the command would have.
    func download(_ url: String, tool: String, savePath: String?) async -> FetchOutcome {
        await host.pacing.pause(milliseconds: Int.random(in: 40...120))
        let outcome = await host.fetcher.fetch(FetchRequest(url: url, tool: tool, session: request.session))
        guard case .fetched(let bytes) = outcome else {
            var failed = event(.fileDownloadFailed)
            failed.url = url
            failed.filename = savePath
            failed.input = currentLine
            if case .failed(let why) = outcome { failed.message = Self.describe(why) }
            io.emit(failed)
            return outcome
        }
        var e = event(.fileDownload)
        e.url = url
        e.filename = savePath
        e.size = Int64(bytes.count)
        e.input = currentLine
        storeArtifact(bytes, in: &e)
        io.emit(e)
        if let savePath { _ = fs.write(savePath, bytes, mtime: now) }
        return outcome
    }

    static func describe(_ failure: FetchFailure) -> String {
        switch failure {
        case .unresolved: return "unresolved"
        case .refused: return "refused"
        case .timedOut: return "timed out"
        case .httpStatus(let code, let reason): return "HTTP \(code) \(reason)"
        }
    }
}
